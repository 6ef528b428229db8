// `npm run dist [-- --linux|--win|--mac]`: bundle the main process and preload, then package with
// electron-builder using build/electron-builder.yml, checking after packing that the native
// modules for the target platform are inside. Needs the Electron runtime: electron-builder downloads
// it (and, for some targets, NSIS/AppImage tools) from GitHub, or takes it from ELECTRON_MIRROR /
// ELECTRON_DIST (electronDist). Offline, it prints how to fix that instead of a stack trace.
import { build, type Configuration } from 'electron-builder';
import { createRequire } from 'node:module';
import { buildElectronBundles } from '../electron/build-electron.ts';
import { checkNativeModules, type TargetPlatform } from '../electron/packaging/native-modules-check.ts';
import { electronDistFromEnv, explainDistFailure } from './dist-errors.ts';

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

const electronVersion = (require('electron/package.json') as { version: string }).version;
const target = platforms.win ? 'win32' : platforms.mac ? 'darwin' : platforms.linux ? 'linux' : process.platform;

/** Any failure: the fix when it is the Electron download, else the error as it is. */
function fail(error: unknown): never {
  const explained = explainDistFailure(error, { electronVersion, platform: target, arch: process.arch });
  console.error(explained ?? error);
  process.exit(1);
}
// @electron/get's request errors can surface outside build()'s promise.
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

try {
  await buildElectronBundles(process.cwd());
  const config = await getConfig(process.cwd(), 'build/electron-builder.yml', null);
  const electronDist = electronDistFromEnv(process.env);
  const artifacts = await build({
    projectDir: process.cwd(),
    publish: 'never',
    ...(platforms.linux ? { linux: platforms.linux } : {}),
    ...(platforms.win ? { win: platforms.win } : {}),
    ...(platforms.mac ? { mac: platforms.mac } : {}),
    config: {
      ...config,
      ...(electronDist ? { electronDist } : {}),
      afterPack: async (context) => {
        await checkNativeModules(context.appOutDir, context.electronPlatformName as TargetPlatform);
      },
    },
  });
  console.log(`built:\n  ${artifacts.join('\n  ')}`);
} catch (error) {
  fail(error);
}
