// The till's replication plan (renderer/db/collection-replication.ts does the work): catalog,
// stock, availability (what every site has, for the endless aisle), config, customers, pickings (the store's pickup queue) and acks pulled; sales and session events pushed. Stock is pulled once
// the catalog is in: on a fresh till the two would otherwise share the first minute of CPU and
// storage, and the till sells from products, not from stock levels.
import type { TillCollectionName, TillDatabase } from './database.ts';
import { replicateCollections, type CollectionReplication, type CollectionReplicationEvents, type ReplicationConnection } from './collection-replication.ts';

export type { ReplicationConnection } from './collection-replication.ts';

export const serverOwned = ['config', 'products', 'customers', 'pickings', 'stock', 'availability', 'acks'] as const satisfies readonly TillCollectionName[];
export const deviceOwned = ['sales', 'sessions'] as const satisfies readonly TillCollectionName[];

export type ReplicationEvents = CollectionReplicationEvents<TillCollectionName>;
export type TillReplication = CollectionReplication;

export function startReplication(db: TillDatabase, conn: ReplicationConnection, events: ReplicationEvents): TillReplication {
  return replicateCollections<TillCollectionName>(
    db,
    { pulled: serverOwned, pushed: deviceOwned, deferred: { after: 'products', collections: new Set(['stock', 'availability']) } },
    conn,
    events,
  );
}
