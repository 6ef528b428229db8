// The till's in-memory catalog: a barcode map for scans (GTIN-14 → product) and a sorted token
// index for search-as-you-type over name, SKU and barcode. RxDB `$regex` scans every document
// (seconds over 100k products), so the till never searches the database directly.
import type { Product } from '../../shared/schemas/index.ts';
import { foldText } from '../../shared/text/fold.ts';
import { compareNames } from '../../shared/text/name-order.ts';

export interface SearchHit {
  product: Product;
}

export interface CatalogIndex {
  readonly size: number;
  readonly data: CatalogIndexData;
  byBarcode(gtin14: string): Product | undefined;
  byId(id: string): Product | undefined;
  bySku(sku: string): Product | undefined;
  search(query: string, limit?: number): Product[];
}

/** Lower-case, accent-free words of a text (shared/text/fold.ts); what both the index and the query are cut into. */
export function tokenize(text: string): string[] {
  return foldText(text)
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

function searchKeys(p: Product): string[] {
  const keys = new Set(tokenize(p.name));
  keys.add(p.sku.toLowerCase());
  // The SKU's words too, so a SKU typed as far as a separator ("SKU-00", "choc 1") suggests like a name.
  for (const word of tokenize(p.sku)) keys.add(word);
  for (const code of p.barcodes) {
    keys.add(code);
    // EAN-13 / UPC-A as printed under the bars: the GTIN-14 without its leading zeros.
    keys.add(code.replace(/^0+/, ''));
  }
  return [...keys];
}

/** First index in sorted `keys` whose value is ≥ `target`. */
function lowerBound(keys: readonly string[], order: Int32Array, target: string): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[order[mid] ?? 0] ?? '') < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index in plain arrays: what a snapshot stores, so a restart skips tokenizing and sorting. */
export interface CatalogIndexData {
  products: Product[];
  /** Search keys and the product (position in `products`) each belongs to. */
  keys: string[];
  owners: Int32Array;
  /** Positions in `keys`, sorted by key. */
  order: Int32Array;
}

export function buildCatalogData(products: Iterable<Product>): CatalogIndexData {
  const list: Product[] = [];
  const keys: string[] = [];
  const owners: number[] = [];
  for (const p of products) {
    if (!p.active) continue;
    const at = list.length;
    list.push(p);
    for (const k of searchKeys(p)) {
      keys.push(k);
      owners.push(at);
    }
  }
  const order = new Int32Array(keys.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => {
    const ka = keys[a] ?? '';
    const kb = keys[b] ?? '';
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return { products: list, keys, owners: Int32Array.from(owners), order };
}

export function buildCatalogIndex(products: Iterable<Product>): CatalogIndex {
  return indexFromData(buildCatalogData(products));
}

export function indexFromData(data: CatalogIndexData): CatalogIndex {
  const { products: list, keys, owners, order } = data;
  const barcodes = new Map<string, Product>();
  const ids = new Map<string, Product>();
  const skus = new Map<string, Product>();
  const haystacks: string[] = new Array<string>(list.length);
  for (let at = 0; at < list.length; at++) {
    const p = list[at];
    if (!p) continue;
    ids.set(p.id, p);
    skus.set(p.sku.toLowerCase(), p);
    for (const code of p.barcodes) barcodes.set(code, p);
  }
  // Lazily built per product: the words a multi-word query checks its other terms against.
  const haystack = (owner: number): string => {
    let hay = haystacks[owner];
    if (hay === undefined) {
      const p = list[owner];
      hay = p ? ` ${searchKeys(p).join(' ')}` : '';
      haystacks[owner] = hay;
    }
    return hay;
  };

  const rangeOf = (prefix: string): [number, number] => [lowerBound(keys, order, prefix), lowerBound(keys, order, `${prefix}\uffff`)];

  return {
    size: list.length,
    data,
    byBarcode: (gtin14) => barcodes.get(gtin14),
    byId: (id) => ids.get(id),
    bySku: (sku) => skus.get(sku.toLowerCase()),
    search(query, limit = 50) {
      const terms = tokenize(query);
      if (terms.length === 0) return [];
      // Walk the narrowest term's range; every other term must prefix one of the product's words.
      const ranges = terms.map((t) => ({ term: t, range: rangeOf(t) }));
      ranges.sort((a, b) => a.range[1] - a.range[0] - (b.range[1] - b.range[0]));
      const [first, ...rest] = ranges;
      if (!first) return [];
      const seen = new Set<number>();
      const out: Product[] = [];
      for (let i = first.range[0]; i < first.range[1] && out.length < limit; i++) {
        const owner = owners[order[i] ?? 0] ?? 0;
        if (seen.has(owner)) continue;
        seen.add(owner);
        if (rest.length === 0 || rest.every((r) => haystack(owner).includes(` ${r.term}`))) {
          const product = list[owner];
          if (product) out.push(product);
        }
      }
      // Listed in reading order (the walk found them in the order of their matching word, ties by
      // catalog position: "Classic Apples #201" above "#1").
      return out.sort((a, b) => compareNames(a.name, b.name));
    },
  };
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * `base` with some products replaced by newer versions of themselves, at once and without a
 * rebuild: what makes a price change from the server count on the very next scan. Only changes
 * that keep what the index is built from (name, SKU, barcodes, still active) can be laid over;
 * for anything else (a new, renamed or archived product) the answer is null and the caller
 * rebuilds from storage.
 */
export function withChangedProducts(base: CatalogIndex, changed: readonly Product[]): CatalogIndex | null {
  const newer = new Map<string, Product>();
  for (const p of changed) {
    const old = base.byId(p.id);
    if (!old || !p.active || old.name !== p.name || old.sku !== p.sku || !sameList(old.barcodes, p.barcodes)) return null;
    newer.set(p.id, p);
  }
  const current = <T extends Product | undefined>(p: T): T => (p ? ((newer.get(p.id) ?? p) as T) : p);
  return {
    size: base.size,
    data: { ...base.data, products: base.data.products.map(current) },
    byBarcode: (gtin14) => current(base.byBarcode(gtin14)),
    byId: (id) => current(base.byId(id)),
    bySku: (sku) => current(base.bySku(sku)),
    search: (query, limit) => base.search(query, limit).map(current),
  };
}
