// Searches by a part of a text (migration 124): the back office's channel orders (reference,
// customer name, e-mail — of the customer on file, or carried by an order that names nobody on
// file), customers (e-mail), the audit log (summary, author) and the till's web-order return lookup
// find a fragment in the middle of a text, accents and case aside; one or two characters match the
// start only. Each statement these searches send is planned on its trigram indexes: with sequential
// scans priced out (the tables here are small), the plan must read the indexes — which fails if an
// index, or the expression it holds, stops matching the query's. Both drivers (PGlite loads pg_trgm).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable, SqlParam } from '../../sync-server/db/db.ts';
import { listAudit, recordAudit } from '../../sync-server/admin/audit.ts';
import { listCustomers } from '../../sync-server/customers/customer-admin.ts';
import { seedDemo } from '../../sync-server/seed/demo-seed.ts';
import { listAdminOrders } from '../../sync-server/warehouse/order-admin-list.ts';
import { orderPageIds } from '../../sync-server/warehouse/order-admin-page.ts';
import { findReturnableOrders } from '../../sync-server/warehouse/order-return-lookup.ts';
import { explain } from '../support/explain.ts';
import { createTestDb, testDrivers, type TestDb } from '../support/test-db.ts';

/** The statements `fn` sends, each with its parameters. */
async function statementsOf(q: Queryable, fn: (q: Queryable) => Promise<unknown>): Promise<{ sql: string; params: readonly SqlParam[] }[]> {
  const sent: { sql: string; params: readonly SqlParam[] }[] = [];
  await fn({
    query: <T extends object>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> => {
      sent.push({ sql, params });
      return q.query<T>(sql, params);
    },
  });
  return sent;
}

describe.each(testDrivers)('searches by a part of a text on $kind', ({ kind, skip }) => {
  let t: TestDb;

  beforeAll(async () => {
    if (skip) return;
    t = await createTestDb(kind);
    await seedDemo(t.db, { products: 5 });
    const db = t.db;
    await db.query(
      `INSERT INTO customers (id, name, email, phone) VALUES
         ('c-zoe', 'Zoë Lefèvre', 'zoe.lefevre@example.com', '+33 6 12 34 56 78'),
         ('c-bruno', 'Bruno Costa', 'bruno@shop.example.org', NULL)`,
    );
    // Enough customers and orders that the planner's own choice shows (no table is read whole for a rare word).
    await db.query(`INSERT INTO customers (id, name, email) SELECT 'c-' || n, 'Filler ' || n, 'filler' || n || '@example.net' FROM generate_series(1, 20000) n`);
    await db.query(
      `INSERT INTO orders (id, channel, external_ref, customer_id, customer, created_at) VALUES
         ('o-zoe', 'web', 'WEB-100423', 'c-zoe', '{"name": "Zoë Lefèvre"}', now() - interval '3 hours'),
         ('o-bruno', 'marketplace', 'MKT-55', 'c-bruno', '{"name": "Bruno Costa"}', now() - interval '2 hours'),
         ('o-guest', 'web', 'GST-9001', NULL, '{"name": "Ægir Øvergård", "email": "aegir@fjord.example"}', now() - interval '1 hour')`,
    );
    await db.query(
      `INSERT INTO orders (id, channel, external_ref, customer_id, created_at)
       SELECT 'o-' || n, 'web', 'FILL-' || lpad(n::text, 5, '0'), 'c-' || (n % 20000 + 1), now() - n * interval '1 minute' FROM generate_series(1, 20000) n`,
    );
    const [product] = await db.query<{ id: string }>('SELECT id FROM products ORDER BY sku LIMIT 1');
    await db.query(
      `INSERT INTO order_lines (id, order_id, position, product_id, qty, unit_price, price_includes_tax, delivered) VALUES
         ('ol-zoe', 'o-zoe', 1, $1, 2, 450, true, 2), ('ol-guest', 'o-guest', 1, $1, 1, 450, true, 1)`,
      [product?.id ?? ''],
    );
    await recordAudit(db, { kind: 'user', userId: null, name: 'Hélène', role: 'admin' }, { action: 'device.revoke', entity: 'device', summary: 'revoked till "Caisse Générale" (STORE1)' });
    await db.query(
      `INSERT INTO admin_audit (actor, actor_role, action, entity, entity_id, summary)
       SELECT 'user' || (n % 50), 'manager', 'product.update', 'product', 'p-' || n, 'changed the price of Filler product ' || n FROM generate_series(1, 20000) n`,
    );
    await db.query('ANALYZE');
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  const orderRefs = async (q: string): Promise<string[]> => (await listAdminOrders(t.db, { q, limit: 50 })).orders.map((o) => o.reference);

  it.skipIf(skip)('finds channel orders by a part of the reference, the customer\'s name or e-mail, accents folded', async () => {
    expect(await orderRefs('b-1004')).toEqual(['WEB-100423']);
    expect(await orderRefs('LEFEVRE')).toEqual(['WEB-100423']);
    expect(await orderRefs('lefèv')).toEqual(['WEB-100423']);
    expect(await orderRefs('shop.example')).toEqual(['MKT-55']);
    // An order that names nobody on file: by the name and e-mail it carries (Æ reads AE, Ø reads O).
    expect(await orderRefs('vergard')).toEqual(['GST-9001']);
    expect(await orderRefs('aegir ov')).toEqual(['GST-9001']);
    expect(await orderRefs('fjord.ex')).toEqual(['GST-9001']);
    // LIKE's signs are letters here.
    expect(await orderRefs('1%3')).toEqual([]);
    expect(await orderRefs('_')).toEqual([]);
  });

  it.skipIf(skip)('one or two characters find what starts with them, not what holds them', async () => {
    expect(await orderRefs('mk')).toEqual(['MKT-55']);
    expect(await orderRefs('Æ')).toEqual(['GST-9001']);
    expect(await orderRefs('kt')).toEqual([]);
    expect((await listCustomers(t.db, { q: 'br' })).customers.map((c) => c.name)).toEqual(['Bruno Costa']);
    expect((await listCustomers(t.db, { q: 'ru' })).customers).toEqual([]);
  });

  it.skipIf(skip)('finds customers by a part of the e-mail, the audit log by a part of the summary or the author', async () => {
    expect((await listCustomers(t.db, { q: 'FEVRE@EXA' })).customers.map((c) => c.name)).toEqual(['Zoë Lefèvre']);
    expect((await listCustomers(t.db, { q: 'zoe' })).customers.map((c) => c.name)).toEqual(['Zoë Lefèvre']);
    expect((await listCustomers(t.db, { q: 'filler12@' })).total).toBe(1);
    expect((await listAudit(t.db, { q: 'generale', limit: 10 })).map((e) => e.summary)).toEqual(['revoked till "Caisse Générale" (STORE1)']);
    expect((await listAudit(t.db, { q: 'LENE', limit: 10 })).map((e) => e.actor)).toEqual(['Hélène']);
  });

  it.skipIf(skip)('the till finds a delivered web order by a part of its reference, the customer or the phone digits', async () => {
    const refs = async (q: string): Promise<string[]> => (await findReturnableOrders(t.db, q)).map((o) => o.orderRef);
    expect(await refs('00423')).toEqual(['WEB-100423']);
    expect(await refs('zoe lef')).toEqual(['WEB-100423']);
    expect(await refs('12 34 56 78')).toEqual(['WEB-100423']);
    expect(await refs('overgard')).toEqual(['GST-9001']);
    // The whole reference finds its order; a short code finds only the order it is the reference of.
    expect(await refs('web-100423')).toEqual(['WEB-100423']);
    expect(await refs('GS')).toEqual([]);
  });

  it.skipIf(skip)('every search statement reads its trigram indexes, never a whole table', async () => {
    const plans = async (fn: (q: Queryable) => Promise<unknown>): Promise<string> => {
      const [first] = await statementsOf(t.db, fn);
      if (!first) throw new Error('no statement sent');
      return t.db.transaction(async (tx) => {
        // The tables are small: priced as they are, a scan would rightly win.
        await tx.query('SET LOCAL enable_seqscan = off');
        return explain(tx, first.sql, '(COSTS OFF)', first.params);
      });
    };
    const orders = await plans((q) => listAdminOrders(q, { q: 'lefevre', limit: 50 }));
    expect(orders).toMatch(/orders_ref_trigrams/);
    expect(orders).toMatch(/customers_trigrams/);
    expect(orders).toMatch(/orders_guest_trigrams/);
    expect(orders).not.toMatch(/Seq Scan on (orders|customers)/);
    const short = await plans((q) => listAdminOrders(q, { q: 'mk', limit: 50 }));
    expect(short).toMatch(/orders_ref_trigrams/);
    expect(short).not.toMatch(/Seq Scan on (orders|customers)/);

    const returns = await plans((q) => findReturnableOrders(q, '12 34 56 78'));
    expect(returns).toMatch(/orders_ref_trigrams/);
    expect(returns).toMatch(/customers_trigrams/);
    expect(returns).not.toMatch(/Seq Scan on (orders|customers)/);

    const customers = await plans((q) => listCustomers(q, { q: 'fevre@exa' }));
    expect(customers).toMatch(/customers_trigrams/);
    expect(customers).not.toMatch(/Seq Scan on customers/);

    const audit = await plans((q) => listAudit(q, { q: 'generale', limit: 10 }));
    expect(audit).toMatch(/admin_audit_trigrams/);
    expect(audit).not.toMatch(/Seq Scan on admin_audit/);
  });
  it.skipIf(skip)('the list\'s newest orders and a common word\'s page are read from indexes in their order; the count stops at the cap', async () => {
    // The first two statements' plans: the capped count, then the page. `priced`: sequential scans
    // priced out, as above, for a statement whose index pays off only on tables bigger than these.
    const plansOf = async (fn: (q: Queryable) => Promise<unknown>, priced = false): Promise<string[]> => {
      const sent = (await statementsOf(t.db, fn)).slice(0, 2);
      return t.db.transaction(async (tx) => {
        if (priced) await tx.query('SET LOCAL enable_seqscan = off');
        const plans: string[] = [];
        for (const st of sent) plans.push(await explain(tx, st.sql, '(COSTS OFF)', st.params));
        return plans;
      });
    };
    // Every order, newest first: counted up to 1,001 rows, then the page from orders_newest, no
    // sort — the planner's own choice, sequential scans allowed: 20,000 orders are enough for that.
    expect((await orderPageIds(t.db, { limit: 50 })).way).toBe('newest');
    const [allCount = '', all = ''] = await plansOf((q) => listAdminOrders(q, { limit: 50 }));
    expect(allCount).toMatch(/Limit/);
    expect(all).toMatch(/Index (Only )?Scan using orders_newest on orders/);
    expect(all).not.toMatch(/Sort|Seq Scan on orders/);
    // The page's default, Open orders: from orders_state_newest.
    const [, open = ''] = await plansOf((q) => listAdminOrders(q, { state: 'open', limit: 50 }));
    expect(open).toMatch(/Index (Only )?Scan using orders_state_newest on orders/);
    expect(open).not.toMatch(/Sort|Seq Scan on orders/);
    // Words that 1,112 orders match (the customers Filler 2, 20–29, 200–299, 2000–2999, 20000): the
    // newest orders read from orders_newest and tested one by one, their customer by its key, no sort…
    const common = { q: 'filler 2', limit: 50 };
    expect(await orderPageIds(t.db, common)).toMatchObject({ total: 1000, totalExact: false, hasMore: true, way: 'walked' });
    expect((await orderPageIds(t.db, common, { countCap: 5000 })).total).toBe(1112);
    const [, walk = ''] = await plansOf((q) => listAdminOrders(q, common));
    expect(walk).toMatch(/Index (Only )?Scan using orders_newest on orders/);
    expect(walk).toMatch(/Index Scan using customers_pkey on customers/);
    expect(walk).not.toMatch(/Sort|Seq Scan on (orders|customers)/);
    // …counted from the trigram indexes, each branch stopping at the cap.
    const [count = ''] = await plansOf((q) => listAdminOrders(q, common), true);
    expect(count).toMatch(/Limit\n\s+-> {2}Append/);
    expect(count).toMatch(/customers_trigrams/);
    expect(count).not.toMatch(/Seq Scan on (orders|customers)/);
  });
});
