// Writing to the change feed: every change to a server-owned document goes through here, inside
// the transaction that made it. Rows are written *pending* (change_seq NULL, invisible to pullers)
// and numbered from `feed_seq` right before COMMIT under the feed_position row lock, held to COMMIT
// (migration 095, `numberAtCommit`): numbers are taken in commit order, so a `{seq}` checkpoint
// never skips, while the writers themselves run concurrently. Stock documents are not copied here:
// they are the quants rows themselves, pending whenever they change and numbered in the same step
// (migrations 050, 095) — `stockChanged` only hints.
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

interface FeedCommit {
  /** The highest feed number the transaction took at commit (0 until then, or when nothing was pending). */
  seq: number;
}

const commits = new WeakMap<Tx, FeedCommit>();

/**
 * Makes sure the transaction's pending feed rows are numbered right before its COMMIT (once per
 * transaction, in the same round trip as COMMIT): `feed_commit_position()` takes the feed_position
 * lock, numbers them and returns the highest number, which the after-commit hints carry. Writers that leave rows pending without
 * calling this (a quant or order changed by a trigger) are numbered by the deferred trigger of
 * migration 095 at COMMIT instead.
 */
export function numberAtCommit(tx: Tx): FeedCommit {
  const known = commits.get(tx);
  if (known) return known;
  const created: FeedCommit = { seq: 0 };
  commits.set(tx, created);
  // Sent with COMMIT in one round trip (Tx.atCommit): the feed_position lock is held for no more
  // than the commit itself.
  tx.atCommit('SELECT feed_commit_position() AS seq', (rows) => {
    created.seq = Number(rows[0]?.seq ?? 0);
  });
  return created;
}

export interface PublishOptions {
  /**
   * Take the feed counter lock first (default): existing documents are shared rows, and writers
   * that publish them in no fixed order must not deadlock (see lockFeed). `false` for a writer
   * that publishes only documents it has just created (order intake's new pickings).
   */
  gate?: boolean;
}

/** Upserts documents into the feed and hints SSE listeners after commit. */
export async function publishDocs(tx: Tx, collection: ServerCollection, docs: readonly FeedDoc[], options: PublishOptions = {}): Promise<void> {
  if (docs.length === 0) return;
  if (options.gate !== false) await lockFeed(tx);
  const rows = docs.map((d) => ({ id: d.id, scope: d.scope, doc: d.doc, deleted: d.deleted ?? false }));
  await tx.query(
    `INSERT INTO replicated_docs (collection, id, scope, doc, deleted, change_seq)
     SELECT $1, r.id, r.scope, r.doc, r.deleted, NULL::bigint
     FROM jsonb_to_recordset($2::jsonb) AS r(id text, scope text, doc jsonb, deleted boolean)
     ON CONFLICT (collection, id) DO UPDATE
       SET scope = EXCLUDED.scope, doc = EXCLUDED.doc, deleted = EXCLUDED.deleted, change_seq = NULL`,
    [collection, JSON.stringify(rows)],
  );
  hintAfterCommit(tx, collection, rows.map((r) => r.scope));
}

/**
 * Publishes the rows of a SELECT returning `(id text, scope text, doc jsonb)`, all in SQL, for
 * bulk writers (seed, imports, price changes): no round trip of documents through Node.
 * Returns how many documents were published.
 */
export async function publishQuery(
  tx: Tx,
  collection: ServerCollection,
  selectSql: string,
  params: readonly (string | number | boolean | string[])[] = [],
  options: PublishOptions = {},
): Promise<number> {
  if (options.gate !== false) await lockFeed(tx);
  const scopes = await tx.query<{ scope: string; n: number }>(publishSql(selectSql, params.length), [...params, collection]);
  hintAfterCommit(tx, collection, scopes.map((s) => s.scope));
  return scopes.reduce((sum, s) => sum + s.n, 0);
}

/**
 * `publishQuery` sent without waiting for its answer (Tx.send): the order batch's new pickings,
 * whose documents go with its rows and COMMIT in one round trip. The hints are taken from the
 * answer, which arrives before COMMIT's; a failure fails the transaction at COMMIT.
 */
export async function sendPublishQuery(
  tx: Tx,
  collection: ServerCollection,
  selectSql: string,
  params: readonly (string | number | boolean | string[])[] = [],
  options: PublishOptions = {},
): Promise<void> {
  if (options.gate !== false) await lockFeed(tx);
  // The feed position is asked for with COMMIT, decided before the answer arrives.
  numberAtCommit(tx);
  tx.send(publishSql(selectSql, params.length), [...params, collection], (rows) => {
    hintAfterCommit(tx, collection, rows.map((r) => String(r.scope)));
  });
}

/** Upserts the SELECT's documents (its parameters are $1…$p, the collection $p+1); one row per scope with its count. */
function publishSql(selectSql: string, p: number): string {
  return `WITH ins AS (
       INSERT INTO replicated_docs (collection, id, scope, doc, deleted, change_seq)
       SELECT $${p + 1}, s.id, s.scope, s.doc, false, NULL::bigint FROM (${selectSql}) s
       ON CONFLICT (collection, id) DO UPDATE
         SET scope = EXCLUDED.scope, doc = EXCLUDED.doc, deleted = false, change_seq = NULL
       RETURNING scope)
     SELECT scope, count(*)::int AS n FROM ins GROUP BY scope`;
}

/**
 * Stock documents changed (their quants were written, which numbered them): hints the sites'
 * listeners after commit. `keys` are `productId|locationId|lot`.
 */
export async function stockChanged(tx: Tx, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  const locations = [...new Set(keys.map((k) => k.split('|')[1] ?? ''))];
  const scopes = await tx.query<{ scope: string }>(`SELECT DISTINCT 'site:' || site_id AS scope FROM locations WHERE id = ANY($1::text[])`, [locations]);
  hintAfterCommit(tx, 'stock', scopes.map((s) => s.scope));
}

/**
 * Hints listeners of each scope after COMMIT, one hint per scope and transaction however many
 * documents changed; the hint's seq is the highest number the transaction took at commit (at or
 * above the scope's own highest: a client answering a hint pulls from its own checkpoint anyway).
 */
export function hintAfterCommit(tx: Tx, collection: string, scopes: readonly string[]): void {
  const commit = numberAtCommit(tx);
  const unique = new Set(scopes);
  tx.afterCommit(() => {
    for (const scope of unique) tx.bus.emit({ collection, scope, seq: commit.seq });
    // Availability documents are made from quants (feed/pull.ts): a stock change is one of theirs too.
    if (collection === 'stock' && unique.size > 0) tx.bus.emit({ collection: 'availability', scope: 'all', seq: commit.seq });
  });
}

/**
 * Takes the feed counter's row lock for the rest of the transaction. It no longer orders the feed
 * (that is the feed_position lock at commit, `numberAtCommit`): it keeps writers that lock shared
 * rows (quants, balances, aggregates) in no fixed order from deadlocking each other — device pushes
 * and warehouse operations take it first. Work before it (reads, inserts of new rows) runs
 * concurrently. Channel order intake does not take it: it locks only its quants, in key order.
 */
export async function lockFeed(tx: Tx): Promise<void> {
  // A push's steps each make sure they hold the lock (sales, quants, acks): once held, asking
  // again is a round trip to the database inside the serialised part of every push, for nothing.
  if (feedLocked.has(tx)) return;
  await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
  feedLocked.add(tx);
}

/** Transactions known to hold the feed counter lock (it is held to COMMIT or ROLLBACK). */
const feedLocked = new WeakSet<Tx>();

/**
 * A ROLLBACK TO SAVEPOINT releases the row locks taken after the savepoint: whoever rolls back
 * over a `lockFeed` must say so, so that the next `lockFeed` takes the lock again.
 */
export function feedLockRolledBack(tx: Tx): void {
  feedLocked.delete(tx);
}
