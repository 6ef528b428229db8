// Numbering a transaction's feed rows at commit (feed_commit_position, migration 095) finds them
// with `change_seq IS NULL`. Every write of a feed row leaves a pending version behind once it is
// numbered; until VACUUM those versions stay in the indexes that held them. Before migration 117
// the unique change_seq indexes held pending versions too (key NULL), and PostgreSQL looked the
// pending rows up there: every commit walked every dead pending version and its heap page, so the
// cost of a commit grew with the writes since the last VACUUM (10 ms per lookup after a bench run,
// docs/warehouse.md). Checked on both drivers with autovacuum off, so nothing tidies up meanwhile:
// after 12,000 numbered writes (documents written anew, like pickings, and written again, like
// customers) and an ANALYZE, the lookup takes the small pending index (6–7 pages read on either
// driver when run alone), never the unique one (without the migration: 196 pages on PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDocs, scopeAll } from '../../sync-server/feed/publish.ts';
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
    for (const table of ['replicated_docs', 'quants', 'orders']) await t.db.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
  });
  afterAll(async () => {
    await t?.close();
  });

  it.skipIf(skip)('finds pending rows through the pending index, never the unique one, however many feed rows were numbered since the last VACUUM', async () => {
    const docs = Array.from({ length: DOCS }, (_, i) => ({ id: `c-${i}`, scope: scopeAll, doc: { id: `c-${i}`, name: `Customer ${i}` } }));
    for (let round = 0; round < ROUNDS; round++) {
      await t.db.transaction((tx) => publishDocs(tx, 'customers', docs.map((d) => ({ ...d, doc: { ...d.doc, round } }))));
      await t.db.transaction((tx) => publishDocs(tx, 'pickings', docs.map((d) => ({ ...d, id: `p-${round}-${d.id}`, doc: { ...d.doc, round } })), { gate: false }));
    }
    // Every write was numbered at commit: nothing is left pending.
    const [pending] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM replicated_docs WHERE change_seq IS NULL');
    expect(pending?.n).toBe(0);
    const [numbered] = await t.db.query<{ n: number }>(`SELECT count(DISTINCT change_seq)::int AS n FROM replicated_docs WHERE collection = 'customers'`);
    expect(numbered?.n).toBe(DOCS);

    // Statistics as autovacuum's ANALYZE keeps them (it runs far more often than VACUUM on a busy table).
    await t.db.query('ANALYZE replicated_docs');
    const plan = await explain(t.db, PENDING_DOCS, '(ANALYZE, COSTS OFF, TIMING OFF)');
    // The unique change_seq index held every dead pending version (196 pages walked here before
    // migration 117). The pages the pending index reads are not asserted: while another
    // transaction on the server holds an old snapshot (the parallel suite), no dead entry can be
    // marked or removed, and even the small index grows until it ends.
    expect(plan).not.toMatch(/replicated_docs_change_seq_key/);
    expect(plan).toMatch(/Index (Only )?Scan using replicated_docs_feed_pending/);
  });

  it.skipIf(skip)('the unique change_seq indexes still refuse a number twice and serve the feed\'s readers in order', async () => {
    const [top] = await t.db.query<{ seq: number }>(`SELECT max(change_seq)::int AS seq FROM replicated_docs`);
    await expect(t.db.query(`INSERT INTO replicated_docs (collection, id, scope, doc, change_seq) VALUES ('customers', 'twice', 'all', '{}', $1)`, [top?.seq ?? 0]))
      .rejects.toThrow(/replicated_docs_change_seq_key/);
    // A pull asks for change_seq > n, which implies NOT NULL: the partial unique index serves it in order.
    expect(await explain(t.db, 'SELECT id FROM replicated_docs WHERE change_seq > 5 ORDER BY change_seq LIMIT 10', '(COSTS OFF)')).toMatch(/Index Scan using replicated_docs_change_seq_key/);
  });
});
