// What the POS handlers need to know about products, taxes and tenders, loaded in one round
// trip per push batch so that recomputation and costing never query per line. Taxes come with their
// rates over time and products with their tax sets over time (migration 123): a line's taxes are
// judged against what the catalog had at the sale's time (tax-checks.ts).
// Each process keeps what it read — everything but the products' costs and the sites — while
// `pos_catalog_version` (migration 132: changed in the same transaction by every statement that
// writes what is kept) reads the same value: the round trip then carries the costs, the sites and
// only the products the process has not met yet. Safe for the reason the warehouse's master data
// is (warehouse/master-data-cache.ts): a change commits together with its new version.
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
  id: string; name: string; tracking: 'none' | 'lot' | 'serial'; price: number; pit: boolean; category: string; taxIds: string[] | null;
  taxSets: { ids: string[]; from: string }[] | null;
}
interface TaxRow { id: string; name: string; rate: number; compound: boolean; rates: { rate: number; from: string }[] | null }
interface CatalogRow {
  version: string;
  /** Cost per requested product that exists. */
  costs: Record<string, number | string> | null;
  /** The requested products this process did not keep (all of them when the version changed). */
  products: ProductRow[] | null;
  /** Null when the version is the one the process sent (it keeps them). */
  taxes: TaxRow[] | null;
  cash: string[] | null;
  sites: { id: string; step: number; zone: string }[] | null;
}

type KeptProduct = Omit<PosCatalog['products'] extends Map<string, infer P> ? P : never, 'cost'>;

/** What a process keeps of one catalog version. */
interface Kept {
  version: string;
  products: Map<string, KeptProduct>;
  compoundTaxes: Set<string>;
  taxes: Map<string, CatalogTax>;
  cashTenders: Set<string>;
}

/**
 * Products kept per version at most: a push names a few hundred, a store sells a few thousand a
 * day; a 100k catalog is not all kept (past the bound the version is let go and read afresh).
 */
const MAX_KEPT_PRODUCTS = 20_000;
/** Versions kept: several databases in one process (tests), or a change committing meanwhile. */
const MAX_VERSIONS = 4;
const keptByVersion = new Map<string, Kept>();
let lastVersion: string | null = null;

const CATALOG_SQL = `
  SELECT v.v AS version,
    (SELECT json_object_agg(p.id, p.cost) FROM products p WHERE p.id = ANY($1::text[])) AS costs,
    (SELECT json_agg(json_build_object('id', p.id, 'name', p.name, 'tracking', p.tracking, 'price', p.price, 'pit', p.price_includes_tax, 'category', p.category,
               'taxIds', (SELECT array_agg(t.tax_id ORDER BY t.position, t.tax_id) FROM product_taxes t WHERE t.product_id = p.id),
               'taxSets', (SELECT json_agg(json_build_object('ids', h.tax_ids, 'from', h.valid_from) ORDER BY h.valid_from) FROM product_tax_history h WHERE h.product_id = p.id)))
       FROM products p WHERE p.id = ANY(CASE WHEN v.v = $3 THEN $4::text[] ELSE $1::text[] END)) AS products,
    CASE WHEN v.v IS DISTINCT FROM $3 THEN
      (SELECT coalesce(json_agg(json_build_object('id', t.id, 'name', t.name, 'rate', t.rate, 'compound', t.compound,
                 'rates', (SELECT json_agg(json_build_object('rate', h.rate, 'from', h.valid_from) ORDER BY h.valid_from) FROM tax_rate_history h WHERE h.tax_id = t.id))), '[]'::json)
         FROM taxes t) END AS taxes,
    CASE WHEN v.v IS DISTINCT FROM $3 THEN (SELECT coalesce(json_agg(method), '[]'::json) FROM tenders WHERE is_cash) END AS cash,
    (SELECT json_agg(json_build_object('id', s.id, 'step', s.cash_rounding, 'zone', s.time_zone)) FROM sites s WHERE s.id = ANY($2::text[])) AS sites
  FROM pos_catalog_version v`;

const at = (iso: string): number => Date.parse(iso);

function keptProduct(p: ProductRow): KeptProduct {
  return {
    name: p.name, tracking: p.tracking, price: Number(p.price), priceIncludesTax: p.pit, category: p.category, taxIds: p.taxIds ?? [],
    taxSets: (p.taxSets ?? []).map((s) => ({ value: s.ids, from: at(s.from) })),
  };
}

function keptVersion(row: CatalogRow): Kept {
  const taxes = row.taxes ?? [];
  return {
    version: row.version,
    products: new Map(),
    compoundTaxes: new Set(taxes.filter((t) => t.compound).map((t) => t.id)),
    taxes: new Map(taxes.map((t) => [t.id, {
      name: t.name,
      // A tax written around the trigger (none should be) is judged by its rate now.
      rates: t.rates?.length ? t.rates.map((h) => ({ value: Number(h.rate), from: at(h.from) })) : [{ value: Number(t.rate), from: 0 }],
    }])),
    cashTenders: new Set(row.cash ?? []),
  };
}

function keep(kept: Kept): void {
  keptByVersion.delete(kept.version);
  keptByVersion.set(kept.version, kept);
  while (keptByVersion.size > MAX_VERSIONS) keptByVersion.delete(keptByVersion.keys().next().value as string);
}

export async function loadPosCatalog(q: Queryable, productIds: readonly string[], siteIds: readonly string[] = []): Promise<PosCatalog> {
  const ids = [...new Set(productIds)];
  const known = lastVersion === null ? undefined : keptByVersion.get(lastVersion);
  const missing = known ? ids.filter((id) => !known.products.has(id)) : ids;
  const [row] = await q.query<CatalogRow>(CATALOG_SQL, [ids, [...new Set(siteIds)], known?.version ?? null, missing]);
  if (!row) throw new Error('pos_catalog_version has no row');
  // Another version than the one sent: everything was read afresh (kept again if seen before).
  const kept = row.version === known?.version ? known : (row.taxes ? keptVersion(row) : undefined);
  if (!kept) throw new Error('the catalog read did not carry its taxes');
  for (const p of row.products ?? []) kept.products.set(p.id, keptProduct(p));
  keep(kept);
  lastVersion = kept.version;
  // Past the bound the version is let go (this push still answers from it): the next reads it afresh.
  if (kept.products.size > MAX_KEPT_PRODUCTS) keptByVersion.delete(kept.version);
  const costs = row.costs ?? {};
  const products: PosCatalog['products'] = new Map();
  for (const id of ids) {
    const p = kept.products.get(id);
    const cost = costs[id];
    // A product kept but gone since (deleted: the version changed, so not kept) or not read: unknown.
    if (p && cost !== undefined) products.set(id, { ...p, cost: Number(cost) });
  }
  const sites = row.sites ?? [];
  return {
    products,
    compoundTaxes: kept.compoundTaxes,
    taxes: kept.taxes,
    cashTenders: kept.cashTenders,
    cashRounding: new Map(sites.map((s) => [s.id, Number(s.step)])),
    timeZones: new Map(sites.map((s) => [s.id, s.zone])),
  };
}
