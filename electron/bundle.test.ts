// The bundles Electron actually loads (dist-electron/main.cjs, preload.cjs), built and run under
// plain Node with a stand-in `electron`: the main process opens its window and registers its IPC,
// and the sandboxed preload requires nothing but `electron` (a sandboxed preload cannot).
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { invokeChannelNames } from '../shared/ipc-channels.ts';
import { buildElectronBundles } from './build-electron.ts';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');

describe('electron bundles', () => {
  it('main opens the till window with security defaults; preload exposes the bridges and requires only electron', async () => {
    const out = await mkdtemp(join(tmpdir(), 'aisle-dist-electron-'));
    try {
      const { main, preload } = await buildElectronBundles(root, out);
      const stdout = execFileSync(process.execPath, [join(root, 'electron/main/testing/bundle-smoke.mjs'), main, preload], { encoding: 'utf8', timeout: 20_000 });
      // The main process logs a line or two ("auto-update off …"); the report is the last line.
      const report = JSON.parse(stdout.slice(stdout.lastIndexOf('\n') + 1)) as { windows: Record<string, unknown>[]; loaded: string[]; handlers: string[]; exposed: [string, string[]][]; requires: string[] };
      expect(report.loaded).toEqual(['http://127.0.0.1:8787/till']);
      expect((report as { schemes?: string[] }).schemes).toEqual(['aisle-settings']);
      expect(report.windows[0]).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: join(out, 'preload.cjs') });
      expect(report.handlers).toEqual(expect.arrayContaining([...invokeChannelNames, 'settings:get', 'settings:save', 'shell:hello']));
      expect(report.exposed.map(([k]) => k)).toEqual(['aisleDevices', 'aisleShell']);
      expect([...new Set(report.requires)]).toEqual(['electron']);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
