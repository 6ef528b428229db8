// A renderer that crashes or is killed is reloaded: the till's state lives in IndexedDB, so a
// reload loses nothing. More than `maxReloads` crashes inside `windowMs` stops the loop (a page
// that crashes on load would otherwise spin) and is logged for the operator.
import type { WebContentsLike } from './electron-api.ts';

export interface CrashRecoveryOptions {
  delayMs?: number;
  maxReloads?: number;
  windowMs?: number;
  now?: () => number;
  log: (message: string) => void;
}

export function installCrashRecovery(contents: WebContentsLike, opts: CrashRecoveryOptions): void {
  const now = opts.now ?? Date.now;
  const recent: number[] = [];
  contents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    const t = now();
    const windowMs = opts.windowMs ?? 60_000;
    while (recent.length > 0 && (recent[0] ?? 0) < t - windowMs) recent.shift();
    if (recent.length >= (opts.maxReloads ?? 5)) {
      opts.log(`renderer gone (${details.reason}); ${String(recent.length)} reloads in the last minute, not reloading again`);
      return;
    }
    recent.push(t);
    opts.log(`renderer gone (${details.reason}, exit ${String(details.exitCode)}); reloading`);
    setTimeout(() => {
      if (!contents.isDestroyed()) contents.reload();
    }, opts.delayMs ?? 1000);
  });
}

/** Chromium's "aborted" error: a newer navigation replaced this one, not a failure. */
const ERR_ABORTED = -3;

/**
 * The first start of a till whose server is unreachable (no app shell cached yet) gets a retry
 * every `retryMs` instead of a blank window; once the service worker has cached the shell, the
 * page opens offline and this never fires.
 */
export function installLoadRetry(
  window: { loadURL(url: string): Promise<void>; isDestroyed(): boolean; webContents: WebContentsLike },
  url: string,
  opts: { retryMs?: number; log: (message: string) => void },
): void {
  let pending: ReturnType<typeof setTimeout> | null = null;
  window.webContents.on('did-fail-load', (_event, errorCode, errorDescription, validatedURL, isMainFrame) => {
    if (!isMainFrame || errorCode === ERR_ABORTED || pending) return;
    opts.log(`could not load ${validatedURL} (${errorDescription}); retrying`);
    pending = setTimeout(() => {
      pending = null;
      if (!window.isDestroyed()) {
        window.loadURL(url).catch((e: unknown) => {
          opts.log(`retry of ${url} failed: ${(e as Error).message}`);
        });
      }
    }, opts.retryMs ?? 5000);
  });
}
