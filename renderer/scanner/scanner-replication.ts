// The scanner station's replication plan (renderer/db/collection-replication.ts does the work, as
// for the till): config, catalog, stock, pickings, acks and availability (Request stock) pulled; `picking_events`, `counts` and
// `package_moves` pushed. Leader window only; never awaited at start, so a station that starts offline opens at
// once and pushes whatever it validated when the server is back.
import { replicateCollections, type ReplicationConnection } from '../db/collection-replication.ts';
import type { ScannerCollectionName, ScannerDatabase } from './scanner-database.ts';

const pulled = ['config', 'products', 'stock', 'pickings', 'acks', 'availability'] as const satisfies readonly ScannerCollectionName[];
const pushed = ['picking_events', 'counts', 'package_moves'] as const satisfies readonly ScannerCollectionName[];

export interface ScannerReplicationEvents {
  onSuccess(): void;
  onError(what: string, error: unknown): void;
  onStream(up: boolean): void;
}

export interface ScannerReplication {
  leadership: Promise<void>;
  cancel(): Promise<void>;
}

export function startScannerReplication(db: ScannerDatabase, conn: ReplicationConnection, events: ScannerReplicationEvents): ScannerReplication {
  const replication = replicateCollections<ScannerCollectionName>(db, { pulled, pushed }, conn, {
    onSuccess: () => events.onSuccess(),
    onError: (name, direction, error) => events.onError(`${direction} ${name}`, error),
    onStream: (up) => events.onStream(up),
  });
  return { leadership: replication.leadership, cancel: () => replication.cancel() };
}
