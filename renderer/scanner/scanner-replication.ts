// Replication of the station's collections with the sync server (PROTOCOL.md), built on the same
// pieces as the till's (backoff, pull backpressure, SSE stream hints): server-owned collections are
// pulled, `picking_events` and `counts` pushed. Leader window only; never awaited at start, so a
// station that starts offline opens at once and pushes whatever it validated when the server is back.
import { Subject } from 'rxjs';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { RxCollection, RxReplicationPullStreamItem, WithDeleted } from 'rxdb';
import { createBackoff } from '../db/backoff.ts';
import { PullBackpressure } from '../db/pull-backpressure.ts';
import { joinUrl, requestJson } from '../db/server-api.ts';
import { openSyncStream, type SyncStream } from '../db/sync-stream.ts';
import type { ScannerCollectionName, ScannerDatabase } from './scanner-database.ts';

const pulled = ['config', 'products', 'stock', 'pickings', 'acks'] as const satisfies readonly ScannerCollectionName[];
const pushed = ['picking_events', 'counts'] as const satisfies readonly ScannerCollectionName[];

export interface ScannerReplicationEvents {
  onSuccess(): void;
  onError(what: string, error: unknown): void;
  onStream(up: boolean): void;
}

export interface ScannerReplication {
  leadership: Promise<void>;
  cancel(): Promise<void>;
}

type PullResponse = { documents: Record<string, unknown>[]; checkpoint: unknown };
type AnyState = RxReplicationState<Record<string, unknown>, unknown>;

function stripDeleted(doc: Record<string, unknown>): Record<string, unknown> {
  const { _deleted: _ignored, ...rest } = doc;
  return rest;
}

export function startScannerReplication(db: ScannerDatabase, conn: { serverUrl: string; token: string }, events: ScannerReplicationEvents): ScannerReplication {
  const streams = new Map<string, Subject<RxReplicationPullStreamItem<Record<string, unknown>, unknown>>>();
  const states: AnyState[] = [];
  const closers: (() => void)[] = [];

  for (const name of pulled) {
    const stream$ = new Subject<RxReplicationPullStreamItem<Record<string, unknown>, unknown>>();
    streams.set(name, stream$);
    const backoff = createBackoff();
    const collection = db.collections[name] as unknown as RxCollection<Record<string, unknown>>;
    const backpressure = new PullBackpressure(collection as unknown as RxCollection);
    closers.push(() => backpressure.close());
    const state: AnyState = replicateRxCollection<Record<string, unknown>, unknown>({
      replicationIdentifier: `aisle-pull-${name}-${conn.serverUrl}`,
      collection,
      live: true,
      retryTime: backoff.current,
      waitForLeadership: true,
      toggleOnDocumentVisible: false,
      autoStart: true,
      pull: {
        batchSize: 1000,
        stream$: stream$.asObservable(),
        handler: async (checkpoint: unknown, limit: number) => {
          const query = new URLSearchParams({ limit: String(limit) });
          if (checkpoint !== undefined && checkpoint !== null) query.set('checkpoint', JSON.stringify(checkpoint));
          await backpressure.ready();
          try {
            const res = await requestJson<PullResponse>(joinUrl(conn.serverUrl, `/api/sync/${name}/pull?${query}`), { token: conn.token });
            state.retryTime = backoff.succeed();
            if (res.documents.length === limit) backpressure.expect(res.documents.length);
            events.onSuccess();
            const documents = res.documents.map((d) => ({ ...d, _deleted: d._deleted === true }) as WithDeleted<Record<string, unknown>>);
            return { documents, checkpoint: res.checkpoint };
          } catch (error) {
            state.retryTime = backoff.fail();
            events.onError(`pull ${name}`, error);
            throw error;
          }
        },
      },
    });
    states.push(state);
  }

  for (const name of pushed) {
    const backoff = createBackoff();
    const state: AnyState = replicateRxCollection<Record<string, unknown>, unknown>({
      replicationIdentifier: `aisle-push-${name}-${conn.serverUrl}`,
      collection: db.collections[name] as unknown as RxCollection<Record<string, unknown>>,
      live: true,
      retryTime: backoff.current,
      waitForLeadership: true,
      toggleOnDocumentVisible: false,
      autoStart: true,
      push: {
        batchSize: 50,
        handler: async (rows) => {
          const body = rows.map((row) => ({
            newDocumentState: stripDeleted(row.newDocumentState),
            ...(row.assumedMasterState ? { assumedMasterState: stripDeleted(row.assumedMasterState) } : {}),
          }));
          try {
            const conflicts = await requestJson<WithDeleted<Record<string, unknown>>[]>(joinUrl(conn.serverUrl, `/api/sync/${name}/push`), {
              method: 'POST',
              body,
              token: conn.token,
            });
            state.retryTime = backoff.succeed();
            events.onSuccess();
            return conflicts;
          } catch (error) {
            state.retryTime = backoff.fail();
            events.onError(`push ${name}`, error);
            throw error;
          }
        },
      },
    });
    states.push(state);
  }

  let stream: SyncStream | null = null;
  let cancelled = false;
  const resyncAll = () => {
    for (const s of streams.values()) s.next('RESYNC');
  };
  const leadership = db.waitForLeadership().then(() => {
    if (cancelled) return;
    stream = openSyncStream(joinUrl(conn.serverUrl, `/api/sync/stream?token=${encodeURIComponent(conn.token)}`), {
      onOpen: () => events.onStream(true),
      onDown: () => events.onStream(false),
      onHint: (hint) => {
        if (hint.collection === null) {
          resyncAll();
          // Pushes waiting out a backoff retry go at once when the server is reachable again.
          for (const s of states) s.retryTime = 1000;
        } else streams.get(hint.collection)?.next('RESYNC');
      },
    });
  });

  return {
    leadership,
    cancel: async () => {
      cancelled = true;
      stream?.close();
      for (const close of closers) close();
      await Promise.all(states.map((s) => s.cancel()));
    },
  };
}
