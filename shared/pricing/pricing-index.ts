// The pricing rules indexed once (when the till's config changes, or per batch on the server), so
// that pricing a line looks up the rules of its product and category instead of scanning every rule.
import type { Coupon, Pricelist, PricelistItem, PricingRules, Promotion, ProductTarget } from './pricing-rules.ts';
import { normalizeCouponCode } from './coupon-code.ts';

/** A pricelist's items by what they apply to, each list in the order rules are tried. */
export interface IndexedPricelist {
  pricelist: Pricelist;
  byProduct: Map<string, PricelistItem[]>;
  byCategory: Map<string, PricelistItem[]>;
  all: PricelistItem[];
}

export interface PricingIndex {
  /** Sorted by sequence, then id. */
  pricelists: IndexedPricelist[];
  pricelistById: Map<string, IndexedPricelist>;
  promotionById: Map<string, Promotion>;
  /** Promotions that may touch a product, by product id and by category; `everywhere` target all products. */
  promotionsByProduct: Map<string, Promotion[]>;
  promotionsByCategory: Map<string, Promotion[]>;
  everywhere: Promotion[];
  /** Each promotion's place in the order promotions are tried (`promotionOrder`), ranked once here. */
  promotionRank: Map<Promotion, number>;
  /** Coupons by normalised code. */
  coupons: Map<string, Coupon>;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Odoo's order: a bigger quantity break first (so 10+ wins over 1+), then the rule's id. Items of
 * different specificity live in different lists (product, then category, then all).
 */
function itemOrder(a: PricelistItem, b: PricelistItem): number {
  return (b.minQty ?? 0) - (a.minQty ?? 0) || byText(a.id, b.id);
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexPricelist(pricelist: Pricelist): IndexedPricelist {
  const byProduct = new Map<string, PricelistItem[]>();
  const byCategory = new Map<string, PricelistItem[]>();
  const all: PricelistItem[] = [];
  for (const item of [...pricelist.items].sort(itemOrder)) {
    if (item.appliesTo.kind === 'product') push(byProduct, item.appliesTo.productId, item);
    else if (item.appliesTo.kind === 'category') push(byCategory, item.appliesTo.category, item);
    else all.push(item);
  }
  return { pricelist, byProduct, byCategory, all };
}

/** The order promotions are tried in: priority, then id (docs/pricing.md). */
export function promotionOrder(a: Promotion, b: Promotion): number {
  return a.priority - b.priority || byText(a.id, b.id);
}

/** Products and categories a reward can touch; undefined = any product. */
function touches(promotion: Promotion): { productIds: string[]; categories: string[] } | undefined {
  const r = promotion.reward;
  const fromTarget = (t: ProductTarget): { productIds: string[]; categories: string[] } | undefined =>
    (t.productIds?.length ?? 0) + (t.categories?.length ?? 0) === 0 ? undefined : { productIds: t.productIds ?? [], categories: t.categories ?? [] };
  switch (r.kind) {
    case 'bundle':
      return { productIds: r.items.map((i) => i.productId), categories: [] };
    case 'buy_x_get_y': {
      const t = fromTarget(r.target);
      return t && r.free.kind === 'product' ? { ...t, productIds: [...t.productIds, r.free.productId] } : t;
    }
    default:
      return fromTarget(r.target);
  }
}

export function buildPricingIndex(rules: PricingRules): PricingIndex {
  const pricelists = [...rules.pricelists].sort((a, b) => a.sequence - b.sequence || byText(a.id, b.id)).map(indexPricelist);
  const promotionsByProduct = new Map<string, Promotion[]>();
  const promotionsByCategory = new Map<string, Promotion[]>();
  const everywhere: Promotion[] = [];
  for (const promotion of rules.promotions) {
    const t = touches(promotion);
    if (!t) {
      everywhere.push(promotion);
      continue;
    }
    for (const id of new Set(t.productIds)) push(promotionsByProduct, id, promotion);
    for (const c of new Set(t.categories)) push(promotionsByCategory, c, promotion);
  }
  return {
    pricelists,
    pricelistById: new Map(pricelists.map((p) => [p.pricelist.id, p])),
    promotionById: new Map(rules.promotions.map((p) => [p.id, p])),
    promotionsByProduct,
    promotionsByCategory,
    everywhere,
    promotionRank: new Map([...rules.promotions].sort(promotionOrder).map((p, i) => [p, i])),
    coupons: new Map(rules.coupons.map((c) => [normalizeCouponCode(c.code), c])),
  };
}
