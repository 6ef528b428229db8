// Master data kept per process for channel orders (sync-server/warehouse/master-data-cache.ts,
// migration 112): a batch of orders reads the channel's routing, sites, locations and policy only
// when no earlier batch of the process read them under the same master-data version; a change to
// any of those tables — through hand-made SQL too — reaches the next batch; and only statements
// that read nothing but master data are kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, withQuery } from '../../sync-server/db/db.ts';
import { seedDemo } from '../../sync-server/seed/demo-seed.ts';
import { submitOrder } from '../../sync-server/warehouse/orders.ts';
import { ensureRouteAreas } from '../../sync-server/warehouse/sites.ts';
import { MASTER_DATA_TABLES, readsOnlyMasterData } from '../../sync-server/warehouse/master-data-cache.ts';
import { createTestDb, type TestDb, testDrivers, wrapTransactions } from '../support/test-db.ts';
import { makeProduct } from './wh-harness.ts';

const shop = { id: 'key:master-data-test', channel: 'web' };
const masterTable = new RegExp(`\\b(from|join)\\s+(${[...MASTER_DATA_TABLES].join('|')})\\b`, 'i');

/** The same database, keeping the statements its transactions send. */
function logged(db: Db): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const wrapped = wrapTransactions(db, (tx) => withQuery(tx, (sql, params) => {
    statements.push(sql);
    return tx.query(sql, params);
  }));
  return { db: wrapped, statements };
}

/** The plain reads (no row locks) of master-data tables among `statements`. */
const masterReads = (statements: readonly string[]): string[] =>
  statements.filter((s) => /^\s*select\b/i.test(s) && masterTable.test(s) && !/\bfor\s+update\b/i.test(s));

describe.each(testDrivers)('master data kept per process on $kind', ({ kind, skip }) => {
  let t: TestDb;

  beforeAll(async () => {
    if (skip) return;
    t = await createTestDb(kind);
    await seedDemo(t.db, { products: 3 });
    await ensureRouteAreas(t.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  it.skipIf(skip)('a second batch reads no master data while it is unchanged; a change by hand-made SQL reaches the next batch', async () => {
    const p = await makeProduct(t.db, [{ site: 'WH1', qty: 10 }, { site: 'STORE1', qty: 10 }]);
    const post = (db: Db, ref: string): ReturnType<typeof submitOrder> =>
      submitOrder(db, shop, ref, { channel: 'web', externalRef: ref, lines: [{ productId: p, qty: 1 }] });

    const first = logged(t.db);
    const a = await post(first.db, 'MD-1');
    expect(a.body.pickings.map((k) => k.warehouse)).toEqual(['WH1']);

    const second = logged(t.db);
    const b = await post(second.db, 'MD-2');
    expect(b.body.pickings.map((k) => k.warehouse)).toEqual(['WH1']);
    // The first batch of this test may find everything kept by an earlier one; the second never reads.
    expect(second.statements.length).toBeGreaterThan(0);
    expect(masterReads(second.statements)).toEqual([]);

    // The channel now ships from its stores first: written by hand, not through the admin.
    await t.db.query(`INSERT INTO channels (code, name, routing) VALUES ('web', 'web', 'store-first') ON CONFLICT (code) DO UPDATE SET routing = 'store-first'`);
    const third = logged(t.db);
    const c = await post(third.db, 'MD-3');
    expect(c.body.pickings.map((k) => k.warehouse)).toEqual(['STORE1']);
    expect(masterReads(third.statements).length).toBeGreaterThan(0);

    await t.db.query(`UPDATE channels SET routing = 'warehouse-first' WHERE code = 'web'`);
    const d = await post(t.db, 'MD-4');
    expect(d.body.pickings.map((k) => k.warehouse)).toEqual(['WH1']);
  });

  it.skipIf(skip)('every table kept as master data raises the version when written (a trigger per table)', async () => {
    const rows = await t.db.query<{ table: string }>(
      `SELECT c.relname AS table FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid WHERE g.tgname = c.relname || '_master_data' ORDER BY 1`,
    );
    expect(rows.map((r) => r.table)).toEqual([...MASTER_DATA_TABLES].sort());
    for (const table of MASTER_DATA_TABLES) {
      const [before] = await t.db.query<{ v: string }>('SELECT v FROM master_data_version');
      // A statement that changes no row raises it too (statement triggers).
      await t.db.query(`DELETE FROM ${table} WHERE false`);
      const [after] = await t.db.query<{ v: string }>('SELECT v FROM master_data_version');
      expect(after?.v, table).not.toBe(before?.v);
    }
  });

  it.skipIf(skip)('a change rolled back leaves the kept master data as it was; any committed change makes the next batch read again', async () => {
    const p = await makeProduct(t.db, [{ site: 'WH1', qty: 10 }, { site: 'STORE1', qty: 10 }]);
    const post = (db: Db, ref: string): ReturnType<typeof submitOrder> =>
      submitOrder(db, shop, ref, { channel: 'web', externalRef: ref, lines: [{ productId: p, qty: 1 }] });
    await post(t.db, 'MD-WARM');
    await expect(t.db.transaction(async (tx) => {
      await tx.query(`UPDATE channels SET routing = 'store-first' WHERE code = 'web'`);
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    const kept = logged(t.db);
    const a = await post(kept.db, 'MD-AFTER-ROLLBACK');
    expect(a.body.pickings.map((k) => k.warehouse)).toEqual(['WH1']);
    expect(masterReads(kept.statements)).toEqual([]);

    // A policy value no order uses changes: the next batch reads master data again all the same.
    await t.db.query(`UPDATE warehouse_policy SET count_approval_threshold = count_approval_threshold + 1`);
    const after = logged(t.db);
    await post(after.db, 'MD-AFTER-POLICY');
    expect(masterReads(after.statements).length).toBeGreaterThan(0);
  });
});

describe('which statements are master data', () => {
  it('keeps plain reads of master-data tables', () => {
    expect(readsOnlyMasterData('SELECT routing FROM channels WHERE code = $1')).toBe(true);
    expect(readsOnlyMasterData(`SELECT s.id, s.code FROM channel_route_sites r JOIN sites s ON s.id = r.site_id LEFT JOIN warehouse_config c ON c.site_id = s.id WHERE r.channel = $1`)).toBe(true);
    expect(readsOnlyMasterData(`SELECT usage, id FROM locations WHERE site_id = $1 UNION ALL (SELECT 'stock', l.id FROM locations l JOIN locations root ON root.id = l.parent_id)`)).toBe(true);
  });

  it('refuses anything that reads other tables, locks, calls something volatile or hides a table', () => {
    expect(readsOnlyMasterData('SELECT qty FROM quants WHERE product_id = $1')).toBe(false);
    expect(readsOnlyMasterData('SELECT s.id FROM sites s JOIN quants q ON q.location_id = s.id')).toBe(false);
    expect(readsOnlyMasterData('SELECT id FROM sites WHERE id IN (SELECT site_id FROM orders)')).toBe(false);
    expect(readsOnlyMasterData('SELECT s.kind FROM sites s, orders o WHERE o.id = $1')).toBe(false);
    expect(readsOnlyMasterData('SELECT s.kind FROM sites, orders')).toBe(false);
    expect(readsOnlyMasterData('SELECT id FROM sites FOR UPDATE')).toBe(false);
    expect(readsOnlyMasterData('SELECT id, now() FROM sites')).toBe(false);
    expect(readsOnlyMasterData('WITH x AS (SELECT 1) SELECT id FROM sites')).toBe(false);
    expect(readsOnlyMasterData('SELECT x.id FROM (SELECT id FROM orders) x')).toBe(false);
    expect(readsOnlyMasterData('SELECT id FROM unnest($1::text[]) AS id')).toBe(false);
    expect(readsOnlyMasterData('UPDATE sites SET name = $1')).toBe(false);
    expect(readsOnlyMasterData('SELECT 1')).toBe(false);
    // A table's name inside a string is not a table.
    expect(readsOnlyMasterData(`SELECT id FROM sites WHERE name = 'from orders'`)).toBe(true);
  });
});
