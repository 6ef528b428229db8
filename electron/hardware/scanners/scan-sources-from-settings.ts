// Builds the scanner sources a device's settings ask for. A native module that fails to load (no
// prebuild for this platform) disables that kind of scanner with a logged reason; the keyboard
// wedge in the renderer keeps working regardless.
import type { ScannerSettings } from '../../settings/settings-schema.ts';
import { HidScannerSource, nativeHidApi } from './hid-scanners.ts';
import type { ScanSource } from './scan-source.ts';
import { nativeSerialApi, SerialScannerSource } from './serial-scanner.ts';

export async function scanSourcesFromSettings(s: ScannerSettings, log: (message: string) => void): Promise<ScanSource[]> {
  const sources: ScanSource[] = [];
  if (s.hid) {
    try {
      sources.push(new HidScannerSource(await nativeHidApi(), { onError: log }));
    } catch (e) {
      log(`HID scanners disabled: node-hid did not load: ${(e as Error).message}`);
    }
  }
  if (s.serial.length > 0) {
    try {
      const api = await nativeSerialApi();
      for (const port of s.serial) sources.push(new SerialScannerSource(api, port, { onError: log }));
    } catch (e) {
      log(`serial scanners disabled: serialport did not load: ${(e as Error).message}`);
    }
  }
  return sources;
}
