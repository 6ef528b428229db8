// What the POS handlers need to know about products, taxes and tenders, loaded in one round
// trip per event so that recomputation and costing never query per line.
import type { Queryable } from '../db/db.ts';
import type { CatalogProduct } from './verify-sale.ts';

export interface PosCatalog {
  products: Map<string, CatalogProduct & { cost: number }>;
  compoundTaxes: Set<string>;
  cashTenders: Set<string>;
}

export async function loadPosCatalog(q: Queryable, productIds: readonly string[]): Promise<PosCatalog> {
  const [products, taxes, tenders] = await Promise.all([
    q.query<{ id: string; price: string; price_includes_tax: boolean; cost: string; tax_ids: string[] | null }>(
      `SELECT p.id, p.price, p.price_includes_tax, p.cost,
              (SELECT array_agg(t.tax_id ORDER BY t.position, t.tax_id) FROM product_taxes t WHERE t.product_id = p.id) AS tax_ids
       FROM products p WHERE p.id = ANY($1::text[])`,
      [[...new Set(productIds)]],
    ),
    q.query<{ id: string }>('SELECT id FROM taxes WHERE compound'),
    q.query<{ method: string }>('SELECT method FROM tenders WHERE is_cash'),
  ]);
  return {
    products: new Map(
      products.map((p) => [p.id, { price: Number(p.price), priceIncludesTax: p.price_includes_tax, cost: Number(p.cost), taxIds: p.tax_ids ?? [] }]),
    ),
    compoundTaxes: new Set(taxes.map((t) => t.id)),
    cashTenders: new Set(tenders.map((t) => t.method)),
  };
}
