// Bundles the main process and the preload into dist-electron/ with esbuild (already present as
// tsx's engine). The preload must be one CommonJS file: a sandboxed preload cannot require our
// modules. Native modules stay external and are loaded from node_modules as shipped (N-API
// prebuilds), which is why electron-builder runs with npmRebuild: false.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';

export const ELECTRON_OUT_DIR = 'dist-electron';

const NATIVE_AND_RUNTIME = ['electron', 'usb', 'node-hid', 'serialport', '@serialport/*', 'bufferutil', 'utf-8-validate'];

export interface ElectronBundles {
  main: string;
  preload: string;
  settingsPreload: string;
  /** The shell's settings page (settings.html + settings-page.js), served on aisle-settings://app. */
  settingsPage: string;
}

export async function buildElectronBundles(
  root = join(fileURLToPath(new URL('.', import.meta.url)), '..'),
  out = join(root, ELECTRON_OUT_DIR),
): Promise<ElectronBundles> {
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node22', sourcemap: true, logLevel: 'warning' } as const;
  const main = join(out, 'main.cjs');
  const preload = join(out, 'preload.cjs');
  await build({ ...common, entryPoints: [join(root, 'electron/main.ts')], outfile: main, external: NATIVE_AND_RUNTIME });
  await build({ ...common, entryPoints: [join(root, 'electron/preload.ts')], outfile: preload, external: ['electron'] });
  const settingsPreload = join(out, 'settings-preload.cjs');
  await build({ ...common, entryPoints: [join(root, 'electron/settings-preload.ts')], outfile: settingsPreload, external: ['electron'] });
  const settingsPage = join(out, 'settings-page');
  await build({ bundle: true, platform: 'browser', format: 'iife', target: 'chrome120', logLevel: 'warning', entryPoints: [join(root, 'electron/settings-page/settings-page.ts')], outfile: join(settingsPage, 'settings-page.js') });
  await copyFile(join(root, 'electron/settings-page/settings.html'), join(settingsPage, 'settings.html'));
  return { main, preload, settingsPreload, settingsPage };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bundles = await buildElectronBundles();
  console.log(`built ${bundles.main} and ${bundles.preload}`);
}
