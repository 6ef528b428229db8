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

  it('the deb installs the udev rule for printers and scanners', async () => {
    const script = await readFile(join(root, 'build/linux/after-install.sh'), 'utf8');
    expect(script).toContain('/etc/udev/rules.d/99-aisle-pos.rules');
    const rules = await readFile(join(root, 'build/linux/99-aisle-pos.rules'), 'utf8');
    expect(rules).toMatch(/ID_USB_INTERFACES.*:07/);
    expect(rules).toContain('SUBSYSTEM=="hidraw"');
  });
});
