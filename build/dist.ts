// `npm run dist [-- --linux|--win|--mac]`: bundle the main process and preload, then package with
// electron-builder using build/electron-builder.yml, checking after packing that the native
// modules for the target platform are inside. Needs network access: electron-builder downloads
// the Electron runtime (and, for some targets, NSIS/AppImage tools) from GitHub.
import { build, type Configuration } from 'electron-builder';
import { createRequire } from 'node:module';
import { buildElectronBundles } from '../electron/build-electron.ts';
import { checkNativeModules, type TargetPlatform } from '../electron/packaging/native-modules-check.ts';

const require = createRequire(import.meta.url);
const { getConfig } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig: (dir: string, path: string, opts: null) => Promise<Configuration>;
};

const args = new Set(process.argv.slice(2));
const platforms = {
  linux: args.has('--linux') ? [] : undefined,
  win: args.has('--win') ? [] : undefined,
  mac: args.has('--mac') ? [] : undefined,
};

await buildElectronBundles(process.cwd());
const config = await getConfig(process.cwd(), 'build/electron-builder.yml', null);
const artifacts = await build({
  projectDir: process.cwd(),
  publish: 'never',
  ...(platforms.linux ? { linux: platforms.linux } : {}),
  ...(platforms.win ? { win: platforms.win } : {}),
  ...(platforms.mac ? { mac: platforms.mac } : {}),
  config: {
    ...config,
    afterPack: async (context) => {
      await checkNativeModules(context.appOutDir, context.electronPlatformName as TargetPlatform);
    },
  },
});
console.log(`built:\n  ${artifacts.join('\n  ')}`);
