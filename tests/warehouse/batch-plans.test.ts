// The plans of an order batch's lookups do not grow with the tables (docs/warehouse.md "Plans that
// do not grow with the tables"). A connection keeps the plan of a prepared statement, and an order
// batch plans generically (force_generic_plan): a plan made while orders, pickings and their lines
// were few and kept as they grew read them whole at every batch. Checked on both drivers with
// EXPLAIN of the statements as the batch runs them: the pickings' documents prepared on an empty
// database probe every growing table by key and hash nothing; the batch's first read takes the
// unique indexes of orders and requests whether they are empty or grown (migration 116), so the
// driver prepares it and its connection keeps one plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../sync-server/db/db.ts';
import { StatementNames } from '../../sync-server/db/named-statements.ts';
import { SEEN_SQL } from '../../sync-server/warehouse/order-batch-admit.ts';
import { PICKING_DOCS_BY_ID } from '../../sync-server/warehouse/picking-docs.ts';
import { explain } from '../support/explain.ts';
import { createTestDb, testDrivers, type TestDb } from '../support/test-db.ts';

/** The generic plan PostgreSQL makes for `sql` now, as a prepared statement of the order batch gets it. */
async function genericPlan(tx: Tx, name: string, sql: string, args: string): Promise<string> {
  await tx.query('SET LOCAL plan_cache_mode = force_generic_plan');
  await tx.query(`PREPARE ${name} AS ${sql}`);
  const plan = await explain(tx, `EXECUTE ${name}(${args})`);
  await tx.query(`DEALLOCATE ${name}`);
  return plan;
}

const GROWING = /Seq Scan on (orders|order_lines|order_requests|pickings|picking_lines|replicated_docs)\b/;

describe.each(testDrivers)('order batch plans on $kind', ({ kind, skip }) => {
  let t: TestDb;
  beforeAll(async () => {
    if (!skip) t = await createTestDb(kind, { poolSize: 2 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it.skipIf(skip)('the pickings\' documents, planned once on empty tables, read orders, pickings and their lines by key', async () => {
    const plan = await t.db.transaction((tx) => genericPlan(tx, 'docs_by_id', PICKING_DOCS_BY_ID, `'{a,b}'`));
    expect(plan).not.toMatch(GROWING);
    // The waiting picking of a pickup order is tested by one probe of its order, not a hash of them all.
    expect(plan).toMatch(/Index Scan using orders_pkey on orders/);
    expect(plan).not.toMatch(/hashed SubPlan/);
    // Nothing is hashed; a pickup order's transfers follow their backorders and next steps by their links (migration 115).
    expect(plan).not.toMatch(/Hash/);
    expect(plan).toMatch(/Index Scan using pickings_backorder_of on pickings/);
    expect(plan).toMatch(/Index Scan using pickings_previous_step on pickings/);
  });

  it.skipIf(skip)('the batch\'s first read probes replays and duplicates through their unique indexes, on empty tables as on grown ones', async () => {
    const args = `'{p}', '{k}', '{web}', '{R-1}', '{x}', '{y}'`;
    const small = await t.db.transaction((tx) => genericPlan(tx, 'seen_small', SEEN_SQL, args));
    expect(small).not.toMatch(GROWING);
    // Before migration 116 the empty table's plan probed orders through (channel, change_seq),
    // filtering the reference: kept by a connection, it read every order of the channel later.
    expect(small).toMatch(/Index Scan using orders_channel_external_ref_key on orders/);
    expect(small).toMatch(/Index (Only )?Scan using order_requests_pkey on order_requests/);
    await t.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO orders (id, channel, external_ref) SELECT 'plan-o-' || g, 'web', 'PLAN-' || g FROM generate_series(1, 5000) g`);
      await tx.query(`INSERT INTO order_requests (principal, idem_key, request_hash, status_code, response)
                      SELECT 'plan', 'plan-' || g, repeat('a', 64), 201, '{}' FROM generate_series(1, 5000) g`);
    });
    const grown = await t.db.transaction((tx) => genericPlan(tx, 'seen_grown', SEEN_SQL, args));
    expect(grown).not.toMatch(GROWING);
    expect(grown).toMatch(/Index Scan using orders_channel_external_ref_key on orders/);
    expect(grown).toMatch(/Index (Only )?Scan using order_requests_pkey on order_requests/);
  });
});

it('prepares the batch\'s first read the second time it runs, like any statement with parameters', () => {
  const names = new StatementNames();
  expect([1, 2, 3].map(() => names.nameFor(SEEN_SQL, 6))).toEqual([undefined, 'aisle_1', 'aisle_1']);
});
