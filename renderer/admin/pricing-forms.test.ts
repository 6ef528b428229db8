import { describe, expect, it } from 'vitest';
import type { Pricelist, Promotion } from '../../shared/pricing/pricing-rules.ts';
import {
  emptyCoupon, emptyPricelist, emptyPromotion, emptyRule, minorToInput, parseCoupon, parsePricelist, parsePromotion, parseSignedMoney, pricelistDraft, promotionDraft,
} from './pricing-forms.ts';
import { describeCompute, describeReward } from './pricing-labels.ts';

const cola = { id: 'p1', name: 'Cola', sku: 'COLA', unit: 'unit' };
const ctx = { money: (m: number) => `€${(m / 100).toFixed(2)}`, product: (id: string) => (id === 'p1' ? 'Cola (COLA)' : id) };

describe('pricing forms', () => {
  it('turns a pricelist with a quantity break and a formula into the API body', () => {
    const d = emptyPricelist();
    d.name = ' Bulk ';
    d.siteIds = ['s1'];
    d.defaultForSiteIds = ['s1'];
    d.rules = [
      { ...emptyRule(), product: cola, minQty: '6', price: '2,00' },
      { ...emptyRule(), appliesTo: 'all', compute: 'formula', base: 'cost', discountPercent: '-40', rounding: '0.10', surcharge: '-0.01', dateStart: '2026-12-01', dateEnd: '2026-12-31' },
    ];
    const parsed = parsePricelist(d, 2);
    expect(parsed).toEqual({
      ok: true,
      value: {
        name: 'Bulk', sequence: 10, siteIds: ['s1'], customerGroupIds: [], defaultForSiteIds: ['s1'],
        items: [
          { appliesTo: { kind: 'product', productId: 'p1' }, minQty: 6, compute: { kind: 'fixed', price: 200 } },
          { appliesTo: { kind: 'all' }, dateStart: '2026-12-01', dateEnd: '2026-12-31', compute: { kind: 'formula', base: 'cost', discountPercent: -40, rounding: 10, surcharge: -1 } },
        ],
      },
    });
    if (parsed.ok) expect(describeCompute(parsed.value.items[1]?.compute ?? { kind: 'fixed', price: 0 }, ctx)).toBe('cost, + 40 %, rounded to €0.10, − €0.01');
  });

  it('says what is wrong with every rule, and a default store outside the stores it is used at', () => {
    const d = emptyPricelist();
    d.siteIds = ['s1'];
    d.defaultForSiteIds = ['s2'];
    d.rules = [{ ...emptyRule(), price: 'abc' }, { ...emptyRule(), appliesTo: 'category', compute: 'percentage', percent: '150', dateStart: '2026-12-05', dateEnd: '2026-12-01' }];
    expect(parsePricelist(d, 2)).toEqual({
      ok: false,
      problems: [
        'Give the pricelist a name.',
        'A store it is the default for must be one of the stores it is used at (or leave those all unticked).',
        'Rule 1: choose the product.',
        'Rule 1: the price must be an amount like 2.50.',
        'Rule 2: type the category.',
        'Rule 2: it ends (2026-12-01) before it starts (2026-12-05).',
        'Rule 2: the percentage off must be a number up to 100 (negative for a markup).',
      ],
    });
  });

  it('builds each kind of promotion and refuses incomplete ones', () => {
    const b2g1 = parsePromotion({ ...emptyPromotion(), name: 'Cola 3 for 2', kind: 'buy_x_get_y', targetProducts: [cola], channels: 'pos', exclusive: true }, 2);
    expect(b2g1).toEqual({
      ok: true,
      value: {
        name: 'Cola 3 for 2', trigger: 'automatic', siteIds: [], channels: ['pos'], priority: 10, exclusive: true,
        reward: { kind: 'buy_x_get_y', buyQty: 2, getQty: 1, target: { productIds: ['p1'] }, free: { kind: 'cheapest' } },
      },
    });
    if (b2g1.ok) expect(describeReward(b2g1.value.reward, ctx)).toBe('Buy 2 of Cola (COLA), get 1 free (the cheapest)');
    const threshold = parsePromotion({ ...emptyPromotion(), name: 'Big basket', kind: 'order_threshold', minAmount: '50', thresholdOff: 'amount', amount: '5', targetCategories: 'Snacks, Drinks, Snacks' }, 2);
    expect(threshold.ok && threshold.value.reward).toEqual({ kind: 'order_threshold', minAmount: 5000, amount: 500, target: { categories: ['Snacks', 'Drinks'] } });
    const bundle = parsePromotion({ ...emptyPromotion(), name: 'Meal', kind: 'bundle', bundle: [{ product: cola, qty: '2' }], bundlePrice: '3' }, 2);
    expect(bundle.ok && bundle.value.reward).toEqual({ kind: 'bundle', items: [{ productId: 'p1', qty: 2 }], price: 300 });
    expect(parsePromotion({ ...emptyPromotion(), kind: 'bundle', channels: 'POS!', priority: 'x' }, 2)).toEqual({
      ok: false,
      problems: [
        'Give the promotion a name.',
        'Priority must be a whole number, 0 or more (lower is tried first).',
        'Channel "POS!" is not a channel code (small letters, digits, _ and -; tills are "pos").',
        'Add the products of the bundle.',
        'The bundle price must be an amount like 2.50.',
      ],
    });
    expect(parsePromotion({ ...emptyPromotion(), name: 'x', percent: '0' }, 2)).toEqual({ ok: false, problems: ['The percentage off must be a number above 0 and up to 100.'] });
  });

  it('normalises coupon codes and checks the limit of a multi-use code', () => {
    expect(parseCoupon({ ...emptyCoupon(), code: ' summer-10 ', promotionId: 'pr1' })).toEqual({ ok: true, value: { code: 'SUMMER-10', promotionId: 'pr1', maxUses: 1 } });
    expect(parseCoupon({ code: 'AB', promotionId: '', use: 'multi', maxUses: '1' })).toEqual({
      ok: false,
      problems: [
        'The code must be 4 to 32 letters, digits or dashes, not starting or ending with a dash (like SUMMER-10).',
        'Choose the promotion the code unlocks (a promotion that applies with a coupon).',
        'The limit must be a whole number of uses, 2 to 1,000,000.',
      ],
    });
  });

  it('reads signed money', () => {
    expect([parseSignedMoney('-0.01', 2), parseSignedMoney('1,5', 2), parseSignedMoney('--1', 2), parseSignedMoney('12', 0)]).toEqual([-1, 150, null, 12]);
  });
});

describe('pricing forms opened on existing rules (edit)', () => {
  const refs = (id: string) => ({ id, name: id === 'p1' ? 'Cola (COLA)' : id, sku: '', unit: '' });

  it('gives back every promotion reward unchanged when saved as opened', () => {
    const base = { id: 'x', name: 'Promo', trigger: 'automatic' as const, siteIds: ['s1'], channels: ['pos', 'web'], dateStart: '2026-12-01', dateEnd: '2026-12-24', priority: 7, exclusive: true };
    const rewards: Promotion['reward'][] = [
      { kind: 'percent_off', percent: 12.5, target: { productIds: ['p1'], categories: ['Snacks', 'Drinks'] } },
      { kind: 'amount_off', amount: 1050, target: {} },
      { kind: 'buy_x_get_y', buyQty: 3, getQty: 2, target: { categories: ['Snacks'] }, free: { kind: 'product', productId: 'p1' } },
      { kind: 'bundle', items: [{ productId: 'p1', qty: 2 }, { productId: 'p2', qty: 1 }], price: 499 },
      { kind: 'order_threshold', minAmount: 5000, amount: 500, target: {} },
      { kind: 'order_threshold', minAmount: 5000, percent: 5, target: { productIds: ['p1'] } },
    ];
    for (const reward of rewards) {
      const { id: _id, ...input } = { ...base, reward };
      expect(parsePromotion(promotionDraft({ ...base, reward }, 2, refs), 2)).toEqual({ ok: true, value: input });
    }
  });

  it('gives back a pricelist with its rule ids, so the server keeps them', () => {
    const p: Pricelist = {
      id: 'pl', name: 'Trade', siteIds: ['s1'], customerGroupIds: ['g1'], defaultForSiteIds: ['s1'], sequence: 3,
      items: [
        { id: 'r1', appliesTo: { kind: 'product', productId: 'p1' }, minQty: 6, compute: { kind: 'fixed', price: 190 } },
        { id: 'r2', appliesTo: { kind: 'category', category: 'Snacks' }, dateStart: '2026-12-01', compute: { kind: 'percentage', percent: -10 } },
        { id: 'r3', appliesTo: { kind: 'all' }, compute: { kind: 'formula', base: 'cost', discountPercent: -40, rounding: 10, surcharge: -1, minMargin: 5, maxMargin: 2000 } },
      ],
    };
    const d = pricelistDraft(p, 2, refs);
    expect(d.rules[0]?.product?.name).toBe('Cola (COLA)');
    const { id: _id, ...input } = p;
    expect(parsePricelist(d, 2)).toEqual({ ok: true, value: input });
    expect(minorToInput(-1, 2)).toBe('-0.01');
    expect(minorToInput(1234, 0)).toBe('1234');
    expect(minorToInput(5, 3)).toBe('0.005');
  });
});
