import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvokeChannel, invokeChannelNames } from '../../shared/ipc-channels.ts';
import { VirtualScanner } from '../virtual/virtual-scanner.ts';
import { DEVICE_BRIDGE_PROTOCOL, shellCompatibility } from '../../shared/device-bridge.ts';
import type { UpdaterLike } from './auto-update.ts';
import { createIpcDeviceBridge, createIpcSettingsBridge, createIpcShellBridge } from './preload-bridge.ts';
import { startMain, type MainHandle } from './start-main.ts';
import { fakeElectron, FakeBrowserWindow, FakeIpcRenderer, type FakeElectron } from './testing/fake-electron.ts';
import { DEFAULT_SETTINGS } from '../settings/settings-schema.ts';
import { mkdir } from 'node:fs/promises';

describe('electron main process (electron faked)', () => {
  let dir: string;
  let handle: MainHandle | null = null;
  let electron: FakeElectron;
  const logs: string[] = [];
  const log = (m: string): void => {
    logs.push(m);
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aisle-main-'));
    electron = fakeElectron({ userData: dir });
    logs.length = 0;
  });
  afterEach(async () => {
    await handle?.host.close();
    handle = null;
    await rm(dir, { recursive: true, force: true });
  });

  async function start(settings: object = {}, loadUpdater?: () => Promise<UpdaterLike>): Promise<MainHandle> {
    await writeFile(join(dir, 'aisle-settings.json'), JSON.stringify({ serverUrl: 'http://127.0.0.1:8787', scanners: { hid: false }, ...settings }));
    const h = await startMain(electron, { preloadPath: '/app/preload.cjs', scanSources: [new VirtualScanner()], log, ...(loadUpdater ? { loadUpdater } : {}) });
    if (!h) throw new Error('main did not start');
    handle = h;
    return h;
  }

  it('quits when another instance holds the single-instance lock', async () => {
    electron = fakeElectron({ userData: dir, singleInstanceLock: false });
    expect(await startMain(electron, { preloadPath: '/p', log })).toBeNull();
    expect(electron.app.quitCalls).toBe(1);
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });

  it('focuses the existing window when a second instance starts', async () => {
    const h = await start();
    const win = h.window as FakeBrowserWindow;
    win.minimized = true;
    electron.app.emit('second-instance');
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(1);
  });

  it.each([
    ['till', 'http://127.0.0.1:8787/till'],
    ['scanner', 'http://127.0.0.1:8787/scanner'],
    ['reports', 'http://127.0.0.1:8787/reports'],
  ])('opens the %s page for that role, with security defaults on', async (role, url) => {
    const h = await start({ role, kiosk: role === 'till' });
    const win = h.window as FakeBrowserWindow;
    expect(win.loadedUrl).toBe(url);
    expect(win.shown).toBe(true);
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/app/preload.cjs',
    });
    expect(win.options.kiosk).toBe(role === 'till');
  });

  it('sets a strict CSP on every response, replacing the server one', async () => {
    await start();
    const headers = electron.session.defaultSession.respond('http://127.0.0.1:8787/till', {
      'content-security-policy': ["default-src *"],
      'Content-Type': ['text/html'],
    });
    expect(headers?.['content-security-policy']).toBeUndefined();
    const csp = String(headers?.['Content-Security-Policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(headers?.['Content-Type']).toEqual(['text/html']);
  });

  it('blocks navigation off the app origin, new windows, webviews and permissions', async () => {
    const h = await start();
    const wc = (h.window as FakeBrowserWindow).webContents;
    expect(wc.firePreventable('will-navigate', 'https://evil.example/')).toBe(true);
    expect(wc.firePreventable('will-navigate', 'http://127.0.0.1:8787/till/pay')).toBe(false);
    expect(wc.firePreventable('will-redirect', 'https://evil.example/')).toBe(true);
    expect(wc.firePreventable('will-attach-webview')).toBe(true);
    expect(wc.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(electron.session.defaultSession.askPermission('geolocation')).toBe(false);
    expect(electron.session.defaultSession.askPermission('media')).toBe(false);
    expect(electron.session.defaultSession.askPermission('persistent-storage')).toBe(true);
  });

  it('lets the till open its customer display, full screen on the second screen, and no other window', async () => {
    const h = await start({ role: 'till' });
    const wc = (h.window as FakeBrowserWindow).webContents;
    const display = 'http://127.0.0.1:8787/display?till=0190a1b2-c3d4&window=w1';
    // One screen: a 1024×600 window beside the till.
    expect(wc.windowOpenHandler?.({ url: display })).toMatchObject({ action: 'allow', overrideBrowserWindowOptions: { width: 1024, height: 600, fullscreen: false } });
    electron.screen.displays.push({ id: 2, bounds: { x: 1920, y: 0, width: 800, height: 480 } });
    const verdict = wc.windowOpenHandler?.({ url: display });
    expect(verdict).toMatchObject({ action: 'allow', overrideBrowserWindowOptions: { x: 1920, y: 0, width: 800, height: 480, fullscreen: true, focusable: false } });
    if (verdict?.action !== 'allow') throw new Error('display not allowed');
    expect(verdict.overrideBrowserWindowOptions.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(verdict.overrideBrowserWindowOptions.webPreferences).not.toHaveProperty('preload');
    // Anything else, or the display page of another origin, stays denied.
    for (const url of ['http://127.0.0.1:8787/till', 'https://evil.example/display?till=x', 'http://127.0.0.1:8787/display', 'http://127.0.0.1:8787/display/x?till=a']) {
      expect(wc.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(logs).toContain(`opened the customer display ${display}`);
  });

  it('reloads a crashed renderer, but not a clean exit, and stops a crash loop', async () => {
    vi.useFakeTimers();
    try {
      const h = await start();
      const wc = (h.window as FakeBrowserWindow).webContents;
      wc.crash({ reason: 'clean-exit', exitCode: 0 });
      wc.crash({ reason: 'crashed', exitCode: 139 });
      await vi.advanceTimersByTimeAsync(1500);
      expect(wc.reloads).toBe(1);
      for (let i = 0; i < 10; i += 1) wc.crash({ reason: 'oom', exitCode: 1 });
      await vi.advanceTimersByTimeAsync(1500);
      expect(wc.reloads).toBe(5);
      expect(logs.some((l) => l.includes('not reloading again'))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('registers every device channel once and refuses frames from other origins', async () => {
    const h = await start();
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual([...invokeChannelNames, 'settings:get', 'settings:save', 'shell:hello'].sort());
    const wc = (h.window as FakeBrowserWindow).webContents;
    const foreign = createIpcDeviceBridge(new FakeIpcRenderer(electron.ipcMain, wc, 'https://evil.example/'));
    expect(await foreign.openDrawer()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const own = new FakeIpcRenderer(electron.ipcMain, wc, 'http://127.0.0.1:8787/till');
    expect(await own.invoke(InvokeChannel.listDevices)).toMatchObject({ ok: true });
    await expect(own.invoke('printer:bogus')).rejects.toThrow(/No handler registered/);
  });

  it('lets only the shell\'s own settings page read and save settings (then restarts) — not the server\'s pages — and refuses invalid settings', async () => {
    const h = await start({ role: 'till' });
    const wc = (h.window as FakeBrowserWindow).webContents;
    // A script on the server's origin can no longer re-point the server or add printers.
    const served = createIpcSettingsBridge(new FakeIpcRenderer(electron.ipcMain, wc, 'http://127.0.0.1:8787/till'));
    expect(await served.getSettings()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await served.saveSettings({ ...DEFAULT_SETTINGS, serverUrl: 'https://evil.example' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const own = createIpcSettingsBridge(new FakeIpcRenderer(electron.ipcMain, wc, 'aisle-settings://app/settings.html'));
    const current = await own.getSettings();
    if (!current.ok) throw new Error(current.error.message);
    expect(current.value.role).toBe('till');
    const bad = await own.saveSettings({ ...current.value, printers: [{ id: 'p', name: 'p', url: 'lpt1', columns: 42, drawer: { pin: 2, onMs: 50, offMs: 500 }, status: true }] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(electron.app.relaunches).toBe(0);
    const saved = await own.saveSettings({ ...current.value, role: 'scanner' });
    expect(saved).toMatchObject({ ok: true, value: { role: 'scanner' } });
    expect(electron.app.relaunches).toBe(1);
    expect(electron.app.exitCode).toBe(0);
    const foreign = createIpcSettingsBridge(new FakeIpcRenderer(electron.ipcMain, wc, 'https://evil.example/'));
    expect(await foreign.saveSettings(current.value)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await foreign.getSettings()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('loads a LAN server over https without declaring any insecure origin secure, and retries a first load that fails', async () => {
    vi.useFakeTimers();
    try {
      FakeBrowserWindow.serverDown = true;
      const h = await start({ serverUrl: 'https://192.168.1.10:8787' });
      expect(electron.app.switches.map(([name]) => name)).not.toContain('unsafely-treat-insecure-origin-as-secure');
      const win = h.window as FakeBrowserWindow;
      expect(win.loadedUrl).toBeNull();
      FakeBrowserWindow.serverDown = false;
      await vi.advanceTimersByTimeAsync(5500);
      expect(win.loadedUrl).toBe('https://192.168.1.10:8787/till');
      expect(logs.some((l) => l.includes('retrying'))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a server on another machine over plain http, with the fix in the message', async () => {
    await expect(start({ serverUrl: 'http://192.168.1.10:8787' })).rejects.toMatchObject({ name: 'SettingsError', field: 'settings.serverUrl', message: expect.stringContaining('aisle serve --tls') });
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });

  it('accepts the server only with the pinned certificate, and leaves other hosts to Chromium', async () => {
    const { generate } = await import('selfsigned');
    const { X509Certificate } = await import('node:crypto');
    const [ours, theirs] = await Promise.all([generate([{ name: 'commonName', value: 'aisle' }], { keyType: 'ec', curve: 'P-256' }), generate([{ name: 'commonName', value: 'mitm' }], { keyType: 'ec', curve: 'P-256' })]);
    const pinned = new X509Certificate(ours.cert).fingerprint256;
    await start({ serverUrl: 'https://192.168.1.10:8787', serverCertificate: pinned.toLowerCase() });
    const session = electron.session.defaultSession;
    expect(session.verify('192.168.1.10', ours.cert)).toBe(0);
    expect(session.verify('192.168.1.10', theirs.cert)).toBe(-2);
    expect(logs.some((l) => l.includes('refused the server') && l.includes(pinned))).toBe(true);
    expect(session.verify('updates.example.com', theirs.cert)).toBe(-3);
  });

  it('refuses a malformed pinned fingerprint', async () => {
    await expect(start({ serverUrl: 'https://192.168.1.10:8787', serverCertificate: 'abc' })).rejects.toMatchObject({ name: 'SettingsError', field: 'settings.serverCertificate' });
  });

  it('serves its settings page from the bundle on a privileged scheme registered before ready, and nothing else there', async () => {
    const pageDir = join(dir, 'settings-page');
    await mkdir(pageDir);
    await writeFile(join(pageDir, 'settings.html'), '<!doctype html><title>settings</title>');
    await writeFile(join(pageDir, 'settings-page.js'), 'void 0;');
    await writeFile(join(dir, 'secret.txt'), 'no');
    await writeFile(join(dir, 'aisle-settings.json'), JSON.stringify({ serverUrl: 'http://127.0.0.1:8787', scanners: { hid: false } }));
    const h = await startMain(electron, { preloadPath: '/app/preload.cjs', settingsPageDir: pageDir, scanSources: [new VirtualScanner()], log });
    handle = h;
    expect(electron.protocol.privileged).toEqual([{ scheme: 'aisle-settings', privileges: { standard: true, secure: true } }]);
    expect(electron.protocol.registeredBeforeReady).toBe(true);
    const page = await electron.protocol.fetch('aisle-settings://app/settings.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<title>settings</title>');
    expect((await electron.protocol.fetch('aisle-settings://app/../secret.txt')).status).toBe(404);
    expect((await electron.protocol.fetch('aisle-settings://app/secret.txt')).status).toBe(404);
    expect((await electron.protocol.fetch('aisle-settings://other/settings.html')).status).toBe(404);
  });

  it('opens the settings window on the first start and with Ctrl+Shift+, — with the settings preload, not the app\'s', async () => {
    const h = await startMain(electron, { preloadPath: '/app/preload.cjs', scanSources: [new VirtualScanner()], log });
    if (!h) throw new Error('main did not start');
    handle = h;
    const settingsWindows = (): FakeBrowserWindow[] => FakeBrowserWindow.created.filter((w) => w.loadedUrl === 'aisle-settings://app/settings.html');
    await vi.waitFor(() => expect(settingsWindows()).toHaveLength(1));
    expect(settingsWindows()[0]?.options.webPreferences.preload).toBe('/app/settings-preload.cjs');
    expect(settingsWindows()[0]?.options.webPreferences.sandbox).toBe(true);

    // Not on a later start (the settings file exists): until the shortcut.
    await handle.host.close();
    FakeBrowserWindow.created = [];
    await writeFile(join(dir, 'aisle-settings.json'), JSON.stringify({ serverUrl: 'http://127.0.0.1:8787', scanners: { hid: false } }));
    electron = fakeElectron({ userData: dir });
    const again = await start();
    expect(settingsWindows()).toHaveLength(0);
    const prevented: boolean[] = [];
    (again.window as FakeBrowserWindow).webContents.emit('before-input-event', { preventDefault: () => prevented.push(true) }, { type: 'keyDown', code: 'Comma', shift: true, control: true, meta: false });
    expect(settingsWindows()).toHaveLength(1);
    expect(prevented).toEqual([true]);
  });

  it('reports a bad settings file instead of opening a half-configured window', async () => {
    await writeFile(join(dir, 'aisle-settings.json'), JSON.stringify({ printers: [{ id: 'p', url: 'lpt1' }] }));
    await expect(startMain(electron, { preloadPath: '/p', log })).rejects.toMatchObject({ name: 'SettingsError', field: 'printers[0].url' });
  });

  it('answers the renderer\'s version handshake over IPC with the installed shell\'s version and protocol, for its own origin only', async () => {
    const h = await start({ role: 'till' });
    const wc = (h.window as FakeBrowserWindow).webContents;
    const shell = createIpcShellBridge(new FakeIpcRenderer(electron.ipcMain, wc, 'http://127.0.0.1:8787/till'));
    const hello = await shell.hello({ protocol: DEVICE_BRIDGE_PROTOCOL, appVersion: '0.1.0' });
    expect(hello).toEqual({ ok: true, value: { protocol: DEVICE_BRIDGE_PROTOCOL, shellVersion: '1.2.3' } });
    expect(logs.some((l) => l.includes('renderer 0.1.0 (protocol 1) on shell 1.2.3 (protocol 1)') && !l.includes('MISMATCH'))).toBe(true);
    // A renderer speaking a newer contract than the installed shell: logged, and the page is told.
    await shell.hello({ protocol: DEVICE_BRIDGE_PROTOCOL + 1, appVersion: '0.2.0' });
    expect(logs.some((l) => l.includes('MISMATCH'))).toBe(true);
    expect(shellCompatibility({ protocol: DEVICE_BRIDGE_PROTOCOL, shellVersion: '1.2.3' }, DEVICE_BRIDGE_PROTOCOL + 1)).toMatchObject({ compatible: false, message: expect.stringContaining('Install the update') as string });
    const foreign = createIpcShellBridge(new FakeIpcRenderer(electron.ipcMain, wc, 'https://evil.example/'));
    expect(await foreign.hello({ protocol: 1, appVersion: 'x' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await shell.hello({ protocol: 'one', appVersion: 1 } as never)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('leaves auto-update off without a feed in the settings, and checks the generic feed when one is set', async () => {
    const loads: number[] = [];
    const calls: string[] = [];
    const fakeUpdater = (): Promise<UpdaterLike> => {
      loads.push(1);
      return Promise.resolve({
        autoDownload: false,
        autoInstallOnAppQuit: false,
        setFeedURL: (o) => calls.push(`feed ${o.provider} ${o.url} ${o.channel ?? ''}`.trim()),
        checkForUpdates: async () => {
          calls.push('check');
          throw new Error('getaddrinfo ENOTFOUND updates.example');
        },
        on: () => undefined,
      });
    };
    const off = await start({ role: 'till' }, fakeUpdater);
    expect(off.updates).toBeNull();
    expect(loads).toHaveLength(0);
    expect(logs).toContain('auto-update off (no updates.url in the settings)');
    await off.host.close();
    handle = null;

    electron = fakeElectron({ userData: dir });
    const on = await start({ role: 'till', updates: { url: 'https://updates.example/aisle/', channel: 'beta' } }, fakeUpdater);
    await on.updates?.firstCheck;
    on.updates?.stop();
    expect(calls).toEqual(['feed generic https://updates.example/aisle/ beta', 'check']);
    // Offline at the till is normal: logged, not thrown.
    expect(logs.some((l) => l.startsWith('auto-update check failed: getaddrinfo ENOTFOUND'))).toBe(true);
  });
});
