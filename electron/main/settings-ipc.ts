// Main-process end of `window.aisleSettings`: read the device settings, or validate, store and
// apply them. Applying means restarting the app (window, printers, scanners, service all follow
// from the settings); the renderer's state is in IndexedDB, so nothing is lost. Only the settings
// page the shell ships (settings-window.ts, its own origin) may call it — not the server's pages:
// changing the server URL decides which pages get the hardware.
import { fail, ok, type Result } from '../../shared/device-bridge.ts';
import { SettingsChannel } from '../../shared/ipc-channels.ts';
import { SettingsError, type AisleSettings } from '../settings/settings-schema.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import type { IpcMainLike } from './electron-api.ts';
import { schemeHost } from './settings-window.ts';

export interface SettingsIpcOptions {
  /** The settings page's origin (aisle-settings://app). */
  settingsOrigin: string;
  /** Called after a successful save (main: relaunch the app). */
  onSaved: (settings: AisleSettings) => void;
  log?: (message: string) => void;
}

export function registerSettingsIpc(ipcMain: IpcMainLike, store: SettingsStore, opts: SettingsIpcOptions): () => void {
  const guard = (url: string | undefined, channel: string): Result<never> | null => {
    if (schemeHost(url ?? '') === opts.settingsOrigin) return null;
    opts.log?.(`refused ${channel} from ${url ?? 'an unknown frame'}`);
    return fail('unauthorized', 'this page may not change device settings');
  };
  ipcMain.handle(SettingsChannel.get, async (event) => {
    const refused = guard(event.senderFrame?.url, SettingsChannel.get);
    if (refused) return refused;
    try {
      return ok(await store.load());
    } catch (e) {
      return e instanceof SettingsError ? fail('bad-request', e.message) : fail('internal', (e as Error).message);
    }
  });
  ipcMain.handle(SettingsChannel.save, async (event, settings) => {
    const refused = guard(event.senderFrame?.url, SettingsChannel.save);
    if (refused) return refused;
    try {
      const saved = await store.save(settings as AisleSettings);
      opts.log?.('settings saved; restarting to apply them');
      opts.onSaved(saved);
      return ok(saved);
    } catch (e) {
      if (e instanceof SettingsError) return fail('bad-request', e.message);
      return fail('internal', (e as Error).message);
    }
  });
  return () => {
    ipcMain.removeHandler(SettingsChannel.get);
    ipcMain.removeHandler(SettingsChannel.save);
  };
}
