// The Electron main process, written against ElectronMainApi so tests can run it with a fake:
// single-instance lock, security defaults, settings, the hardware host and its IPC, and one
// window whose page is the till, the scanner station or the reports according to the role (and
// the till's customer display on the second screen, when the till opens it); the
// version handshake with the page, and auto-update when the settings name a feed.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HardwareHost, hostOptionsFromSettings } from '../hardware/hardware-host.ts';
import { FileJobStore } from '../hardware/printing/job-store.ts';
import type { ScanSource } from '../hardware/scanners/scan-source.ts';
import { scanSourcesFromSettings } from '../hardware/scanners/scan-sources-from-settings.ts';
import type { AisleSettings } from '../settings/settings-schema.ts';
import { SettingsStore } from '../settings/settings-store.ts';
import { installCrashRecovery, installLoadRetry } from './crash-recovery.ts';
import { registerDeviceIpc } from './device-ipc.ts';
import { registerSettingsIpc } from './settings-ipc.ts';
import { registerShellIpc } from './shell-ipc.ts';
import { startAutoUpdate, type AutoUpdateHandle, type UpdaterLike } from './auto-update.ts';
import type { BrowserWindowLike, ElectronMainApi } from './electron-api.ts';
import { hardenWebContents, installSessionSecurity } from './web-security.ts';
import { windowOptions, windowUrlForRole } from './window-by-role.ts';
import { onSettingsShortcut, openSettingsWindow, registerSettingsScheme, serveSettingsPage, SETTINGS_ORIGIN } from './settings-window.ts';

export interface MainOptions {
  /** Absolute path of the bundled preload (dist-electron/preload.cjs). */
  preloadPath: string;
  /** The settings window's preload (dist-electron/settings-preload.cjs); default beside preloadPath. */
  settingsPreloadPath?: string;
  /** The bundled settings page (dist-electron/settings-page/); default beside preloadPath. */
  settingsPageDir?: string;
  /** Where settings live; defaults to Electron's userData directory. */
  settingsDir?: string;
  /** Replace the scanner sources made from settings (tests, virtual devices). */
  scanSources?: ScanSource[];
  /** electron-updater's autoUpdater, loaded only when a feed is configured (main.ts). */
  loadUpdater?: () => Promise<UpdaterLike>;
  /** Adjust the loaded settings (main.ts: environment overrides). */
  overrides?: (settings: AisleSettings) => AisleSettings;
  log?: (message: string) => void;
}

export interface MainHandle {
  window: BrowserWindowLike;
  host: HardwareHost;
  settings: AisleSettings;
  updates: AutoUpdateHandle | null;
}

export async function startMain(electron: ElectronMainApi, opts: MainOptions): Promise<MainHandle | null> {
  const { app } = electron;
  const log = opts.log ?? ((m: string) => console.log(`[aisle main] ${m}`));
  if (!app.requestSingleInstanceLock()) {
    log('another Aisle window is already running; handing over to it');
    app.quit();
    return null;
  }
  let win: BrowserWindowLike | null = null;
  app.on('second-instance', () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => {
    app.quit();
  });

  registerSettingsScheme(electron.protocol);
  const store = SettingsStore.inDir(opts.settingsDir ?? app.getPath('userData'));
  const firstStart = !existsSync(store.file);
  const stored = await store.load();
  const settings = opts.overrides ? opts.overrides(stored) : stored;
  // The renderer's service worker (the offline app shell) and WebCrypto (PIN login) need a secure
  // context: the settings allow only https, or http on this machine, which Chromium already
  // treats as secure — no `unsafely-treat-insecure-origin-as-secure` exception.
  const appOrigin = new URL(settings.serverUrl).origin;
  await app.whenReady();
  const bundleDir = dirname(opts.preloadPath);
  serveSettingsPage(electron.protocol, opts.settingsPageDir ?? join(bundleDir, 'settings-page'));
  const settingsPreload = opts.settingsPreloadPath ?? join(bundleDir, 'settings-preload.cjs');
  let settingsWindow: BrowserWindowLike | null = null;
  const openSettings = (): void => {
    if (settingsWindow && !settingsWindow.isDestroyed()) return settingsWindow.focus();
    settingsWindow = openSettingsWindow(electron, settingsPreload);
  };
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, settings.serverUrl, log, electron.screen);
  });
  installSessionSecurity(electron.session.defaultSession, settings.serverUrl, log, settings.serverCertificate);

  const scanSources = opts.scanSources ?? (await scanSourcesFromSettings(settings.scanners, log));
  const jobStore = new FileJobStore(join(opts.settingsDir ?? app.getPath('userData'), 'print-jobs.json'));
  const host = await HardwareHost.create({ ...hostOptionsFromSettings(settings), scanSources, jobStore, log });
  const window = new electron.BrowserWindow(windowOptions(settings, opts.preloadPath));
  win = window;
  registerDeviceIpc(electron.ipcMain, host, {
    appOrigin,
    targets: () => (window.isDestroyed() ? [] : [window.webContents]),
    log,
  });
  registerSettingsIpc(electron.ipcMain, store, {
    settingsOrigin: SETTINGS_ORIGIN,
    onSaved: () => {
      app.relaunch();
      app.exit(0);
    },
    log,
  });
  registerShellIpc(electron.ipcMain, { appOrigin, shellVersion: app.getVersion(), log });
  installCrashRecovery(window.webContents, { log });
  onSettingsShortcut(window.webContents, openSettings);
  // A new till has no settings file: the settings page asks for the server first.
  if (firstStart) openSettings();
  window.once('ready-to-show', () => {
    window.show();
  });
  const url = windowUrlForRole(settings);
  installLoadRetry(window, url, { log });
  try {
    await window.loadURL(url);
  } catch (e) {
    // The server is unreachable and no shell is cached yet: installLoadRetry keeps trying.
    log(`first load of ${url} failed: ${(e as Error).message}`);
  }
  const updates = opts.loadUpdater
    ? await startAutoUpdate(settings, { load: opts.loadUpdater, log }).catch((e: unknown) => {
        log(`auto-update not started: ${(e as Error).message}`);
        return null;
      })
    : null;
  return { window, host, settings, updates };
}
