// Main-process end of the device bridge over IPC: one `ipcMain.handle` per invoke channel (the
// names come from shared/ipc-channels.ts), each answered by the hardware host through the same
// dispatcher the WebSocket service uses. Requests from frames outside the app's origin are
// refused. Hardware events go to the app's windows with `webContents.send`.
import type { DeviceBridge } from '../../shared/device-bridge.ts';
import { fail } from '../../shared/device-bridge.ts';
import { EventChannel, invokeChannelNames, type EventChannelName, type EventMap } from '../../shared/ipc-channels.ts';
import { dispatchInvoke } from '../bridge/invoke-dispatch.ts';
import type { IpcMainLike, WebContentsLike } from './electron-api.ts';
import { sameOrigin } from './web-security.ts';

export interface DeviceIpcOptions {
  /** Only frames from this origin may use the bridge. */
  appOrigin: string;
  /** The windows that get hardware events. */
  targets: () => WebContentsLike[];
  log?: (message: string) => void;
}

export function registerDeviceIpc(ipcMain: IpcMainLike, bridge: DeviceBridge, opts: DeviceIpcOptions): () => void {
  for (const channel of invokeChannelNames) {
    ipcMain.handle(channel, async (event, ...args) => {
      const url = event.senderFrame?.url ?? '';
      if (!sameOrigin(url, opts.appOrigin)) {
        opts.log?.(`refused ${channel} from ${url || 'an unknown frame'}`);
        return fail('unauthorized', 'this page may not use the device bridge');
      }
      return dispatchInvoke(bridge, channel, args);
    });
  }
  const forward =
    <C extends EventChannelName>(channel: C) =>
    (payload: EventMap[C]) => {
      for (const wc of opts.targets()) if (!wc.isDestroyed()) wc.send(channel, payload);
    };
  const unsubscribe = [
    bridge.onScan(forward(EventChannel.scan)),
    bridge.onPrinterStatus(forward(EventChannel.printerStatus)),
    bridge.onPrintJob(forward(EventChannel.printJob)),
  ];
  return () => {
    for (const u of unsubscribe) u();
    for (const channel of invokeChannelNames) ipcMain.removeHandler(channel);
  };
}
