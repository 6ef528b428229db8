// Feeds the sync store: replication outcomes (leader window), a health ping (other windows),
// and the local count of events without an acknowledgement.
import { combineLatest, map } from 'rxjs';
import type { Ack } from '../../shared/schemas/index.ts';
import type { TillDatabase } from '../db/database.ts';
import type { ReplicationEvents } from '../db/replication.ts';
import { joinUrl, requestJson, ServerApiError } from '../db/server-api.ts';
import { markSyncFailure, markSyncSuccess, useSyncStore } from './sync-store.ts';

export function describeError(error: unknown): string {
  if (error instanceof ServerApiError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

export const replicationEventsToStore: ReplicationEvents = {
  onSuccess: () => markSyncSuccess(),
  onError: (collection, direction, error) => markSyncFailure(`${direction} ${collection}: ${describeError(error)}`),
  onStream: (up) => (up ? markSyncSuccess() : markSyncFailure('live stream disconnected')),
};

export function unacknowledgedCount(eventIds: readonly string[], acks: ReadonlySet<string>): number {
  let n = 0;
  for (const id of eventIds) if (!acks.has(id)) n++;
  return n;
}

/** Watches sales, sessions and acks; returns the unsubscribe. */
export function watchAcknowledgements(db: TillDatabase): () => void {
  const sub = combineLatest([db.sales.find().$, db.sessions.find().$, db.acks.find().$])
    .pipe(
      map(([sales, sessions, acks]) => {
        const ackDocs: Ack[] = acks.map((a) => a.toMutableJSON());
        const ackIds = new Set(ackDocs.map((a) => a.id));
        const ids = [...sales.map((s) => s.id), ...sessions.map((s) => s.id)];
        return { unacknowledged: unacknowledgedCount(ids, ackIds), flagged: ackDocs.filter((a) => a.status !== 'applied') };
      }),
    )
    .subscribe((state) => useSyncStore.setState(state));
  return () => sub.unsubscribe();
}

/** Non-leader windows do not replicate; they learn online/offline from a light health ping. */
export function pingHealthWhileFollower(serverUrl: string, everyMs = 10_000): () => void {
  const tick = () => {
    if (useSyncStore.getState().leader) return;
    requestJson(joinUrl(serverUrl, '/api/health'), { timeoutMs: 5_000 }).then(
      () => useSyncStore.setState({ online: true, lastError: null }),
      (error: unknown) => markSyncFailure(describeError(error)),
    );
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return () => clearInterval(timer);
}
