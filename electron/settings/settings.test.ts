import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyEnvOverrides } from './settings-env.ts';
import { DEFAULT_SETTINGS, parseSettings, SettingsError } from './settings-schema.ts';
import { SettingsStore } from './settings-store.ts';

describe('settings', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('fills defaults for a minimal file', () => {
    const s = parseSettings({ printers: [{ id: 'p1', url: 'tcp://192.168.1.40' }] });
    expect(s.printers[0]).toEqual({ id: 'p1', name: 'p1', url: 'tcp://192.168.1.40', columns: 48, drawer: { pin: 2, onMs: 50, offMs: 500 }, status: true });
    expect(s.defaultPrinterId).toBe('p1');
    expect(s.role).toBe('till');
  });

  it.each([
    [{ role: 'admin' }, 'settings.role'],
    [{ printers: [{ id: 'p', url: 'lpt1:' }] }, 'printers[0].url'],
    [{ printers: [{ id: 'p', url: 'usb://04b8:0e28', columns: 40 }] }, 'printers[0].columns'],
    [{ printers: [{ id: 'p', url: 'tcp://x', drawer: { pin: 3 } }] }, 'printers[0].drawer.pin'],
    [{ defaultPrinterId: 'ghost' }, 'defaultPrinterId'],
    [{ hardwareService: { port: 70000 } }, 'hardwareService.port'],
  ])('names the field at fault: %j', (doc, field) => {
    expect(() => parseSettings(doc)).toThrow(SettingsError);
    try {
      parseSettings(doc);
    } catch (e) {
      expect((e as SettingsError).field).toBe(field);
    }
  });

  it('stores and reloads, defaults when there is no file, rejects an invalid file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'aisle-settings-'));
    const store = SettingsStore.inDir(dir);
    expect(await store.load()).toEqual(DEFAULT_SETTINGS);
    await store.update({ role: 'scanner', kiosk: true });
    expect(await store.load()).toMatchObject({ role: 'scanner', kiosk: true });
    expect(JSON.parse(await readFile(store.file, 'utf8'))).toMatchObject({ role: 'scanner' });
    await writeFile(store.file, '{"printers": 3}');
    await expect(store.load()).rejects.toBeInstanceOf(SettingsError);
  });

  it('takes server, role and printer from the environment (npm start)', () => {
    const s = applyEnvOverrides(DEFAULT_SETTINGS, { AISLE_SERVER_URL: 'http://127.0.0.1:9000', AISLE_ROLE: 'reports', AISLE_PRINTER_URL: 'tcp://127.0.0.1:9100' });
    expect(s).toMatchObject({ serverUrl: 'http://127.0.0.1:9000', role: 'reports', defaultPrinterId: 'env-printer' });
    expect(() => applyEnvOverrides(DEFAULT_SETTINGS, { AISLE_ROLE: 'root' })).toThrow(SettingsError);
  });

  it('reads the auto-update feed (absent = off) and refuses a feed that is not an http(s) URL', () => {
    expect(parseSettings({}).updates).toBeUndefined();
    expect(parseSettings({ updates: null }).updates).toBeUndefined();
    expect(parseSettings({ updates: { url: 'https://updates.example/aisle/' } }).updates).toEqual({ url: 'https://updates.example/aisle/' });
    expect(parseSettings({ updates: { url: 'https://u.example/', channel: 'beta' } }).updates).toEqual({ url: 'https://u.example/', channel: 'beta' });
    expect(() => parseSettings({ updates: { url: 'file:///etc/passwd' } })).toThrow(/updates.url/);
    expect(applyEnvOverrides(parseSettings({}), { AISLE_UPDATE_URL: 'http://192.168.1.10:8080/updates/' }).updates).toEqual({ url: 'http://192.168.1.10:8080/updates/' });
  });
});
