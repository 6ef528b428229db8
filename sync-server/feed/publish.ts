// Writing to the change feed: every change to a server-owned document goes through here, inside
// the transaction that made it. Sequence numbers come from `feed_seq` and are taken only while
// holding the feed_counter row lock (until COMMIT), so sequence order is commit order and a
// `{seq}` checkpoint never skips. Stock documents are not copied here: they are the quants rows
// themselves, numbered from the same sequence under the same lock when they change (stock/moves.ts
// in its upsert, a trigger for any other writer; migration 050) — `stockChanged` only hints.
import type { ServerCollection } from '../../shared/schemas/index.ts';
import type { Tx } from '../db/db.ts';

export interface FeedDoc {
  id: string;
  /** 'all', `site:<siteId>` or `device:<deviceId>`. */
  scope: string;
  doc: object;
  deleted?: boolean;
}

export const scopeAll = 'all';
export const siteScope = (siteId: string): string => `site:${siteId}`;
export const deviceScope = (deviceId: string): string => `device:${deviceId}`;

/** Takes the feed lock and `n` change_seq values (ascending). */
export async function reserveSeqs(tx: Tx, n: number): Promise<number[]> {
  await lockFeed(tx);
  const rows = await tx.query<{ seq: number }>(`SELECT nextval('feed_seq') AS seq FROM generate_series(1, $1::int)`, [n]);
  return rows.map((r) => r.seq);
}

/** Upserts documents into the feed and hints SSE listeners after commit. */
export async function publishDocs(tx: Tx, collection: ServerCollection, docs: readonly FeedDoc[]): Promise<void> {
  if (docs.length === 0) return;
  const seqs = await reserveSeqs(tx, docs.length);
  const rows = docs.map((d, i) => ({ id: d.id, scope: d.scope, doc: d.doc, deleted: d.deleted ?? false, seq: seqs[i] as number }));
  await tx.query(
    `INSERT INTO replicated_docs (collection, id, scope, doc, deleted, change_seq)
     SELECT $1, r.id, r.scope, r.doc, r.deleted, r.seq
     FROM jsonb_to_recordset($2::jsonb) AS r(id text, scope text, doc jsonb, deleted boolean, seq bigint)
     ON CONFLICT (collection, id) DO UPDATE
       SET scope = EXCLUDED.scope, doc = EXCLUDED.doc, deleted = EXCLUDED.deleted, change_seq = EXCLUDED.change_seq`,
    [collection, JSON.stringify(rows)],
  );
  hintAfterCommit(tx, collection, rows);
}

/**
 * Publishes the rows of a SELECT returning `(id text, scope text, doc jsonb)`, all in SQL, for
 * bulk writers (seed, imports, price changes): no round trip of documents through Node.
 * Returns how many documents were published.
 */
export async function publishQuery(tx: Tx, collection: ServerCollection, selectSql: string, params: readonly (string | number | boolean | string[])[] = []): Promise<number> {
  const p = params.length;
  await lockFeed(tx);
  const scopes = await tx.query<{ scope: string; seq: number; n: number }>(
    `WITH ins AS (
       INSERT INTO replicated_docs (collection, id, scope, doc, deleted, change_seq)
       SELECT $${p + 1}, s.id, s.scope, s.doc, false, nextval('feed_seq') FROM (${selectSql}) s
       ON CONFLICT (collection, id) DO UPDATE
         SET scope = EXCLUDED.scope, doc = EXCLUDED.doc, deleted = false, change_seq = EXCLUDED.change_seq
       RETURNING scope, change_seq)
     SELECT scope, max(change_seq) AS seq, count(*)::int AS n FROM ins GROUP BY scope`,
    [...params, collection],
  );
  const n = scopes.reduce((sum, s) => sum + s.n, 0);
  hintAfterCommit(tx, collection, scopes);
  return n;
}

/**
 * Stock documents changed (their quants were written, which numbered them): hints the sites'
 * listeners after commit. `keys` are `productId|locationId|lot`.
 */
export async function stockChanged(tx: Tx, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  const scopes = await tx.query<{ scope: string; seq: number }>(
    `SELECT 'site:' || l.site_id AS scope, max(q.change_seq) AS seq
     FROM quants q JOIN locations l ON l.id = q.location_id
     WHERE (q.product_id, q.location_id, q.lot) IN (
       SELECT split_part(k, '|', 1), split_part(k, '|', 2), split_part(k, '|', 3) FROM unnest($1::text[]) AS k)
     GROUP BY 1`,
    [[...new Set(keys)]],
  );
  hintAfterCommit(tx, 'stock', scopes);
}

/** Hints listeners of each scope after COMMIT (rows: the scope and the highest seq written). */
export function hintAfterCommit(tx: Tx, collection: string, rows: readonly { scope: string; seq: number }[]): void {
  // One hint per scope and transaction, however many documents changed.
  const maxByScope = new Map<string, number>();
  for (const r of rows) maxByScope.set(r.scope, Math.max(maxByScope.get(r.scope) ?? 0, r.seq));
  tx.afterCommit(() => {
    for (const [scope, seq] of maxByScope) tx.bus.emit({ collection, scope, seq });
  });
}

/**
 * Takes the feed counter's row lock for the rest of the transaction. Writers that touch shared
 * rows (quants, balances, aggregates) take it first, so all of them lock in the same order and
 * cannot deadlock; work before it (reads, inserts of new rows) runs concurrently.
 */
export async function lockFeed(tx: Tx): Promise<void> {
  await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
}
