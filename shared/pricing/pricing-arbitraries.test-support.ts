// fast-check generators of pricing rules and carts, for the shared property tests and the server's
// "the till's result always verifies" property. Few products, categories, sites and days, so that
// rules actually meet the carts they are tested on.
import fc from 'fast-check';
import type { PricingContext, PricingLineInput } from './price-cart.ts';
import type { Coupon, PriceCompute, Pricelist, PricelistItem, Promotion, ProductTarget } from './pricing-rules.ts';
import type { PricingProduct } from './pricelist.ts';

export const PRODUCT_IDS = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
export const CATEGORIES = ['fruit', 'dairy', 'hygiene'];
export const SITES = ['site-1', 'site-2'];
export const GROUPS = ['trade', 'staff'];
const DAYS = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03'];

export const catalogArb: fc.Arbitrary<PricingProduct[]> = fc.tuple(
  ...PRODUCT_IDS.map((id) =>
    fc.record({ id: fc.constant(id), price: fc.integer({ min: 0, max: 5000 }), cost: fc.integer({ min: 0, max: 3000 }), category: fc.constantFrom(...CATEGORIES) }),
  ),
);

const percent = fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constantFrom(12.5, 33.33, 0.5, 99.99));
const dateRange = fc.record({ dateStart: fc.constantFrom(...DAYS), dateEnd: fc.constantFrom(...DAYS) }, { requiredKeys: [] });
const target: fc.Arbitrary<ProductTarget> = fc.record(
  { productIds: fc.subarray(PRODUCT_IDS, { maxLength: 3 }), categories: fc.subarray(CATEGORIES, { maxLength: 2 }) },
  { requiredKeys: [] },
);

const compute: fc.Arbitrary<PriceCompute> = fc.oneof(
  fc.record({ kind: fc.constant('fixed' as const), price: fc.integer({ min: 0, max: 5000 }) }),
  fc.record({ kind: fc.constant('percentage' as const), percent: fc.oneof(percent, fc.constant(-25)) }),
  fc.record(
    {
      kind: fc.constant('formula' as const),
      base: fc.constantFrom('list' as const, 'cost' as const),
      discountPercent: fc.oneof(percent, fc.constant(-50)),
      surcharge: fc.integer({ min: -200, max: 200 }),
      rounding: fc.constantFrom(1, 5, 10, 50, 100),
      minMargin: fc.integer({ min: -100, max: 500 }),
      maxMargin: fc.integer({ min: 0, max: 2000 }),
    },
    { requiredKeys: ['kind', 'base'] },
  ),
);

const item = (id: string): fc.Arbitrary<PricelistItem> =>
  fc.record({
    id: fc.constant(id),
    appliesTo: fc.oneof(
      fc.constant({ kind: 'all' as const }),
      fc.constantFrom(...CATEGORIES).map((category) => ({ kind: 'category' as const, category })),
      fc.constantFrom(...PRODUCT_IDS).map((productId) => ({ kind: 'product' as const, productId })),
    ),
    minQty: fc.constantFrom(0, 1, 2, 5),
    compute,
  }).chain((i) => dateRange.map((d) => ({ ...i, ...d })));

export const pricelistsArb: fc.Arbitrary<Pricelist[]> = fc.integer({ min: 1, max: 3 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, k) =>
      fc.record({
        id: fc.constant(`pl${k}`),
        name: fc.constant(`Pricelist ${k}`),
        siteIds: fc.subarray(SITES),
        customerGroupIds: fc.subarray(GROUPS),
        defaultForSiteIds: fc.subarray(SITES),
        sequence: fc.integer({ min: 0, max: 3 }),
        items: fc.integer({ min: 1, max: 6 }).chain((m) => fc.tuple(...Array.from({ length: m }, (_, j) => item(`pl${k}-i${j}`)))),
      }),
    ),
  ),
);

const reward: fc.Arbitrary<Promotion['reward']> = fc.oneof(
  fc.record({ kind: fc.constant('percent_off' as const), percent, target }),
  fc.record({ kind: fc.constant('amount_off' as const), amount: fc.integer({ min: 0, max: 3000 }), target }),
  fc.record({
    kind: fc.constant('buy_x_get_y' as const),
    buyQty: fc.integer({ min: 1, max: 3 }),
    getQty: fc.integer({ min: 1, max: 2 }),
    target,
    free: fc.oneof(fc.constant({ kind: 'cheapest' as const }), fc.constantFrom(...PRODUCT_IDS).map((productId) => ({ kind: 'product' as const, productId }))),
  }),
  fc.record({
    kind: fc.constant('bundle' as const),
    items: fc.uniqueArray(fc.record({ productId: fc.constantFrom(...PRODUCT_IDS), qty: fc.integer({ min: 1, max: 2 }) }), { minLength: 1, maxLength: 3, selector: (i) => i.productId }),
    price: fc.integer({ min: 0, max: 6000 }),
  }),
  fc.oneof(
    fc.record({ kind: fc.constant('order_threshold' as const), minAmount: fc.integer({ min: 0, max: 10000 }), percent, target }),
    fc.record({ kind: fc.constant('order_threshold' as const), minAmount: fc.integer({ min: 0, max: 10000 }), amount: fc.integer({ min: 0, max: 5000 }), target }),
  ),
);

export const promotionsArb: fc.Arbitrary<Promotion[]> = fc.integer({ min: 0, max: 6 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, k) =>
      fc
        .record({
          id: fc.constant(`promo${k}`),
          name: fc.constant(`Promotion ${k}`),
          trigger: fc.constantFrom('automatic' as const, 'automatic' as const, 'coupon' as const),
          siteIds: fc.subarray(SITES),
          channels: fc.subarray(['pos', 'web']),
          priority: fc.integer({ min: 0, max: 3 }),
          exclusive: fc.boolean(),
          reward,
        })
        .chain((p) => dateRange.map((d) => ({ ...p, ...d }))),
    ),
  ),
);

/** One or two codes per coupon promotion, plus a code for an unknown promotion. */
export const couponsFor = (promotions: readonly Promotion[]): Coupon[] => [
  ...promotions.filter((p) => p.trigger === 'coupon').flatMap((p) => [
    { code: `C-${p.id.toUpperCase()}`, promotionId: p.id, maxUses: 1 },
    { code: `M-${p.id.toUpperCase()}`, promotionId: p.id, maxUses: 3 },
  ]),
  { code: 'GONE-1', promotionId: 'missing', maxUses: 1 },
];

/** Lines over the catalog, unique line ids; quantities whole, sometimes fractional (weighed) or fixed-priced. */
export const linesArb = (catalog: readonly PricingProduct[]): fc.Arbitrary<PricingLineInput[]> =>
  fc
    .array(
      fc.record(
        {
          product: fc.constantFrom(...catalog),
          qty: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constantFrom(0.25, 1.5, 0.125)),
          fixedPrice: fc.integer({ min: 0, max: 5000 }),
        },
        { requiredKeys: ['product', 'qty'] },
      ),
      { maxLength: 8 },
    )
    .map((ls) => ls.map((l, i) => ({ lineId: `line-${String(i).padStart(2, '0')}`, ...l })));

export const contextArb = (coupons: readonly Coupon[]): fc.Arbitrary<PricingContext> =>
  fc.record(
    {
      siteId: fc.constantFrom(...SITES),
      channel: fc.constantFrom('pos', 'web'),
      at: fc.constantFrom('2026-11-30T12:00:00Z', '2026-12-01T23:30:00Z', '2026-12-02T10:00:00Z', '2026-12-03T08:00:00Z'),
      timeZone: fc.constantFrom('Europe/Paris', 'America/New_York', 'UTC'),
      customerGroupId: fc.constantFrom(...GROUPS, 'nobody'),
      couponCodes: fc.subarray([...coupons.map((c) => c.code), 'BAD', 'WHO-KNOWS']),
    },
    { requiredKeys: ['siteId', 'channel', 'at', 'timeZone'] },
  );

/** A whole pricing scenario: rules, a cart and the sale's context. */
export const scenarioArb = fc
  .record({ catalog: catalogArb, pricelists: pricelistsArb, promotions: promotionsArb })
  .chain((s) => {
    const coupons = couponsFor(s.promotions);
    return fc.record({ lines: linesArb(s.catalog), ctx: contextArb(coupons) }).map((c) => ({ ...s, coupons, ...c }));
  });
