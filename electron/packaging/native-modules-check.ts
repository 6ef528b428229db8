// After electron-builder lays out a package, check that the native modules the hardware drivers
// load are really inside it for the target platform: usb 3.x's binary comes from a per-platform
// optional npm package that is only installed for the build machine's own platform, so a Windows
// package built on Linux would otherwise ship without USB printing and fail only at a till.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export class MissingNativeModuleError extends Error {
  readonly code = 'missing-native-module';
  constructor(message: string) {
    super(message);
    this.name = 'MissingNativeModuleError';
  }
}

async function nodeFiles(dir: string, out: string[] = []): Promise<string[]> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await nodeFiles(path, out);
    else if (entry.name.endsWith('.node')) out.push(path.replaceAll('\\', '/'));
  }
  return out;
}

/** Node's platform names, as electron-builder passes them (`electronPlatformName`). */
export type TargetPlatform = 'linux' | 'win32' | 'darwin' | 'mas';

export async function checkNativeModules(appOutDir: string, platform: TargetPlatform): Promise<string[]> {
  const files = await nodeFiles(appOutDir);
  const os = platform === 'mas' ? 'darwin' : platform;
  const missing: string[] = [];
  if (!files.some((f) => f.includes(`/@node-usb/usb-${os}-`))) {
    missing.push(`usb (@node-usb/usb-${os}-*): install it before packaging, e.g. npm install --no-save --os=${os} --cpu=x64 @node-usb/usb-${os}-…@3.1.0`);
  }
  if (!files.some((f) => f.includes('/node-hid/'))) missing.push('node-hid prebuilds');
  if (!files.some((f) => f.includes('/@serialport/bindings-cpp/'))) missing.push('serialport (@serialport/bindings-cpp) prebuilds');
  if (missing.length > 0) throw new MissingNativeModuleError(`the ${platform} package lacks native modules: ${missing.join('; ')}`);
  return files;
}
