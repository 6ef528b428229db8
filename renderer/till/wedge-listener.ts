// Keyboard-wedge scanning anywhere on a device screen (till and scanner station), with the one
// detector of renderer/device-bridge/keyboard-wedge.ts: the caller gets the scanned code.
import { attachKeyboardWedge, type WedgeHooks, type WedgeOptions } from '../device-bridge/keyboard-wedge.ts';

export function installWedgeListener(onScan: (code: string) => void, options?: WedgeOptions, hooks?: WedgeHooks): () => void {
  return attachKeyboardWedge(window, (event) => onScan(event.raw), options, hooks);
}
