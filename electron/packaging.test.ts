// The packaging configuration, checked without building (building downloads Electron): the
// electron-builder schema accepts it, natives are not rebuilt, and the deb installs the udev rule.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

interface BuilderConfig {
  npmRebuild?: boolean;
  extraMetadata?: { main?: string };
  linux?: { target?: string[] };
  win?: { target?: string[] };
  mac?: { target?: string[] };
  deb?: { afterInstall?: string };
  asarUnpack?: string[];
  asar?: boolean;
  electronFuses?: Record<string, boolean>;
  publish?: { provider?: string; url?: string };
}

interface SigningConfig {
  win?: { signtoolOptions?: { signingHashAlgorithms?: string[]; rfc3161TimeStampServer?: string } };
  mac?: { hardenedRuntime?: boolean; notarize?: boolean };
}

describe('electron-builder configuration', () => {
  it('is valid for electron-builder, targets AppImage, deb, NSIS and dmg, and ships natives as built', async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      getConfig: (dir: string, path: string, opts: null) => Promise<BuilderConfig>;
      validateConfiguration: (c: BuilderConfig, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    const config = await getConfig(root, 'build/electron-builder.yml', null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.npmRebuild).toBe(false);
    expect(config.extraMetadata?.main).toBe('dist-electron/main.cjs');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('flips the Electron fuses (no RunAsNode, encrypted cookies, ASAR integrity), writes generic update metadata, and signs and notarizes', async () => {
    const { getConfig } = require('app-builder-lib/out/util/config/config.js') as {
      getConfig: (dir: string, path: string, opts: null) => Promise<BuilderConfig & SigningConfig>;
    };
    const config = await getConfig(root, 'build/electron-builder.yml', null);
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
    expect(config.publish).toMatchObject({ provider: 'generic' });
    expect(config.win?.signtoolOptions).toMatchObject({ signingHashAlgorithms: ['sha256'], rfc3161TimeStampServer: expect.stringMatching(/^http/) as string });
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true });
  });

  it('the deb installs the udev rule for printers and scanners', async () => {
    const script = await readFile(join(root, 'build/linux/after-install.sh'), 'utf8');
    expect(script).toContain('/etc/udev/rules.d/99-aisle-pos.rules');
    const rules = await readFile(join(root, 'build/linux/99-aisle-pos.rules'), 'utf8');
    expect(rules).toMatch(/ID_USB_INTERFACES.*:07/);
    expect(rules).toContain('SUBSYSTEM=="hidraw"');
  });
});
