// Electron entry point (bundled to dist-electron/main.cjs by electron/build-electron.ts).
import electron from 'electron';
import { join } from 'node:path';
import { startMain } from './main/start-main.ts';
import { applyEnvOverrides } from './settings/settings-env.ts';

const preloadPath = join(__dirname, 'preload.cjs');

startMain(electron, { preloadPath, overrides: (s) => applyEnvOverrides(s, process.env) }).catch((e: unknown) => {
  console.error('[aisle main] failed to start', e);
  electron.app.quit();
});
