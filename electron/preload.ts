// Preload for every Aisle window (sandboxed, context-isolated): exposes the device bridge as
// `window.aisleDevices` and the device settings as `window.aisleSettings`, nothing else. Bundled into one CommonJS file (dist-electron/preload.cjs)
// because a sandboxed preload cannot load other modules.
import { contextBridge, ipcRenderer } from 'electron';
import type { DeviceBridge, DeviceSettingsBridge } from '../shared/device-bridge.ts';
import { DEVICE_BRIDGE_GLOBAL, SETTINGS_BRIDGE_GLOBAL } from '../shared/ipc-channels.ts';
import { createIpcDeviceBridge, createIpcSettingsBridge } from './main/preload-bridge.ts';

const bridge = createIpcDeviceBridge(ipcRenderer) satisfies DeviceBridge;
contextBridge.exposeInMainWorld(DEVICE_BRIDGE_GLOBAL, bridge);
contextBridge.exposeInMainWorld(SETTINGS_BRIDGE_GLOBAL, createIpcSettingsBridge(ipcRenderer) satisfies DeviceSettingsBridge);
