// Pricing rules for the till bench (issue 17): 1,000 active promotions (percent off a product,
// buy-2-get-1 on a product, an amount off a category, some exclusive) and 100 pricelists of 20 rules
// each, the first the store's default, spread over the seeded catalog and published to the feed.
import type { Db } from '../../sync-server/db/db.ts';
import { publishPricing } from '../../sync-server/feed/pricing-docs.ts';

export const BENCH_PROMOTIONS = 1000;
export const BENCH_PRICELISTS = 100;

export async function seedBenchPricing(db: Db, storeId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [{ n } = { n: 1 }] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM products');
    await tx.query(
      `INSERT INTO promotions (id, name, trigger, site_ids, channels, priority, exclusive, reward)
       SELECT 'bench-promo-' || g, 'Bench promotion ' || g, 'automatic', '{}', '{}', g % 10, g % 7 = 0,
              CASE g % 3
                WHEN 0 THEN jsonb_build_object('kind', 'percent_off', 'percent', 5 + g % 20, 'target', jsonb_build_object('productIds', jsonb_build_array(p.id)))
                WHEN 1 THEN jsonb_build_object('kind', 'buy_x_get_y', 'buyQty', 2, 'getQty', 1, 'target', jsonb_build_object('productIds', jsonb_build_array(p.id)), 'free', jsonb_build_object('kind', 'cheapest'))
                ELSE jsonb_build_object('kind', 'amount_off', 'amount', 10, 'target', jsonb_build_object('categories', jsonb_build_array(p.category)))
              END
       FROM generate_series(1, $1::int) g
       CROSS JOIN LATERAL (SELECT id, category FROM products ORDER BY sku OFFSET (g * 37) % $2::int LIMIT 1) p`,
      [BENCH_PROMOTIONS, n],
    );
    await tx.query(
      `INSERT INTO pricelists (id, name, default_for_site_ids, sequence)
       SELECT 'bench-pl-' || g, 'Bench pricelist ' || g, CASE WHEN g = 1 THEN ARRAY[$2::text] ELSE '{}'::text[] END, g FROM generate_series(1, $1::int) g`,
      [BENCH_PRICELISTS, storeId],
    );
    await tx.query(
      `INSERT INTO pricelist_items (id, pricelist_id, applies_to, min_qty, compute, position)
       SELECT 'bench-pl-' || g || '-' || i, 'bench-pl-' || g,
              CASE WHEN i = 0 THEN jsonb_build_object('kind', 'all') ELSE jsonb_build_object('kind', 'product', 'productId', p.id) END,
              CASE WHEN i % 4 = 0 THEN 3 ELSE NULL END,
              CASE WHEN i % 2 = 0 THEN jsonb_build_object('kind', 'percentage', 'percent', 1 + i % 9)
                   ELSE jsonb_build_object('kind', 'formula', 'base', 'list', 'discountPercent', 3, 'rounding', 5, 'surcharge', -1) END,
              i
       FROM generate_series(1, $1::int) g CROSS JOIN generate_series(0, 19) i
       CROSS JOIN LATERAL (SELECT id FROM products ORDER BY sku OFFSET (g * 101 + i * 13) % $2::int LIMIT 1) p`,
      [BENCH_PRICELISTS, n],
    );
    await publishPricing(tx);
  });
}

/** Withdraws every bench rule from the tills (deactivated, published as deleted), to measure without them in the same run. */
export async function withdrawBenchPricing(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`UPDATE promotions SET active = false WHERE id LIKE 'bench-promo-%'`);
    await tx.query(`UPDATE pricelists SET active = false WHERE id LIKE 'bench-pl-%'`);
    await publishPricing(tx);
  });
}
