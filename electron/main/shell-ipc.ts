// Main-process end of `window.aisleShell`: the version handshake between the served renderer and
// the installed shell. The renderer says which device-bridge protocol it speaks and its version;
// the shell answers with its own, logs a mismatch (the till shows it) and keeps working — an
// older page on a newer shell, or the reverse, is for people to fix with an update, not a crash.
import { DEVICE_BRIDGE_PROTOCOL, fail, ok, shellCompatibility, type RendererHello, type Result, type ShellHello } from '../../shared/device-bridge.ts';
import { ShellChannel } from '../../shared/ipc-channels.ts';
import type { IpcMainLike } from './electron-api.ts';
import { sameOrigin } from './web-security.ts';

export interface ShellIpcOptions {
  appOrigin: string;
  shellVersion: string;
  /** The protocol this shell speaks (tests pass another to see a mismatch). */
  protocol?: number;
  log?: (message: string) => void;
}

const isHello = (v: unknown): v is RendererHello =>
  typeof v === 'object' && v !== null && Number.isInteger((v as RendererHello).protocol) && typeof (v as RendererHello).appVersion === 'string';

export function registerShellIpc(ipcMain: IpcMainLike, opts: ShellIpcOptions): () => void {
  const shell: ShellHello = { protocol: opts.protocol ?? DEVICE_BRIDGE_PROTOCOL, shellVersion: opts.shellVersion };
  ipcMain.handle(ShellChannel.hello, async (event, renderer): Promise<Result<ShellHello>> => {
    if (!sameOrigin(event.senderFrame?.url ?? '', opts.appOrigin)) return fail('unauthorized', 'this page may not use the shell');
    if (!isHello(renderer)) return fail('bad-request', 'hello needs { protocol, appVersion }');
    const verdict = shellCompatibility(shell, renderer.protocol);
    opts.log?.(
      `renderer ${renderer.appVersion} (protocol ${String(renderer.protocol)}) on shell ${shell.shellVersion} (protocol ${String(shell.protocol)})` +
        (verdict.compatible ? '' : `: MISMATCH — ${verdict.message ?? ''}`),
    );
    return ok(shell);
  });
  return () => ipcMain.removeHandler(ShellChannel.hello);
}
