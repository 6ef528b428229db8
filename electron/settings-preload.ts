// Preload of the settings window only (settings-window.ts): exposes `window.aisleSettings`, nothing
// else. The app's pages (served by the sync server) get no settings bridge at all.
import { contextBridge, ipcRenderer } from 'electron';
import type { DeviceSettingsBridge } from '../shared/device-bridge.ts';
import { SETTINGS_BRIDGE_GLOBAL } from '../shared/ipc-channels.ts';
import { createIpcSettingsBridge } from './main/preload-bridge.ts';

contextBridge.exposeInMainWorld(SETTINGS_BRIDGE_GLOBAL, createIpcSettingsBridge(ipcRenderer) satisfies DeviceSettingsBridge);
