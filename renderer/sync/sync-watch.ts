// Feeds the sync store: replication outcomes (leader window), a health ping (other windows),
// and the local count of events without an acknowledgement. Events and acks are read straight
// from storage (db/stored-read.ts): cheaper than RxDocuments for whole-collection reads.
import { merge } from 'rxjs';
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

/**
 * Watches sales, sessions and acks; returns the unsubscribe. Reads everything once, then follows
 * the change events, so the count stays O(1) per sale however long the till's history is.
 */
export function watchAcknowledgements(db: TillDatabase): () => void {
  const pending = new Set<string>();
  const acks = new Map<string, Ack>();
  let ready = false;
  const publish = () => {
    if (!ready) return;
    useSyncStore.setState({ unacknowledged: pending.size, unacknowledgedIds: [...pending], flagged: [...acks.values()].filter((a) => a.status !== 'applied') });
  };
  const addEvent = (id: string) => {
    if (!acks.has(id)) pending.add(id);
  };
  const addAck = (ack: Ack) => {
    acks.set(ack.id, ack);
    pending.delete(ack.id);
  };
  const subs = [
    merge(db.sales.eventBulks$, db.sessions.eventBulks$).subscribe((bulk) => {
      for (const e of bulk.events) if (e.operation === 'INSERT') addEvent(e.documentId);
      publish();
    }),
    db.acks.eventBulks$.subscribe((bulk) => {
      for (const e of bulk.events) if (e.operation !== 'DELETE') addAck(e.documentData as Ack);
      publish();
    }),
  ];
  Promise.all([readStored(db.sales), readStored(db.sessions), readStored(db.acks)]).then(
    ([sales, sessions, storedAcks]) => {
      for (const a of storedAcks) addAck(a);
      for (const s of sales) addEvent(s.id);
      for (const s of sessions) addEvent(s.id);
      ready = true;
      publish();
    },
    (error: unknown) => console.error('acknowledgement watch failed', error),
  );
  return () => {
    for (const sub of subs) sub.unsubscribe();
  };
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
