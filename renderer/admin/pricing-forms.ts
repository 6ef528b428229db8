// What the pricing forms hold as typed (strings, so nothing typed is lost while it is wrong) and
// how it becomes an admin API body (shared/admin-api/pricing.ts), or the sentences that say what to
// fix. Pure: the pages call it before sending, the unit tests call it directly.
import type { CouponInput, PricelistItemEdit, PricelistUpdate, PromotionInput } from '../../shared/admin-api/pricing.ts';
import type { ProductRef } from '../../shared/admin-api/warehouse.ts';
import { parseMoneyInput } from '../../shared/money/money-input.ts';
import { isCouponCodeFormat, normalizeCouponCode } from '../../shared/pricing/coupon-code.ts';
import type { Pricelist, PricelistItem, ProductTarget, Promotion, PromotionReward } from '../../shared/pricing/pricing-rules.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export interface RuleDraft {
  key: number;
  /** The rule's id when it is an existing rule being edited (the server keeps it). */
  id?: string;
  appliesTo: 'all' | 'category' | 'product';
  category: string;
  product: ProductRef | null;
  minQty: string;
  dateStart: string;
  dateEnd: string;
  compute: 'fixed' | 'percentage' | 'formula';
  price: string;
  percent: string;
  base: 'list' | 'cost';
  discountPercent: string;
  rounding: string;
  surcharge: string;
  minMargin: string;
  maxMargin: string;
}

export interface PricelistDraft {
  name: string;
  sequence: string;
  siteIds: string[];
  customerGroupIds: string[];
  defaultForSiteIds: string[];
  rules: RuleDraft[];
}

let nextKey = 1;
export function emptyRule(): RuleDraft {
  return {
    key: nextKey++, appliesTo: 'product', category: '', product: null, minQty: '', dateStart: '', dateEnd: '', compute: 'fixed',
    price: '', percent: '', base: 'list', discountPercent: '', rounding: '', surcharge: '', minMargin: '', maxMargin: '',
  };
}
export const emptyPricelist = (): PricelistDraft => ({ name: '', sequence: '10', siteIds: [], customerGroupIds: [], defaultForSiteIds: [], rules: [emptyRule()] });

/** A decimal number as typed ("12.5", "12,5"), or null. */
export function parseDecimal(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}

/** Money that may be negative ("-0.01" for .99 prices). */
export function parseSignedMoney(text: string, digits: number): number | null {
  const t = text.trim();
  const negative = t.startsWith('-');
  const minor = parseMoneyInput(negative ? t.slice(1) : t, digits);
  return minor === null ? null : negative ? -minor : minor;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Both store days or neither, in order; `what` starts each sentence. */
function datesProblems(what: string, start: string, end: string): string[] {
  const out: string[] = [];
  if (start && !DAY.test(start)) out.push(`${what}: the start date must be a day like 2026-12-01.`);
  if (end && !DAY.test(end)) out.push(`${what}: the end date must be a day like 2026-12-31.`);
  if (start && end && DAY.test(start) && DAY.test(end) && end < start) out.push(`${what}: it ends (${end}) before it starts (${start}).`);
  return out;
}

const dates = (start: string, end: string): { dateStart?: string; dateEnd?: string } => ({ ...(start ? { dateStart: start } : {}), ...(end ? { dateEnd: end } : {}) });

function parseRule(r: RuleDraft, n: number, digits: number, out: string[]): PricelistItemEdit | null {
  const what = `Rule ${n}`;
  const before = out.length;
  let appliesTo: PricelistItemEdit['appliesTo'] = { kind: 'all' };
  if (r.appliesTo === 'product') {
    if (!r.product) out.push(`${what}: choose the product.`);
    else appliesTo = { kind: 'product', productId: r.product.id };
  } else if (r.appliesTo === 'category') {
    if (!r.category.trim()) out.push(`${what}: type the category.`);
    else appliesTo = { kind: 'category', category: r.category.trim() };
  }
  let minQty: number | undefined;
  if (r.minQty.trim()) {
    const q = parseDecimal(r.minQty);
    if (q === null || q < 0) out.push(`${what}: "from quantity" must be a number, 0 or more (empty: any quantity).`);
    else minQty = q;
  }
  out.push(...datesProblems(what, r.dateStart, r.dateEnd));
  let compute: PricelistItemEdit['compute'] | null = null;
  if (r.compute === 'fixed') {
    const price = parseMoneyInput(r.price, digits);
    if (price === null) out.push(`${what}: the price must be an amount like 2.50.`);
    else compute = { kind: 'fixed', price };
  } else if (r.compute === 'percentage') {
    const percent = parseDecimal(r.percent);
    if (percent === null || percent > 100 || percent < -1000) out.push(`${what}: the percentage off must be a number up to 100 (negative for a markup).`);
    else compute = { kind: 'percentage', percent };
  } else {
    const c: Extract<PricelistItemEdit['compute'], { kind: 'formula' }> = { kind: 'formula', base: r.base };
    if (r.discountPercent.trim()) {
      const p = parseDecimal(r.discountPercent);
      if (p === null || p > 100 || p < -1000) out.push(`${what}: the discount must be a percentage up to 100 (negative for a markup).`);
      else c.discountPercent = p;
    }
    if (r.rounding.trim()) {
      const m = parseMoneyInput(r.rounding, digits);
      if (m === null || m < 1) out.push(`${what}: "round to" must be an amount above 0, like 0.05.`);
      else c.rounding = m;
    }
    for (const [key, label] of [['surcharge', 'the surcharge'], ['minMargin', 'the minimum margin'], ['maxMargin', 'the maximum margin']] as const) {
      if (!r[key].trim()) continue;
      const m = parseSignedMoney(r[key], digits);
      if (m === null) out.push(`${what}: ${label} must be an amount like 0.50 or -0.01.`);
      else c[key] = m;
    }
    if (c.minMargin !== undefined && c.maxMargin !== undefined && c.maxMargin < c.minMargin) out.push(`${what}: the maximum margin is below the minimum margin.`);
    compute = c;
  }
  if (out.length > before || !compute) return null;
  return { ...(r.id ? { id: r.id } : {}), appliesTo, ...(minQty !== undefined ? { minQty } : {}), ...dates(r.dateStart, r.dateEnd), compute };
}

/** The body of a new pricelist (no rule has an id) or of an edit (PUT; kept rules carry theirs). */
export function parsePricelist(d: PricelistDraft, digits: number): Parsed<PricelistUpdate> {
  const out: string[] = [];
  if (!d.name.trim()) out.push('Give the pricelist a name.');
  const sequence = Number(d.sequence.trim());
  if (!/^\d+$/.test(d.sequence.trim()) || sequence > 1_000_000) out.push('Sequence must be a whole number, 0 or more (lower comes first).');
  const outside = d.defaultForSiteIds.filter((s) => d.siteIds.length > 0 && !d.siteIds.includes(s));
  if (outside.length) out.push('A store it is the default for must be one of the stores it is used at (or leave those all unticked).');
  if (d.rules.length === 0) out.push('Add at least one rule.');
  const items = d.rules.map((r, i) => parseRule(r, i + 1, digits, out));
  if (out.length) return { ok: false, problems: out };
  return {
    ok: true,
    value: {
      name: d.name.trim(), sequence, siteIds: d.siteIds, customerGroupIds: d.customerGroupIds, defaultForSiteIds: d.defaultForSiteIds,
      items: items.filter((i): i is PricelistItemEdit => i !== null),
    },
  };
}

export type RewardKind = PromotionReward['kind'];

export interface PromotionDraft {
  name: string;
  trigger: 'automatic' | 'coupon';
  priority: string;
  exclusive: boolean;
  dateStart: string;
  dateEnd: string;
  siteIds: string[];
  /** Comma-separated channel codes; empty = every channel. */
  channels: string;
  kind: RewardKind;
  targetProducts: ProductRef[];
  /** Comma-separated categories. */
  targetCategories: string;
  percent: string;
  amount: string;
  buyQty: string;
  getQty: string;
  free: 'cheapest' | 'product';
  freeProduct: ProductRef | null;
  bundle: { product: ProductRef; qty: string }[];
  bundlePrice: string;
  minAmount: string;
  thresholdOff: 'percent' | 'amount';
}

export const emptyPromotion = (): PromotionDraft => ({
  name: '', trigger: 'automatic', priority: '10', exclusive: false, dateStart: '', dateEnd: '', siteIds: [], channels: '', kind: 'percent_off',
  targetProducts: [], targetCategories: '', percent: '', amount: '', buyQty: '2', getQty: '1', free: 'cheapest', freeProduct: null, bundle: [], bundlePrice: '',
  minAmount: '', thresholdOff: 'percent',
});

const list = (text: string): string[] => [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];

function target(d: PromotionDraft): ProductTarget {
  const categories = list(d.targetCategories);
  return { ...(d.targetProducts.length ? { productIds: d.targetProducts.map((p) => p.id) } : {}), ...(categories.length ? { categories } : {}) };
}

const wholeAtLeastOne = (text: string): number | null => (/^\d+$/.test(text.trim()) && Number(text) >= 1 && Number(text) <= 1000 ? Number(text) : null);

function offPercent(text: string, out: string[]): number {
  const p = parseDecimal(text);
  if (p === null || p <= 0 || p > 100) out.push('The percentage off must be a number above 0 and up to 100.');
  return p ?? 0;
}

function money(text: string, label: string, digits: number, out: string[]): number {
  const m = parseMoneyInput(text, digits);
  if (m === null) out.push(`${label} must be an amount like 2.50.`);
  return m ?? 0;
}

function parseReward(d: PromotionDraft, digits: number, out: string[]): PromotionReward {
  switch (d.kind) {
    case 'percent_off':
      return { kind: 'percent_off', percent: offPercent(d.percent, out), target: target(d) };
    case 'amount_off':
      return { kind: 'amount_off', amount: money(d.amount, 'The amount off each unit', digits, out), target: target(d) };
    case 'buy_x_get_y': {
      const buyQty = wholeAtLeastOne(d.buyQty);
      const getQty = wholeAtLeastOne(d.getQty);
      if (buyQty === null) out.push('"Buy" must be a whole number of units, 1 to 1000.');
      if (getQty === null) out.push('"Get free" must be a whole number of units, 1 to 1000.');
      if (d.free === 'product' && !d.freeProduct) out.push('Choose the product given free.');
      const free = d.free === 'product' && d.freeProduct ? { kind: 'product' as const, productId: d.freeProduct.id } : { kind: 'cheapest' as const };
      return { kind: 'buy_x_get_y', buyQty: buyQty ?? 1, getQty: getQty ?? 1, target: target(d), free };
    }
    case 'bundle': {
      if (d.bundle.length === 0) out.push('Add the products of the bundle.');
      if (d.bundle.length > 20) out.push('A bundle holds at most 20 products.');
      const items = d.bundle.map((b) => {
        const qty = wholeAtLeastOne(b.qty);
        if (qty === null || qty > 100) out.push(`Bundle: the quantity of ${b.product.name} must be a whole number, 1 to 100.`);
        return { productId: b.product.id, qty: qty ?? 1 };
      });
      return { kind: 'bundle', items, price: money(d.bundlePrice, 'The bundle price', digits, out) };
    }
    case 'order_threshold': {
      const minAmount = money(d.minAmount, 'The amount to reach', digits, out);
      const off = d.thresholdOff === 'percent' ? { percent: offPercent(d.percent, out) } : { amount: money(d.amount, 'The amount off', digits, out) };
      return { kind: 'order_threshold', minAmount, ...off, target: target(d) };
    }
  }
}

export function parsePromotion(d: PromotionDraft, digits: number): Parsed<PromotionInput> {
  const out: string[] = [];
  if (!d.name.trim()) out.push('Give the promotion a name.');
  if (!/^\d+$/.test(d.priority.trim()) || Number(d.priority) > 1_000_000) out.push('Priority must be a whole number, 0 or more (lower is tried first).');
  out.push(...datesProblems('Dates', d.dateStart, d.dateEnd));
  const channels = list(d.channels);
  const badChannel = channels.find((c) => !/^[a-z0-9_-]{1,32}$/.test(c));
  if (badChannel !== undefined) out.push(`Channel "${badChannel}" is not a channel code (small letters, digits, _ and -; tills are "pos").`);
  const reward = parseReward(d, digits, out);
  if (out.length) return { ok: false, problems: out };
  return {
    ok: true,
    value: {
      name: d.name.trim(), trigger: d.trigger, siteIds: d.siteIds, channels, ...dates(d.dateStart, d.dateEnd), priority: Number(d.priority), exclusive: d.exclusive, reward,
    },
  };
}

export interface CouponDraft {
  code: string;
  promotionId: string;
  use: 'single' | 'multi';
  maxUses: string;
}

export const emptyCoupon = (): CouponDraft => ({ code: '', promotionId: '', use: 'single', maxUses: '' });

export function parseCoupon(d: CouponDraft): Parsed<CouponInput> {
  const out: string[] = [];
  const code = normalizeCouponCode(d.code);
  if (!isCouponCodeFormat(code)) out.push('The code must be 4 to 32 letters, digits or dashes, not starting or ending with a dash (like SUMMER-10).');
  if (!d.promotionId) out.push('Choose the promotion the code unlocks (a promotion that applies with a coupon).');
  let maxUses = 1;
  if (d.use === 'multi') {
    const n = d.maxUses.trim();
    if (!/^\d+$/.test(n) || Number(n) < 2 || Number(n) > 1_000_000) out.push('The limit must be a whole number of uses, 2 to 1,000,000.');
    else maxUses = Number(n);
  }
  if (out.length) return { ok: false, problems: out };
  return { ok: true, value: { code, promotionId: d.promotionId, maxUses } };
}

// Editing: a stored rule back into what its form holds, so the form opens on the current rules and
// saving it unchanged sends the same rule.

/** Minor units as typed in a money field: 250 → "2.50", -1 → "-0.01". */
export function minorToInput(minor: number, digits: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const scale = 10 ** digits;
  return `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(digits, '0')}`;
}

const text = (n: number | undefined): string => (n === undefined ? '' : String(n));

function ruleDraft(i: PricelistItem, digits: number, product: (id: string) => ProductRef): RuleDraft {
  const r: RuleDraft = { ...emptyRule(), id: i.id, minQty: text(i.minQty), dateStart: i.dateStart ?? '', dateEnd: i.dateEnd ?? '', compute: i.compute.kind };
  if (i.appliesTo.kind === 'product') r.product = product(i.appliesTo.productId);
  else if (i.appliesTo.kind === 'category') r.category = i.appliesTo.category;
  r.appliesTo = i.appliesTo.kind;
  const c = i.compute;
  if (c.kind === 'fixed') r.price = minorToInput(c.price, digits);
  else if (c.kind === 'percentage') r.percent = String(c.percent);
  else {
    const money = (m: number | undefined): string => (m === undefined ? '' : minorToInput(m, digits));
    Object.assign(r, { base: c.base, discountPercent: text(c.discountPercent), rounding: money(c.rounding), surcharge: money(c.surcharge), minMargin: money(c.minMargin), maxMargin: money(c.maxMargin) });
  }
  return r;
}

/** `product(id)` names a product the rules point at (the page knows the names). */
export function pricelistDraft(p: Pricelist, digits: number, product: (id: string) => ProductRef): PricelistDraft {
  return {
    name: p.name, sequence: String(p.sequence), siteIds: [...p.siteIds], customerGroupIds: [...p.customerGroupIds], defaultForSiteIds: [...p.defaultForSiteIds],
    rules: p.items.map((i) => ruleDraft(i, digits, product)),
  };
}

export function promotionDraft(p: Promotion, digits: number, product: (id: string) => ProductRef): PromotionDraft {
  const d: PromotionDraft = {
    ...emptyPromotion(), name: p.name, trigger: p.trigger, priority: String(p.priority), exclusive: p.exclusive, dateStart: p.dateStart ?? '', dateEnd: p.dateEnd ?? '',
    siteIds: [...p.siteIds], channels: p.channels.join(', '), kind: p.reward.kind,
  };
  const r = p.reward;
  if ('target' in r) {
    d.targetProducts = (r.target.productIds ?? []).map(product);
    d.targetCategories = (r.target.categories ?? []).join(', ');
  }
  switch (r.kind) {
    case 'percent_off':
      return { ...d, percent: String(r.percent) };
    case 'amount_off':
      return { ...d, amount: minorToInput(r.amount, digits) };
    case 'buy_x_get_y':
      return { ...d, buyQty: String(r.buyQty), getQty: String(r.getQty), free: r.free.kind, freeProduct: r.free.kind === 'product' ? product(r.free.productId) : null };
    case 'bundle':
      return { ...d, bundle: r.items.map((b) => ({ product: product(b.productId), qty: String(b.qty) })), bundlePrice: minorToInput(r.price, digits) };
    case 'order_threshold':
      return {
        ...d, minAmount: minorToInput(r.minAmount, digits), thresholdOff: r.percent !== undefined ? 'percent' : 'amount',
        percent: text(r.percent), amount: r.amount === undefined ? '' : minorToInput(r.amount, digits),
      };
  }
}
