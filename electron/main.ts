// Electron entry point (bundled to dist-electron/main.cjs by electron/build-electron.ts).
import electron from 'electron';
import { join } from 'node:path';
import type { UpdaterLike } from './main/auto-update.ts';
import { startMain } from './main/start-main.ts';
import { applyEnvOverrides } from './settings/settings-env.ts';

const preloadPath = join(__dirname, 'preload.cjs');
const settingsPreloadPath = join(__dirname, 'settings-preload.cjs');
const settingsPageDir = join(__dirname, 'settings-page');

// electron-updater is loaded only when the settings name an update feed (auto-update is off otherwise).
const loadUpdater = async (): Promise<UpdaterLike> => (await import('electron-updater')).autoUpdater;

startMain(electron, { preloadPath, settingsPreloadPath, settingsPageDir, loadUpdater, overrides: (s) => applyEnvOverrides(s, process.env) }).catch((e: unknown) => {
  console.error('[aisle main] failed to start', e);
  electron.app.quit();
});
