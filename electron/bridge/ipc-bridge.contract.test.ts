// The device bridge contract through Electron IPC: preload bridge → (fake) ipcRenderer →
// (fake) ipcMain handlers → HardwareHost, with structured cloning across the boundary.
import { createIpcDeviceBridge } from '../main/preload-bridge.ts';
import { registerDeviceIpc } from '../main/device-ipc.ts';
import { FakeContextBridge, FakeIpcMain, FakeIpcRenderer, FakeWebContents } from '../main/testing/fake-electron.ts';
import type { DeviceBridge } from '../../shared/device-bridge.ts';
import { deviceBridgeContract } from './testing/device-bridge-contract.ts';

deviceBridgeContract('Electron IPC (electron faked)', async (host) => {
  const ipcMain = new FakeIpcMain();
  const contents = new FakeWebContents();
  const unregister = registerDeviceIpc(ipcMain, host, { appOrigin: 'http://127.0.0.1:8787', targets: () => [contents] });
  const contextBridge = new FakeContextBridge();
  contextBridge.exposeInMainWorld('aisleDevices', createIpcDeviceBridge(new FakeIpcRenderer(ipcMain, contents, 'http://127.0.0.1:8787/till')));
  return {
    bridge: contextBridge.mainWorld.aisleDevices as DeviceBridge,
    teardown: async () => {
      unregister();
    },
  };
});
