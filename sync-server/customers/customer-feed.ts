// Customers reach every till through the change feed (collection `customers`, scope 'all'): a new
// or changed customer is republished from customer_docs (migration 004); a merged one is deleted
// on the tills (a deleted document, which RxDB removes on the next pull).
import type { Tx } from '../db/db.ts';
import { type PublishOptions, publishDocs, publishQuery, scopeAll } from '../feed/publish.ts';

/** Republishes the customers' documents; the caller's transaction wrote them. */
export async function publishCustomers(tx: Tx, ids: readonly string[], options: PublishOptions = {}): Promise<void> {
  if (ids.length === 0) return;
  await publishQuery(tx, 'customers', `SELECT id, 'all' AS scope, doc FROM customer_docs WHERE id = ANY($1::text[])`, [[...ids]], options);
}

/** Deletes the customers' documents on the tills. */
export async function unpublishCustomers(tx: Tx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await tx.query<{ id: string; doc: object }>('SELECT id, doc FROM customer_docs WHERE id = ANY($1::text[])', [[...ids]]);
  await publishDocs(tx, 'customers', rows.map((r) => ({ id: r.id, scope: scopeAll, doc: r.doc, deleted: true })));
}
