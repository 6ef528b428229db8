// What the POS handlers need to know about products, taxes and tenders, loaded in one round
// trip per event so that recomputation and costing never query per line. Taxes come with their
// rates over time and products with their tax sets over time (migration 123): a line's taxes are
// judged against what the catalog had at the sale's time (tax-checks.ts).
import type { Queryable } from '../db/db.ts';
import type { CatalogTax } from './tax-checks.ts';
import type { CatalogProduct } from './verify-sale.ts';

export interface PosCatalog {
  products: Map<string, CatalogProduct & { cost: number; category: string; tracking: 'none' | 'lot' | 'serial' }>;
  compoundTaxes: Set<string>;
  /** Every tax of the catalog (archived ones too: an offline till may still sell with one). */
  taxes: Map<string, CatalogTax>;
  cashTenders: Set<string>;
  /** Cash-rounding step per site of the batch (`sites.cash_rounding`, minor units; 1 = none). */
  cashRounding: Map<string, number>;
  /** Time zone per site of the batch (`sites.time_zone`), for dates in messages. */
  timeZones: Map<string, string>;
}

interface ProductRow {
  id: string; name: string; tracking: 'none' | 'lot' | 'serial'; price: number; pit: boolean; cost: number; category: string; taxIds: string[] | null;
  taxSets: { ids: string[]; from: string }[] | null;
}
interface TaxRow { id: string; name: string; rate: number; compound: boolean; rates: { rate: number; from: string }[] | null }
interface CatalogJson {
  products: ProductRow[]; taxes: TaxRow[]; cash: string[]; sites: { id: string; step: number; zone: string }[];
}

export async function loadPosCatalog(q: Queryable, productIds: readonly string[], siteIds: readonly string[] = []): Promise<PosCatalog> {
  const [row] = await q.query<{ c: CatalogJson }>(
    `SELECT json_build_object(
       'products', (SELECT coalesce(json_agg(json_build_object('id', p.id, 'name', p.name, 'tracking', p.tracking, 'price', p.price, 'pit', p.price_includes_tax, 'cost', p.cost, 'category', p.category,
                      'taxIds', (SELECT array_agg(t.tax_id ORDER BY t.position, t.tax_id) FROM product_taxes t WHERE t.product_id = p.id),
                      'taxSets', (SELECT json_agg(json_build_object('ids', h.tax_ids, 'from', h.valid_from) ORDER BY h.valid_from) FROM product_tax_history h WHERE h.product_id = p.id))), '[]'::json)
                    FROM products p WHERE p.id = ANY($1::text[])),
       'taxes', (SELECT coalesce(json_agg(json_build_object('id', t.id, 'name', t.name, 'rate', t.rate, 'compound', t.compound,
                   'rates', (SELECT json_agg(json_build_object('rate', h.rate, 'from', h.valid_from) ORDER BY h.valid_from) FROM tax_rate_history h WHERE h.tax_id = t.id))), '[]'::json)
                 FROM taxes t),
       'cash', (SELECT coalesce(json_agg(method), '[]'::json) FROM tenders WHERE is_cash),
       'sites', (SELECT coalesce(json_agg(json_build_object('id', s.id, 'step', s.cash_rounding, 'zone', s.time_zone)), '[]'::json) FROM sites s WHERE s.id = ANY($2::text[]))) AS c`,
    [[...new Set(productIds)], [...new Set(siteIds)]],
  );
  const c = row?.c ?? { products: [], taxes: [], cash: [], sites: [] };
  const at = (iso: string): number => Date.parse(iso);
  return {
    products: new Map(c.products.map((p) => [p.id, {
      name: p.name, tracking: p.tracking, price: Number(p.price), priceIncludesTax: p.pit, cost: Number(p.cost), category: p.category, taxIds: p.taxIds ?? [],
      taxSets: (p.taxSets ?? []).map((s) => ({ value: s.ids, from: at(s.from) })),
    }])),
    compoundTaxes: new Set(c.taxes.filter((t) => t.compound).map((t) => t.id)),
    taxes: new Map(c.taxes.map((t) => [t.id, {
      name: t.name,
      // A tax written around the trigger (none should be) is judged by its rate now.
      rates: t.rates?.length ? t.rates.map((h) => ({ value: Number(h.rate), from: at(h.from) })) : [{ value: Number(t.rate), from: 0 }],
    }])),
    cashTenders: new Set(c.cash),
    cashRounding: new Map(c.sites.map((s) => [s.id, Number(s.step)])),
    timeZones: new Map(c.sites.map((s) => [s.id, s.zone])),
  };
}
