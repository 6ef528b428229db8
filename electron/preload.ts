// Preload for every Aisle window (sandboxed, context-isolated): exposes the device bridge as
// `window.aisleDevices`, the device settings as `window.aisleSettings` and the version handshake as
// `window.aisleShell`, nothing else. Bundled into one CommonJS file (dist-electron/preload.cjs)
// because a sandboxed preload cannot load other modules.
import { contextBridge, ipcRenderer } from 'electron';
import type { DeviceBridge, DeviceSettingsBridge, ShellBridge } from '../shared/device-bridge.ts';
import { DEVICE_BRIDGE_GLOBAL, SETTINGS_BRIDGE_GLOBAL, SHELL_BRIDGE_GLOBAL } from '../shared/ipc-channels.ts';
import { createIpcDeviceBridge, createIpcSettingsBridge, createIpcShellBridge } from './main/preload-bridge.ts';

const bridge = createIpcDeviceBridge(ipcRenderer) satisfies DeviceBridge;
contextBridge.exposeInMainWorld(DEVICE_BRIDGE_GLOBAL, bridge);
contextBridge.exposeInMainWorld(SETTINGS_BRIDGE_GLOBAL, createIpcSettingsBridge(ipcRenderer) satisfies DeviceSettingsBridge);
contextBridge.exposeInMainWorld(SHELL_BRIDGE_GLOBAL, createIpcShellBridge(ipcRenderer) satisfies ShellBridge);
