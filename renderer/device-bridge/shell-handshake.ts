// The renderer's side of the version handshake with the installed Electron shell
// (`window.aisleShell`): the page is served by the sync server and updates with it, the shell
// updates on its own. A page newer than the shell's device-bridge contract (or a shell from before
// the handshake) is told to the cashier instead of failing at the first print.
import { DEVICE_BRIDGE_PROTOCOL, shellCompatibility, type ShellBridge, type ShellHello } from '../../shared/device-bridge.ts';
import { DEVICE_BRIDGE_GLOBAL, SHELL_BRIDGE_GLOBAL } from '../../shared/ipc-channels.ts';

export interface ShellCheck {
  compatible: boolean;
  message?: string;
  shell: ShellHello | null;
}

const isShell = (v: unknown): v is ShellBridge => typeof v === 'object' && v !== null && typeof (v as { hello?: unknown }).hello === 'function';

/** null outside Electron (browser tills speak to the hardware service's versioned sub-protocol). */
export async function checkShell(global: Record<string, unknown>, appVersion: string, protocol = DEVICE_BRIDGE_PROTOCOL): Promise<ShellCheck | null> {
  if (global[DEVICE_BRIDGE_GLOBAL] === undefined) return null;
  const bridge = global[SHELL_BRIDGE_GLOBAL];
  // A shell installed before the handshake existed exposes no aisleShell.
  const answer = isShell(bridge) ? await bridge.hello({ protocol, appVersion }) : null;
  const shell = answer?.ok ? answer.value : null;
  return { ...shellCompatibility(shell, protocol), shell };
}
