// What the POS handlers need to know about products, taxes and tenders, loaded in one round
// trip per event so that recomputation and costing never query per line.
import type { Queryable } from '../db/db.ts';
import type { CatalogProduct } from './verify-sale.ts';

export interface PosCatalog {
  products: Map<string, CatalogProduct & { cost: number; category: string; name: string; tracking: 'none' | 'lot' | 'serial' }>;
  compoundTaxes: Set<string>;
  cashTenders: Set<string>;
  /** Cash-rounding step per site of the batch (`sites.cash_rounding`, minor units; 1 = none). */
  cashRounding: Map<string, number>;
}

export async function loadPosCatalog(q: Queryable, productIds: readonly string[], siteIds: readonly string[] = []): Promise<PosCatalog> {
  const [row] = await q.query<{ c: { products: { id: string; name: string; tracking: 'none' | 'lot' | 'serial'; price: number; pit: boolean; cost: number; category: string; taxIds: string[] | null }[]; compound: string[]; cash: string[]; rounding: { id: string; step: number }[] } }>(
    `SELECT json_build_object(
       'products', (SELECT coalesce(json_agg(json_build_object('id', p.id, 'name', p.name, 'tracking', p.tracking, 'price', p.price, 'pit', p.price_includes_tax, 'cost', p.cost, 'category', p.category,
                      'taxIds', (SELECT array_agg(t.tax_id ORDER BY t.position, t.tax_id) FROM product_taxes t WHERE t.product_id = p.id))), '[]'::json)
                    FROM products p WHERE p.id = ANY($1::text[])),
       'compound', (SELECT coalesce(json_agg(id), '[]'::json) FROM taxes WHERE compound),
       'cash', (SELECT coalesce(json_agg(method), '[]'::json) FROM tenders WHERE is_cash),
       'rounding', (SELECT coalesce(json_agg(json_build_object('id', s.id, 'step', s.cash_rounding)), '[]'::json) FROM sites s WHERE s.id = ANY($2::text[]))) AS c`,
    [[...new Set(productIds)], [...new Set(siteIds)]],
  );
  const c = row?.c ?? { products: [], compound: [], cash: [], rounding: [] };
  return {
    products: new Map(c.products.map((p) => [p.id, { name: p.name, tracking: p.tracking, price: Number(p.price), priceIncludesTax: p.pit, cost: Number(p.cost), category: p.category, taxIds: p.taxIds ?? [] }])),
    compoundTaxes: new Set(c.compound),
    cashTenders: new Set(c.cash),
    cashRounding: new Map(c.rounding.map((r) => [r.id, Number(r.step)])),
  };
}
