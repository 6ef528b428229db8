// Replication of a device's collections with the sync server (PROTOCOL.md), shared by the till
// and the scanner station: server-owned collections are pulled (checkpointed, one page stored
// before the next is fetched) and kept live through the SSE stream; device-owned collections are
// pushed only. A pull without a checkpoint (the collection's first) is a first load: its pages go
// straight into storage (first-load.ts, stored-write.ts), and RxDB takes over from its checkpoint. RxDB starts a replication only in the leader window (`waitForLeadership`), so two
// windows never push or pull twice; `toggleOnDocumentVisible` is off because RxDB would otherwise
// start a non-leader's replication when its window becomes visible. Nothing here is awaited at
// start-up: a device that starts offline opens at once.
import { Subject } from 'rxjs';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { RxCollection, RxReplicationPullStreamItem, WithDeleted } from 'rxdb';
import { createBackoff } from './backoff.ts';
import { loadFirstPages, type PulledPage } from './first-load.ts';
import { PullBackpressure } from './pull-backpressure.ts';
import { joinUrl, requestJson } from './server-api.ts';
import { storedWriter } from './stored-write.ts';
import { openSyncStream, type SyncStream } from './sync-stream.ts';

export interface ReplicationConnection {
  serverUrl: string;
  token: string;
  /** Documents per pull request (default 1,000). */
  pullBatchSize?: number;
}

export interface ReplicationPlan<Name extends string> {
  pulled: readonly Name[];
  pushed: readonly Name[];
  /** Pulled only after the first full pull of `after` (e.g. stock after products on a fresh till). */
  deferred?: { after: Name; collections: ReadonlySet<Name> };
}

export interface CollectionReplicationEvents<Name extends string> {
  onSuccess(collection: Name, direction: 'pull' | 'push', count: number): void;
  onError(collection: Name, direction: 'pull' | 'push', error: unknown): void;
  onStream(up: boolean): void;
}

/** The part of an RxDatabase replication needs; typed databases (till, scanner) fit it. */
export interface ReplicatedDatabase {
  readonly collections: object;
  waitForLeadership(): Promise<unknown>;
}

export interface CollectionReplication {
  states: RxReplicationState<unknown, unknown>[];
  /** Resolves when this window became leader (replication actually runs here). */
  leadership: Promise<void>;
  /** Ask every pull to fetch now (e.g. after coming back online). */
  resyncAll(): void;
  /** Resolves once a pulled collection's first full pull is stored (in the leader window). */
  initialPull(collection: string): Promise<void>;
  cancel(): Promise<void>;
}

type Doc = Record<string, unknown>;
type State = RxReplicationState<Doc, unknown>;
type PullResponse = { documents: Doc[]; checkpoint: unknown };

function stripDeleted(doc: Doc): Doc {
  const { _deleted: _ignored, ...rest } = doc;
  return rest;
}

export function replicateCollections<Name extends string>(
  db: ReplicatedDatabase,
  plan: ReplicationPlan<Name>,
  conn: ReplicationConnection,
  events: CollectionReplicationEvents<Name>,
): CollectionReplication {
  const streams = new Map<string, Subject<RxReplicationPullStreamItem<Doc, unknown>>>();
  const states: State[] = [];
  const byName = new Map<Name, State>();
  const closers: (() => void)[] = [];
  const collectionOf = (name: Name): RxCollection<Doc> => (db.collections as Record<string, unknown>)[name] as RxCollection<Doc>;

  const fetchPage = async (name: Name, checkpoint: unknown, limit: number): Promise<PulledPage> => {
    const query = new URLSearchParams({ limit: String(limit) });
    if (checkpoint !== undefined && checkpoint !== null) query.set('checkpoint', JSON.stringify(checkpoint));
    const res = await requestJson<PullResponse>(joinUrl(conn.serverUrl, `/api/sync/${name}/pull?${query}`), { token: conn.token });
    return { documents: res.documents.map((d) => ({ ...d, _deleted: d._deleted === true }) as WithDeleted<Doc>), checkpoint: res.checkpoint };
  };

  for (const name of plan.pulled) {
    const stream$ = new Subject<RxReplicationPullStreamItem<Doc, unknown>>();
    streams.set(name, stream$);
    const backoff = createBackoff();
    const collection = collectionOf(name);
    const backpressure = new PullBackpressure(collection as unknown as RxCollection);
    closers.push(() => backpressure.close());
    const state: State = replicateRxCollection<Doc, unknown>({
      replicationIdentifier: `aisle-pull-${name}-${conn.serverUrl}`,
      collection,
      live: true,
      retryTime: backoff.current,
      waitForLeadership: true,
      toggleOnDocumentVisible: false,
      autoStart: !plan.deferred?.collections.has(name),
      pull: {
        batchSize: conn.pullBatchSize ?? 1000,
        stream$: stream$.asObservable(),
        handler: async (checkpoint: unknown, limit: number) => {
          try {
            let result: PulledPage;
            if (checkpoint === undefined || checkpoint === null) {
              // No checkpoint yet: a first load, written straight into storage (first-load.ts).
              result = await loadFirstPages({
                limit,
                primaryPath: collection.schema.primaryPath as string,
                fetchPage: (from) => fetchPage(name, from, limit),
                writer: await storedWriter(collection),
                onStored: (count) => events.onSuccess(name, 'pull', count),
              });
            } else {
              await backpressure.ready();
              result = await fetchPage(name, checkpoint, limit);
              // A full page means more follow: let this one be stored before fetching the next.
              if (result.documents.length === limit) backpressure.expect(result.documents.length);
            }
            state.retryTime = backoff.succeed();
            events.onSuccess(name, 'pull', result.documents.length);
            return result;
          } catch (error) {
            state.retryTime = backoff.fail();
            events.onError(name, 'pull', error);
            throw error;
          }
        },
      },
    });
    states.push(state);
    byName.set(name, state);
  }

  for (const name of plan.pushed) {
    const backoff = createBackoff();
    const state: State = replicateRxCollection<Doc, unknown>({
      replicationIdentifier: `aisle-push-${name}-${conn.serverUrl}`,
      collection: collectionOf(name),
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
            const conflicts = await requestJson<WithDeleted<Doc>[]>(joinUrl(conn.serverUrl, `/api/sync/${name}/push`), {
              method: 'POST',
              body,
              token: conn.token,
            });
            state.retryTime = backoff.succeed();
            events.onSuccess(name, 'push', rows.length);
            return conflicts;
          } catch (error) {
            state.retryTime = backoff.fail();
            events.onError(name, 'push', error);
            throw error;
          }
        },
      },
    });
    states.push(state);
  }

  let stream: SyncStream | null = null;
  let cancelled = false;
  const first = plan.deferred ? byName.get(plan.deferred.after) : undefined;
  for (const name of plan.deferred?.collections ?? []) {
    const deferred = byName.get(name);
    if (!deferred || !first) continue;
    // Started only in the leader window, like every other replication.
    void db
      .waitForLeadership()
      .then(() => first.awaitInitialReplication())
      .then(() => (cancelled ? undefined : deferred.start()))
      .catch((error: unknown) => events.onError(name, 'pull', error));
  }
  const resyncAll = (): void => {
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
    states: states as unknown as RxReplicationState<unknown, unknown>[],
    leadership,
    resyncAll,
    initialPull: async (collection) => {
      const state = byName.get(collection as Name);
      if (!state) throw new Error(`${collection} is not pulled`);
      await state.awaitInitialReplication();
    },
    cancel: async () => {
      cancelled = true;
      stream?.close();
      for (const close of closers) close();
      await Promise.all(states.map((s) => s.cancel()));
    },
  };
}
