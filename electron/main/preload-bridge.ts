// The renderer-side device bridge over Electron IPC, built from an ipcRenderer. preload.ts exposes
// the result through contextBridge. Only payloads cross: listeners never see the IpcRendererEvent
// (it would hand the page a reference to Electron internals).
import type { DeviceBridge, DeviceSettingsBridge, Result, ShellBridge, ShellHello, Unsubscribe } from '../../shared/device-bridge.ts';
import {
  EventChannel,
  InvokeChannel,
  SettingsChannel,
  ShellChannel,
  type EventChannelName,
  type EventMap,
  type InvokeChannelName,
  type InvokeMap,
  type SettingsInvokeMap,
} from '../../shared/ipc-channels.ts';
import type { IpcRendererLike } from './electron-api.ts';

export function createIpcDeviceBridge(ipc: IpcRendererLike): DeviceBridge {
  const invoke = async <C extends InvokeChannelName>(channel: C, ...args: InvokeMap[C]['args']): Promise<InvokeMap[C]['result']> => {
    try {
      return (await ipc.invoke(channel, ...args)) as InvokeMap[C]['result'];
    } catch (e) {
      // Only when main has no handler (starting up, or shutting down): still a Result.
      const failure: Result<never> = { ok: false, error: { code: 'unavailable', message: `device bridge: ${(e as Error).message}` } };
      return failure;
    }
  };
  const listen = <C extends EventChannelName>(channel: C, listener: (payload: EventMap[C]) => void): Unsubscribe => {
    const handler = (_event: unknown, payload: unknown): void => {
      listener(payload as EventMap[C]);
    };
    ipc.on(channel, handler);
    return () => {
      ipc.removeListener(channel, handler);
    };
  };
  return {
    printReceipt: (receipt, opts) => invoke(InvokeChannel.printReceipt, receipt, opts),
    reprint: (jobId) => invoke(InvokeChannel.reprint, jobId),
    listJobs: () => invoke(InvokeChannel.listJobs),
    testPrint: (printerId) => invoke(InvokeChannel.testPrint, printerId),
    openDrawer: (opts) => invoke(InvokeChannel.openDrawer, opts),
    printerStatus: (printerId) => invoke(InvokeChannel.printerStatus, printerId),
    listDevices: () => invoke(InvokeChannel.listDevices),
    onScan: (l) => listen(EventChannel.scan, l),
    onPrinterStatus: (l) => listen(EventChannel.printerStatus, l),
    onPrintJob: (l) => listen(EventChannel.printJob, l),
  };
}

export function createIpcSettingsBridge(ipc: IpcRendererLike): DeviceSettingsBridge {
  const invoke = async <C extends keyof SettingsInvokeMap>(channel: C, ...args: SettingsInvokeMap[C]['args']): Promise<SettingsInvokeMap[C]['result']> => {
    try {
      return (await ipc.invoke(channel, ...args)) as SettingsInvokeMap[C]['result'];
    } catch (e) {
      const failure: Result<never> = { ok: false, error: { code: 'unavailable', message: `settings: ${(e as Error).message}` } };
      return failure;
    }
  };
  return {
    getSettings: () => invoke(SettingsChannel.get),
    saveSettings: (settings) => invoke(SettingsChannel.save, settings),
  };
}

export function createIpcShellBridge(ipc: IpcRendererLike): ShellBridge {
  return {
    hello: async (renderer) => {
      try {
        return (await ipc.invoke(ShellChannel.hello, renderer)) as Result<ShellHello>;
      } catch (e) {
        const failure: Result<never> = { ok: false, error: { code: 'unavailable', message: `shell: ${(e as Error).message}` } };
        return failure;
      }
    },
  };
}
