// Writing to the change feed: every change to a server-owned document goes through here, inside
// the transaction that made it. Sequence numbers come from the feed_counter row, whose lock is
// held until COMMIT, so sequence order is commit order and a `{seq}` checkpoint never skips.
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

/** Reserves `n` consecutive change_seq values; returns the first. Locks the counter until COMMIT. */
export async function reserveSeqs(tx: Tx, n: number): Promise<number> {
  const [row] = await tx.query<{ seq: number }>('UPDATE feed_counter SET seq = seq + $1 RETURNING seq', [n]);
  if (!row) throw new Error('feed_counter row is missing (migration 003 not applied?)');
  return row.seq - n + 1;
}

/** Upserts documents into the feed and hints SSE listeners after commit. */
export async function publishDocs(tx: Tx, collection: ServerCollection, docs: readonly FeedDoc[]): Promise<void> {
  if (docs.length === 0) return;
  const first = await reserveSeqs(tx, docs.length);
  const rows = docs.map((d, i) => ({ id: d.id, scope: d.scope, doc: d.doc, deleted: d.deleted ?? false, seq: first + i }));
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
  // Take the counter's row lock first (held until COMMIT, as reserveSeqs does), number the rows
  // from the locked value, then move the counter past them: the query runs once.
  const [locked] = await tx.query<{ seq: number }>('SELECT seq FROM feed_counter FOR UPDATE');
  if (!locked) throw new Error('feed_counter row is missing (migration 003 not applied?)');
  const scopes = await tx.query<{ scope: string; seq: number; n: number }>(
    `WITH src AS (SELECT s.id, s.scope, s.doc, row_number() OVER () AS rn FROM (${selectSql}) s),
     ins AS (
       INSERT INTO replicated_docs (collection, id, scope, doc, deleted, change_seq)
       SELECT $${p + 1}, id, scope, doc, false, $${p + 2}::bigint + rn FROM src
       ON CONFLICT (collection, id) DO UPDATE
         SET scope = EXCLUDED.scope, doc = EXCLUDED.doc, deleted = false, change_seq = EXCLUDED.change_seq
       RETURNING scope, change_seq)
     SELECT scope, max(change_seq) AS seq, count(*)::int AS n FROM ins GROUP BY scope`,
    [...params, collection, locked.seq],
  );
  const n = scopes.reduce((sum, s) => sum + s.n, 0);
  if (n === 0) return 0;
  await tx.query('UPDATE feed_counter SET seq = seq + $1', [n]);
  hintAfterCommit(tx, collection, scopes);
  return n;
}

function hintAfterCommit(tx: Tx, collection: string, rows: readonly { scope: string; seq: number }[]): void {
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
