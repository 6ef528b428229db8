// Numbering a transaction's feed rows at commit (feed_commit_position, migration 095) finds them
// with `change_seq IS NULL`. Every write of a feed row leaves a pending version behind once it is
// numbered; until VACUUM those versions stay in the indexes that held them, unless a scan marks
// them dead. Before migration 117 the unique change_seq indexes held pending versions too (key
// NULL), and PostgreSQL looked the pending rows up there; before migration 118 it could look them up
// with bitmap scans, which never mark an entry dead. Either way every commit walked the dead
// versions of every write since the last VACUUM and their heap pages, so a commit's cost grew with
// the writes before it (10 ms per lookup after the reservation bench, 1.9 ms after the POS bench;
// docs/warehouse.md). Checked on both drivers with autovacuum off, so nothing tidies up meanwhile:
// - after 12,000 numbered documents (written anew, like pickings, and again, like customers) and an
//   ANALYZE, the lookup takes the small pending index, never the unique one (without migration
//   117: 196 pages on PostgreSQL), and fetches from the heap only the last round's versions (200–421
//   here; 12,000 when a transaction held every version alive until the last round had committed);
// - after 200 commits of a few quants each in sessions that prefer bitmap scans, once their old
//   versions are dead to every transaction, one more commit's numbering marks them all dead as it
//   passes them (without migration 118 none is marked: every later commit walks them again).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../../sync-server/db/db.ts';
import { publishDocs, scopeAll } from '../../sync-server/feed/publish.ts';
import { seedDemo } from '../../sync-server/seed/demo-seed.ts';
import { explain } from '../support/explain.ts';
import { createTestDb, testDrivers, type TestDb } from '../support/test-db.ts';

/** The numbering's lookup of a transaction's pending rows (feed_commit_position). */
const PENDING_DOCS = 'SELECT 1 FROM replicated_docs WHERE change_seq IS NULL';

const DOCS = 200;
const ROUNDS = 30;

describe.each(testDrivers)('the feed numbering\'s lookup of pending rows on $kind', ({ kind, skip }) => {
  let t: TestDb;
  beforeAll(async () => {
    if (skip) return;
    t = await createTestDb(kind, { poolSize: 2 });
    await seedDemo(t.db, { products: 300 });
    for (const table of ['replicated_docs', 'quants', 'orders']) await t.db.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
  });
  afterAll(async () => {
    await t?.close();
  });

  it.skipIf(skip)('finds pending rows through the pending index, never the unique one, however many feed rows were numbered since the last VACUUM', async () => {
    const docs = Array.from({ length: DOCS }, (_, i) => ({ id: `c-${i}`, scope: scopeAll, doc: { id: `c-${i}`, name: `Customer ${i}` } }));
    const publishRound = async (round: number): Promise<void> => {
      await t.db.transaction((tx) => publishDocs(tx, 'customers', docs.map((d) => ({ ...d, doc: { ...d.doc, round } }))));
      await t.db.transaction((tx) => publishDocs(tx, 'pickings', docs.map((d) => ({ ...d, id: `p-${round}-${d.id}`, doc: { ...d.doc, round } })), { gate: false }));
    };
    for (let round = 0; round < ROUNDS - 1; round++) await publishRound(round);
    // The last round once every earlier version is dead to every transaction on the server (another
    // test file's transaction keeps them alive meanwhile): its numbering marks them as it passes.
    await untilEveryTransactionSees(t.db, await lastTransaction(t.db));
    await publishRound(ROUNDS - 1);
    // Every write was numbered at commit: nothing is left pending.
    const [pending] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM replicated_docs WHERE change_seq IS NULL');
    expect(pending?.n).toBe(0);
    const [numbered] = await t.db.query<{ n: number }>(`SELECT count(DISTINCT change_seq)::int AS n FROM replicated_docs WHERE collection = 'customers' AND id LIKE 'c-%'`);
    expect(numbered?.n).toBe(DOCS);

    // Statistics as autovacuum's ANALYZE keeps them (it runs far more often than VACUUM on a busy table).
    await t.db.query('ANALYZE replicated_docs');
    const plan = await explain(t.db, PENDING_DOCS, '(ANALYZE, BUFFERS, COSTS OFF, TIMING OFF)');
    // The unique change_seq index held every dead pending version (196 pages walked here before
    // migration 117); the pending index's dead entries are marked, so their heap versions are skipped:
    // at most the last round's own (2 × 200, which no later commit has passed) are fetched, not the
    // 12,000 written since the VACUUM. Heap fetches, not pages: the pages those 400 versions lie on
    // depend on where the heap had room (5–26 here, 44 in a CI run with the parallel suite).
    expect(plan).not.toMatch(/replicated_docs_change_seq_key/);
    // Index-only whenever the index covers the query (PostgreSQL then builds no plain index path).
    expect(plan).toMatch(/Index Only Scan using replicated_docs_feed_pending/);
    // The bound guards against walking every version since the VACUUM (2 × 200 × 30 = 12,000): one
    // full parallel run fetched 1,223 (three rounds' worth left unmarked, cause not found; 268 alone,
    // 892 with a snapshot held over the last rounds), so it allows a fifth of them.
    expect(heapFetches(plan)).toBeLessThan((2 * DOCS * ROUNDS) / 5);
  });

  it.skipIf(skip)('a commit\'s numbering marks the pending versions earlier commits left as dead, whatever plans the session prefers', async () => {
    const products = (await t.db.query<{ id: string }>('SELECT DISTINCT product_id AS id FROM quants ORDER BY 1')).map((q) => q.id);
    expect(products.length).toBeGreaterThan(100);
    let seed = 11;
    const some = (): string[] => Array.from({ length: 15 }, () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return products[seed % products.length] ?? '';
    });
    // Each transaction changes a few quants, as a push of sales does; the deferred trigger numbers
    // them at commit through feed_commit_position. Its session prefers bitmap scans — the plan
    // PostgreSQL chose for the numbering's lookups after the POS bench — and a bitmap scan never
    // marks an index entry dead: before migration 118 every commit walked them all again.
    const touch = (): Promise<unknown> => t.db.transaction(async (tx) => {
      await preferBitmapScans(tx);
      await tx.query('UPDATE quants SET on_hand = on_hand WHERE product_id = ANY($1::text[])', [some()]);
    });
    for (let i = 0; i < 200; i++) await touch();
    const [pending] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM quants WHERE change_seq IS NULL');
    expect(pending?.n).toBe(0);
    // A scan may mark an entry only once its version is dead to every transaction on the server.
    // While another test file's transaction that began before ours runs, none is; wait for it.
    await untilEveryTransactionSees(t.db, await lastTransaction(t.db));
    await touch();
    // ≈ 870–6,000 left without migration 118 (all of the above); with it, only the last commit's own.
    expect(await unmarkedPendingEntries(t.db)).toBeLessThan(100);
  }, 120_000);

  it.skipIf(skip)('the unique change_seq indexes still refuse a number twice and serve the feed\'s readers in order', async () => {
    const [top] = await t.db.query<{ seq: number }>(`SELECT max(change_seq)::int AS seq FROM replicated_docs`);
    await expect(t.db.query(`INSERT INTO replicated_docs (collection, id, scope, doc, change_seq) VALUES ('customers', 'twice', 'all', '{}', $1)`, [top?.seq ?? 0]))
      .rejects.toThrow(/replicated_docs_change_seq_key/);
    // A pull asks for change_seq > n, which implies NOT NULL: the partial unique index serves it in order.
    expect(await explain(t.db, 'SELECT id FROM replicated_docs WHERE change_seq > 5 ORDER BY change_seq LIMIT 10', '(COSTS OFF)')).toMatch(/Index Scan using replicated_docs_change_seq_key/);
  });
});

/** Index entries whose heap version the plan's top node fetched (an index-only scan, EXPLAIN ANALYZE); entries marked dead are skipped uncounted. */
function heapFetches(plan: string): number {
  return Number(/Heap Fetches: (\d+)/.exec(plan)?.[1] ?? NaN);
}

async function preferBitmapScans(tx: Queryable): Promise<void> {
  await tx.query('SET LOCAL enable_indexscan = off');
  await tx.query('SET LOCAL enable_seqscan = off');
}

/** Index entries of quants_feed_pending no scan has marked dead (a bitmap scan returns every unmarked one). */
async function unmarkedPendingEntries(db: Db): Promise<number> {
  const plan = await db.transaction(async (tx) => {
    await preferBitmapScans(tx);
    return explain(tx, 'SELECT 1 FROM quants WHERE change_seq IS NULL', '(ANALYZE, COSTS OFF, TIMING OFF)');
  });
  return Number(/Bitmap Index Scan on quants_feed_pending \(actual rows=([\d.]+)/.exec(plan)?.[1] ?? NaN);
}

/** A transaction id taken now: every transaction before it has begun. */
async function lastTransaction(db: Db): Promise<string> {
  const [row] = await db.query<{ xid: string }>('SELECT pg_current_xact_id()::xid::text AS xid');
  return row?.xid ?? '';
}

/**
 * Resolves once no snapshot on the server can still see what `xid` replaced (the test's timeout
 * bounds the wait): no transaction that began before it still runs, and no session holds a snapshot
 * taken before it committed — a read-only transaction of another test file has no xid of its own
 * but holds its snapshot's xmin (backend_xmin), and so keeps the versions alive just the same; a
 * standby that sends feedback holds its queries' xmin the same way.
 */
async function untilEveryTransactionSees(db: Db, xid: string): Promise<void> {
  for (;;) {
    const [row] = await db.query<{ done: boolean }>(
      `SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity
                           WHERE pid <> pg_backend_pid()
                             AND (age(backend_xmin) >= age($1::xid) OR age(backend_xid) >= age($1::xid)))
          AND NOT EXISTS (SELECT 1 FROM pg_stat_replication WHERE age(backend_xmin) >= age($1::xid))
          AND NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE age(xmin) >= age($1::xid)) AS done`,
      [xid],
    );
    if (row?.done) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
