// Feeds the sync store: replication outcomes (leader window), a health ping (other windows),
// and the local count of events without an acknowledgement. Acks are read from storage only
// (db/stored-read.ts explains why they must never become RxDocuments).
import { debounceTime, merge, startWith, switchMap } from 'rxjs';
import type { Ack } from '../../shared/schemas/index.ts';
import type { TillDatabase } from '../db/database.ts';
import { readStored } from '../db/stored-read.ts';
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
  const sub = merge(db.sales.eventBulks$, db.sessions.eventBulks$, db.acks.eventBulks$)
    .pipe(
      debounceTime(100),
      startWith(null),
      switchMap(async () => {
        const [sales, sessions, acks] = await Promise.all([readStored(db.sales), readStored(db.sessions), readStored(db.acks)]);
        const ackDocs: Ack[] = acks;
        const ackIds = new Set(ackDocs.map((a) => a.id));
        const ids = [...sales.map((s) => s.id), ...sessions.map((s) => s.id)];
        return { unacknowledged: unacknowledgedCount(ids, ackIds), flagged: ackDocs.filter((a) => a.status !== 'applied') };
      }),
    )
    .subscribe({ next: (state) => useSyncStore.setState(state), error: (error: unknown) => console.error('acknowledgement watch failed', error) });
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
