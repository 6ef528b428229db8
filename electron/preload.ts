// Preload for the app's window (sandboxed, context-isolated): exposes the device bridge as
// `window.aisleDevices` and the version handshake as `window.aisleShell`, nothing else. The device
// settings are not here: only the shell's own settings page gets them (settings-preload.ts).
// Bundled into one CommonJS file (dist-electron/preload.cjs): a sandboxed preload cannot load
// other modules.
import { contextBridge, ipcRenderer } from 'electron';
import type { DeviceBridge, ShellBridge } from '../shared/device-bridge.ts';
import { DEVICE_BRIDGE_GLOBAL, SHELL_BRIDGE_GLOBAL } from '../shared/ipc-channels.ts';
import { createIpcDeviceBridge, createIpcShellBridge } from './main/preload-bridge.ts';

const bridge = createIpcDeviceBridge(ipcRenderer) satisfies DeviceBridge;
contextBridge.exposeInMainWorld(DEVICE_BRIDGE_GLOBAL, bridge);
contextBridge.exposeInMainWorld(SHELL_BRIDGE_GLOBAL, createIpcShellBridge(ipcRenderer) satisfies ShellBridge);
