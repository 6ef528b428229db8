// Pricing rules as the back office's lists say them: names instead of ids, money in the store's
// currency, dates as store days. Pure (the pages and the unit tests use it).
import type { PricelistItem, Promotion, ProductTarget } from '../../shared/pricing/pricing-rules.ts';

export interface LabelContext {
  money(minor: number): string;
  product(id: string): string;
}

const pct = (p: number): string => `${p.toLocaleString('en', { maximumFractionDigits: 4 })} %`;

/** "from 2026-12-01 to 2026-12-31", "until 2026-12-31", "always". */
export function describeDates(r: { dateStart?: string; dateEnd?: string }): string {
  if (r.dateStart && r.dateEnd) return r.dateStart === r.dateEnd ? `on ${r.dateStart}` : `${r.dateStart} to ${r.dateEnd}`;
  if (r.dateStart) return `from ${r.dateStart}`;
  if (r.dateEnd) return `until ${r.dateEnd}`;
  return 'always';
}

export function describeAppliesTo(a: PricelistItem['appliesTo'], ctx: LabelContext): string {
  if (a.kind === 'all') return 'All products';
  if (a.kind === 'category') return `Category ${a.category}`;
  return ctx.product(a.productId);
}

export function describeCompute(c: PricelistItem['compute'], ctx: LabelContext): string {
  if (c.kind === 'fixed') return `${ctx.money(c.price)} each`;
  if (c.kind === 'percentage') return c.percent >= 0 ? `${pct(c.percent)} off the list price` : `${pct(-c.percent)} above the list price`;
  const parts = [`${c.base === 'list' ? 'list price' : 'cost'}`];
  if (c.discountPercent) parts.push(c.discountPercent > 0 ? `− ${pct(c.discountPercent)}` : `+ ${pct(-c.discountPercent)}`);
  if (c.rounding) parts.push(`rounded to ${ctx.money(c.rounding)}`);
  if (c.surcharge) parts.push(c.surcharge > 0 ? `+ ${ctx.money(c.surcharge)}` : `− ${ctx.money(-c.surcharge)}`);
  if (c.minMargin !== undefined) parts.push(`margin at least ${ctx.money(c.minMargin)}`);
  if (c.maxMargin !== undefined) parts.push(`margin at most ${ctx.money(c.maxMargin)}`);
  return parts.join(', ');
}

export function describeTarget(t: ProductTarget, ctx: LabelContext): string {
  const parts = [...(t.productIds ?? []).map(ctx.product), ...(t.categories ?? []).map((c) => `category ${c}`)];
  return parts.length ? parts.join(', ') : 'every product';
}

export function describeReward(r: Promotion['reward'], ctx: LabelContext): string {
  switch (r.kind) {
    case 'percent_off':
      return `${pct(r.percent)} off ${describeTarget(r.target, ctx)}`;
    case 'amount_off':
      return `${ctx.money(r.amount)} off each unit of ${describeTarget(r.target, ctx)}`;
    case 'buy_x_get_y':
      return `Buy ${r.buyQty} of ${describeTarget(r.target, ctx)}, get ${r.getQty} free (${r.free.kind === 'cheapest' ? 'the cheapest' : ctx.product(r.free.productId)})`;
    case 'bundle':
      return `${r.items.map((i) => `${i.qty} × ${ctx.product(i.productId)}`).join(' + ')} for ${ctx.money(r.price)}`;
    case 'order_threshold':
      return `${r.percent !== undefined ? pct(r.percent) : ctx.money(r.amount ?? 0)} off when ${describeTarget(r.target, ctx)} reach ${ctx.money(r.minAmount)}`;
  }
}

/** The products a rule names, to look their names up. */
export function productIdsOf(r: Promotion['reward'] | PricelistItem['appliesTo']): string[] {
  switch (r.kind) {
    case 'product':
      return [r.productId];
    case 'all':
    case 'category':
      return [];
    case 'bundle':
      return r.items.map((i) => i.productId);
    case 'buy_x_get_y':
      return [...(r.target.productIds ?? []), ...(r.free.kind === 'product' ? [r.free.productId] : [])];
    default:
      return [...(r.target.productIds ?? [])];
  }
}
