import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkNativeModules, MissingNativeModuleError } from './native-modules-check.ts';

describe('native modules check (after packing)', () => {
  let dir = '';
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  async function touch(rel: string): Promise<void> {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), '');
  }
  const unpacked = 'resources/app.asar.unpacked/node_modules';

  it('passes when usb for the target, node-hid and serialport are unpacked', async () => {
    dir = await mkdtemp(join(tmpdir(), 'aisle-pack-'));
    await touch(`${unpacked}/@node-usb/usb-linux-x64-gnu/usb.linux-x64-gnu.node`);
    await touch(`${unpacked}/node-hid/prebuilds/HID-linux-x64/node-hid.node`);
    await touch(`${unpacked}/@serialport/bindings-cpp/prebuilds/linux-x64/node.napi.glibc.node`);
    expect(await checkNativeModules(dir, 'linux')).toHaveLength(3);
  });

  it('fails a Windows package that only has the Linux usb binary', async () => {
    dir = await mkdtemp(join(tmpdir(), 'aisle-pack-'));
    await touch(`${unpacked}/@node-usb/usb-linux-x64-gnu/usb.linux-x64-gnu.node`);
    await touch(`${unpacked}/node-hid/prebuilds/HID-win32-x64/node-hid.node`);
    await touch(`${unpacked}/@serialport/bindings-cpp/prebuilds/win32-x64/node.napi.node`);
    await expect(checkNativeModules(dir, 'win32')).rejects.toBeInstanceOf(MissingNativeModuleError);
  });
});
