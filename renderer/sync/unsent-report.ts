// Tells the server how many of this device's events still wait for an acknowledgement (POST
// /api/sync/status), so the back office's device list shows what a till or scanner station has not
// sent yet. Only the leader window reports (it is the one that syncs); a figure is sent when it
// differs from the last one the server took (at most once a second, the latest figure), and again after a failure
// as soon as the device is back online.
import type { DeviceStatusReport } from '../../shared/schemas/device-status.ts';
import { joinUrl, requestJson } from '../db/server-api.ts';
import { useSyncStore } from './sync-store.ts';

export function reportUnsent(conn: { serverUrl: string; token: string }, settleMs = 1_000): () => void {
  let reported: number | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sending = false;
  let stopped = false;

  const send = async (): Promise<void> => {
    timer = undefined;
    const body: DeviceStatusReport = { unsent: useSyncStore.getState().unacknowledged };
    sending = true;
    try {
      await requestJson(joinUrl(conn.serverUrl, '/api/sync/status'), { method: 'POST', body, token: conn.token, timeoutMs: 10_000 });
      reported = body.unsent;
    } catch (error) {
      // Not worth a banner: the sync status already says offline; the next change or reconnection retries.
      console.warn('unsent count not reported', error);
    } finally {
      sending = false;
    }
    if (!stopped) consider();
  };

  const consider = (): void => {
    const s = useSyncStore.getState();
    if (!s.leader || !s.online || sending || timer !== undefined || s.unacknowledged === reported) return;
    timer = setTimeout(() => void send(), settleMs);
  };

  const unsubscribe = useSyncStore.subscribe(consider);
  consider();
  return () => {
    stopped = true;
    unsubscribe();
    clearTimeout(timer);
  };
}
