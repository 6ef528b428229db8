// Replication of the till's collections with the sync server (PROTOCOL.md):
// server-owned collections are pulled (checkpointed) and kept live through the SSE stream;
// device-owned collections are pushed only. RxDB starts a replication only in the leader window
// (`waitForLeadership`), so two windows never push or pull twice; `toggleOnDocumentVisible` is off
// because RxDB would otherwise start a non-leader's replication when its window becomes visible.
// Nothing here is awaited at start-up: a till that starts offline opens at once.
import { Subject } from 'rxjs';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { RxCollection, RxReplicationPullStreamItem, WithDeleted } from 'rxdb';
import { createBackoff } from './backoff.ts';
import { PullBackpressure } from './pull-backpressure.ts';
import type { TillCollectionName, TillCollections, TillDatabase } from './database.ts';
import { joinUrl, requestJson } from './server-api.ts';
import { openSyncStream, type SyncStream } from './sync-stream.ts';

export const serverOwned = ['config', 'products', 'customers', 'stock', 'acks'] as const satisfies readonly TillCollectionName[];
export const deviceOwned = ['sales', 'sessions'] as const satisfies readonly TillCollectionName[];
/** Pulled only after the first full pull of products (see below). */
const deferredUntilCatalog: ReadonlySet<TillCollectionName> = new Set(['stock']);

export interface ReplicationConnection {
  serverUrl: string;
  token: string;
  /** Documents per pull request. */
  pullBatchSize?: number;
}

export interface ReplicationEvents {
  onSuccess(collection: TillCollectionName, direction: 'pull' | 'push', count: number): void;
  onError(collection: TillCollectionName, direction: 'pull' | 'push', error: unknown): void;
  onStream(up: boolean): void;
}

export interface TillReplication {
  states: RxReplicationState<unknown, unknown>[];
  /** Resolves when this window became leader (replication actually runs here). */
  leadership: Promise<void>;
  /** Ask every pull to fetch now (e.g. after coming back online). */
  resyncAll(): void;
  cancel(): Promise<void>;
}

type PullResponse = { documents: Record<string, unknown>[]; checkpoint: unknown };
type PulledDoc<N extends TillCollectionName> = WithDeleted<TillCollections[N] extends { insert(d: infer D): unknown } ? D : never>;

function withDeletedFlag<T>(doc: Record<string, unknown>): WithDeleted<T> {
  return { ...doc, _deleted: doc._deleted === true } as WithDeleted<T>;
}

export function startReplication(db: TillDatabase, conn: ReplicationConnection, events: ReplicationEvents): TillReplication {
  const streams = new Map<string, Subject<RxReplicationPullStreamItem<unknown, unknown>>>();
  const states: RxReplicationState<unknown, unknown>[] = [];
  const batch = conn.pullBatchSize ?? 1000;

  const closers: (() => void)[] = [];
  const byName = new Map<string, RxReplicationState<unknown, unknown>>();
  for (const name of serverOwned) {
    const stream$ = new Subject<RxReplicationPullStreamItem<unknown, unknown>>();
    streams.set(name, stream$);
    const backoff = createBackoff();
    const backpressure = new PullBackpressure(db.collections[name] as unknown as RxCollection);
    closers.push(() => backpressure.close());
    const state: RxReplicationState<PulledDoc<typeof name>, unknown> = replicateRxCollection({
      replicationIdentifier: `aisle-pull-${name}-${conn.serverUrl}`,
      collection: db.collections[name] as unknown as TillCollections['products'],
      live: true,
      retryTime: backoff.current,
      waitForLeadership: true,
      toggleOnDocumentVisible: false,
      autoStart: !deferredUntilCatalog.has(name),
      pull: {
        batchSize: batch,
        stream$: stream$.asObservable() as never,
        handler: async (checkpoint: unknown, limit: number) => {
          const query = new URLSearchParams({ limit: String(limit) });
          if (checkpoint !== undefined && checkpoint !== null) query.set('checkpoint', JSON.stringify(checkpoint));
          await backpressure.ready();
          try {
            const res = await requestJson<PullResponse>(joinUrl(conn.serverUrl, `/api/sync/${name}/pull?${query}`), { token: conn.token });
            state.retryTime = backoff.succeed();
            // A full page means more follow: let this one be stored before fetching the next.
            if (res.documents.length === limit) backpressure.expect(res.documents.length);
            events.onSuccess(name, 'pull', res.documents.length);
            return { documents: res.documents.map((d) => withDeletedFlag<PulledDoc<typeof name>>(d)), checkpoint: res.checkpoint };
          } catch (error) {
            state.retryTime = backoff.fail();
            events.onError(name, 'pull', error);
            throw error;
          }
        },
      },
    }) as unknown as RxReplicationState<PulledDoc<typeof name>, unknown>;
    states.push(state as unknown as RxReplicationState<unknown, unknown>);
    byName.set(name, state as unknown as RxReplicationState<unknown, unknown>);
  }

  for (const name of deviceOwned) {
    const backoff = createBackoff();
    const state = replicateRxCollection({
      replicationIdentifier: `aisle-push-${name}-${conn.serverUrl}`,
      collection: db.collections[name] as unknown as TillCollections['sales'],
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
            const conflicts = await requestJson<unknown[]>(joinUrl(conn.serverUrl, `/api/sync/${name}/push`), {
              method: 'POST',
              body,
              token: conn.token,
            });
            state.retryTime = backoff.succeed();
            events.onSuccess(name, 'push', rows.length);
            return conflicts as never[];
          } catch (error) {
            state.retryTime = backoff.fail();
            events.onError(name, 'push', error);
            throw error;
          }
        },
      },
    });
    states.push(state as unknown as RxReplicationState<unknown, unknown>);
  }

  let stream: SyncStream | null = null;
  let cancelled = false;
  // Stock is pulled once the catalog is in: on a fresh till the two would otherwise share the
  // first minute of CPU and storage, and the till sells from products, not from stock levels.
  // Started only in the leader window, like every other replication.
  const products = byName.get('products');
  for (const name of deferredUntilCatalog) {
    const deferred = byName.get(name);
    if (!deferred || !products) continue;
    void db
      .waitForLeadership()
      .then(() => products.awaitInitialReplication())
      .then(() => (cancelled ? undefined : deferred.start()))
      .catch((error: unknown) => events.onError(name, 'pull', error));
  }
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
          // Pushes waiting out a backoff retry immediately once the server is reachable again.
          for (const s of states) s.retryTime = 1000;
        } else streams.get(hint.collection)?.next('RESYNC');
      },
    });
  });

  return {
    states,
    leadership,
    resyncAll,
    cancel: async () => {
      cancelled = true;
      stream?.close();
      for (const close of closers) close();
      await Promise.all(states.map((s) => s.cancel()));
    },
  };
}

function stripDeleted<T extends object>(doc: T): Omit<T, '_deleted'> {
  const { _deleted: _ignored, ...rest } = doc as T & { _deleted?: boolean };
  return rest;
}
