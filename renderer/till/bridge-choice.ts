// The device bridge for this till window, chosen by renderer/device-bridge (Electron preload, the
// local hardware service, or the screen bridge). Keyboard-wedge scans are read by the till's own
// listener (till/wedge-listener.ts), which knows about the entry box, so the bridge's is off.
import type { DeviceBridge } from '../../shared/device-bridge.ts';
import { deviceBridgeForWindow } from '../device-bridge/select-device-bridge.ts';

export function chooseBridge(): DeviceBridge {
  return deviceBridgeForWindow({ wedge: false }).bridge;
}
