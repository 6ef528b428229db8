// The shell's own settings page (issue 14 point 9), built as the shell ships it and run in
// Chromium against the real settings validation: it shows the stored settings, refuses a LAN
// server over plain http with the shell's message, and saves https + a pinned certificate while
// keeping the settings it does not edit (printers).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectronBundles } from '../../electron/build-electron.ts';
import { DEFAULT_SETTINGS, parseSettings, SettingsError } from '../../electron/settings/settings-schema.ts';
import type { DeviceSettings, Result } from '../../shared/device-bridge.ts';
import { launchChromium } from '../support/browser.ts';

describe('the shell settings page', () => {
  let out: string;
  let server: Server;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'aisle-settings-page-'));
    const { settingsPage } = await buildElectronBundles(join(import.meta.dirname, '..', '..'), out);
    server = createServer((req, res) => {
      const file = req.url === '/settings-page.js' ? 'settings-page.js' : 'settings.html';
      res.setHeader('content-type', file.endsWith('.js') ? 'text/javascript' : 'text/html');
      res.end(readFileSync(join(settingsPage, file)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/settings.html`;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('shows the settings, refuses plain http to another machine with the fix, and saves https with a pinned certificate', async () => {
    const stored: DeviceSettings = { ...DEFAULT_SETTINGS, printers: [{ id: 'p1', name: 'Front', url: 'tcp://10.0.0.9:9100', columns: 42, drawer: { pin: 2, onMs: 50, offMs: 500 }, status: true }], defaultPrinterId: 'p1' };
    const saved: DeviceSettings[] = [];
    const page = await browser.newPage();
    // The settings window's preload, with the shell's real validation behind it.
    await page.exposeFunction('__aisleSave', (next: DeviceSettings): Result<DeviceSettings> => {
      try {
        const valid = parseSettings(next);
        saved.push(valid);
        return { ok: true, value: valid };
      } catch (e) {
        if (e instanceof SettingsError) return { ok: false, error: { code: 'bad-request', message: e.message } };
        throw e;
      }
    });
    await page.addInitScript((initial) => {
      const w = window as unknown as { aisleSettings: unknown; __aisleSave: (s: unknown) => Promise<unknown> };
      w.aisleSettings = { getSettings: async () => ({ ok: true, value: initial }), saveSettings: (s: unknown) => w.__aisleSave(s) };
    }, stored);
    await page.goto(url);
    await expect.poll(() => page.getByLabel('Server address').inputValue()).toBe('http://127.0.0.1:8787');

    await page.getByLabel('Server address').fill('http://192.168.1.10:8787');
    await page.getByRole('button', { name: 'Save and restart' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('aisle serve --tls');
    expect(saved).toHaveLength(0);

    const fingerprint = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').toUpperCase()).join(':');
    await page.getByLabel('Server address').fill('https://192.168.1.10:8787');
    await page.getByLabel('Server certificate fingerprint (SHA-256)').fill(fingerprint.toLowerCase());
    await page.getByLabel('Role').selectOption('scanner');
    await page.getByRole('button', { name: 'Save and restart' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Saved');
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ serverUrl: 'https://192.168.1.10:8787', serverCertificate: fingerprint, role: 'scanner', defaultPrinterId: 'p1' });
    expect(saved[0]?.printers).toEqual(stored.printers);
  }, 120_000);
});
