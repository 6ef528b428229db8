// Numbering a transaction's feed rows at commit (feed_commit_position, migration 095) finds them
// with `change_seq IS NULL`. Every write of a feed row leaves a pending version behind once it is
// numbered; until VACUUM those versions stay in the indexes that held them, unless a scan marks
// them dead. Before migration 117 the unique change_seq indexes held pending versions too (key
// NULL), and PostgreSQL looked the pending rows up there; before migration 118 it looked them up
// with bitmap scans, which never mark an entry dead. Either way every commit walked the dead
// versions of every write since the last VACUUM and their heap pages, so a commit's cost grew with
// the writes before it (10 ms per lookup after the reservation bench, 1.9 ms after the POS bench;
// docs/warehouse.md). Checked on both drivers with autovacuum off, so nothing tidies up meanwhile:
// - after 12,000 numbered documents (written anew, like pickings, and again, like customers) and an
//   ANALYZE, the lookup takes the small pending index and reads 6–7 pages (without migration 117:
//   the unique index and hundreds of pages);
// - after 200 commits of a few quants each, in sessions that prefer bitmap scans, 22 index entries
//   are left unmarked (without migration 118: ≈ 870).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../sync-server/db/db.ts';
import { publishDocs, scopeAll } from '../../sync-server/feed/publish.ts';
import { seedDemo } from '../../sync-server/seed/demo-seed.ts';
import { createTestDb, testDrivers, type TestDb } from '../support/test-db.ts';

const DOCS = 200;
const ROUNDS = 30;

/** The plan of the numbering's lookup of pending rows in `table`, run (EXPLAIN ANALYZE). */
async function pendingLookup(db: Db, table: string): Promise<{ plan: string; pages: number }> {
  const rows = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) SELECT 1 FROM ${table} WHERE change_seq IS NULL`);
  const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
  // The top node's buffers: every page the lookup touched.
  const top = /Buffers: shared hit=(\d+)(?: read=(\d+))?/.exec(plan);
  return { plan, pages: Number(top?.[1] ?? NaN) + Number(top?.[2] ?? 0) };
}

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

  it.skipIf(skip)('stays a few pages however many feed rows were written and numbered since the last VACUUM', async () => {
    const docs = Array.from({ length: DOCS }, (_, i) => ({ id: `c-${i}`, scope: scopeAll, doc: { id: `c-${i}`, name: `Customer ${i}` } }));
    for (let round = 0; round < ROUNDS; round++) {
      await t.db.transaction((tx) => publishDocs(tx, 'customers', docs.map((d) => ({ ...d, doc: { ...d.doc, round } }))));
      await t.db.transaction((tx) => publishDocs(tx, 'pickings', docs.map((d) => ({ ...d, id: `p-${round}-${d.id}`, doc: { ...d.doc, round } })), { gate: false }));
    }
    // Every write was numbered at commit: nothing is left pending.
    const [pending] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM replicated_docs WHERE change_seq IS NULL');
    expect(pending?.n).toBe(0);
    const [numbered] = await t.db.query<{ n: number }>(`SELECT count(DISTINCT change_seq)::int AS n FROM replicated_docs WHERE collection = 'customers' AND id LIKE 'c-%'`);
    expect(numbered?.n).toBe(DOCS);

    // Statistics as autovacuum's ANALYZE keeps them (it runs far more often than VACUUM on a busy table).
    await t.db.query('ANALYZE replicated_docs');
    const { plan, pages } = await pendingLookup(t.db, 'replicated_docs');
    // 6,000 dead pending versions: the unique change_seq index walked them all (hundreds of pages).
    expect(plan).toMatch(/replicated_docs_feed_pending/);
    expect(plan).not.toMatch(/replicated_docs_change_seq_key/);
    expect(pages).toBeLessThan(40);
  });

  it.skipIf(skip)('a commit\'s numbering marks the pending versions earlier commits left as dead, whatever plans the session prefers', async () => {
    const products = (await t.db.query<{ id: string }>('SELECT DISTINCT product_id AS id FROM quants ORDER BY 1')).map((q) => q.id);
    const n = products.length;
    expect(n).toBeGreaterThan(100);
    let seed = 11;
    const some = (): string[] => Array.from({ length: 15 }, () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return products[seed % n] ?? '';
    });
    // Each transaction changes a few quants, as a push of sales does; the deferred trigger numbers
    // them at commit through feed_commit_position. Its session prefers bitmap scans — the plan
    // PostgreSQL chose for the numbering's lookups after the POS bench — and a bitmap scan never
    // marks an index entry dead: before migration 118 every commit walked them all again.
    const touch = (): Promise<unknown> => t.db.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_indexscan = off');
      await tx.query('SET LOCAL enable_seqscan = off');
      await tx.query('UPDATE quants SET on_hand = on_hand WHERE product_id = ANY($1::text[])', [some()]);
    });
    for (let i = 0; i < 200; i++) await touch();
    // The entries a bitmap scan still returns are those nobody marked dead (marked ones are skipped).
    const entries = await t.db.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_indexscan = off');
      await tx.query('SET LOCAL enable_seqscan = off');
      const plan = (await tx.query<{ 'QUERY PLAN': string }>('EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT 1 FROM quants WHERE change_seq IS NULL')).map((r) => r['QUERY PLAN']).join('\n');
      return Number(/Bitmap Index Scan on quants_feed_pending \(actual rows=([\d.]+)/.exec(plan)?.[1] ?? NaN);
    });
    const [{ pending } = { pending: -1 }] = await t.db.query<{ pending: number }>('SELECT count(*)::int AS pending FROM quants WHERE change_seq IS NULL');
    expect(pending).toBe(0);
    // ≈ 870 without migration 118, 22 with it (the last commits' own versions).
    expect(entries).toBeLessThan(100);
  });

  it.skipIf(skip)('the unique change_seq indexes still refuse a number twice and serve the feed\'s readers in order', async () => {
    const [top] = await t.db.query<{ seq: number }>(`SELECT max(change_seq)::int AS seq FROM replicated_docs`);
    await expect(t.db.query(`INSERT INTO replicated_docs (collection, id, scope, doc, change_seq) VALUES ('customers', 'twice', 'all', '{}', $1)`, [top?.seq ?? 0]))
      .rejects.toThrow(/replicated_docs_change_seq_key/);
    // A pull asks for change_seq > n, which implies NOT NULL: the partial unique index serves it in order.
    const rows = await t.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) SELECT id FROM replicated_docs WHERE change_seq > 5 ORDER BY change_seq LIMIT 10`);
    expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index Scan using replicated_docs_change_seq_key/);
  });
});
