import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchElectronOrBrowser, resolveElectron } from './launch.ts';

describe('electron launcher', () => {
  it('uses ELECTRON_OVERRIDE_DIST_PATH when it holds an electron executable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aisle-electron-'));
    try {
      await writeFile(join(dir, 'electron'), '#!/bin/sh\n');
      await chmod(join(dir, 'electron'), 0o755);
      expect(resolveElectron({ env: { ELECTRON_OVERRIDE_DIST_PATH: dir } })).toEqual({ mode: 'electron', binary: join(dir, 'electron'), via: 'override' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers browser mode, with the reason, for an empty override', () => {
    const r = resolveElectron({ env: { ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent' } });
    expect(r).toEqual({ mode: 'browser', reason: expect.stringContaining('holds no Electron executable') as string });
  });

  it('answers browser mode instead of throwing when the binary cannot be had (no download here)', async () => {
    const r = await launchElectronOrBrowser({ serverUrl: 'http://127.0.0.1:8787', resolve: { env: {}, download: false } });
    expect(r.mode).toBe('browser');
  });

  it('answers browser mode when the download fails (no network on this machine)', () => {
    const r = resolveElectron({ env: { PATH: process.env.PATH ?? '' }, downloadTimeoutMs: 60_000 });
    // On a machine with internet and Electron downloaded this is 'electron'; either way it is an answer.
    if (r.mode === 'browser') expect(r.reason).toMatch(/Electron binary unavailable|not downloaded|not installed/);
    else expect(r.binary).toMatch(/electron/i);
  }, 90_000);
});
