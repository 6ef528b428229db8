// What the cart shows under a line for its promotions: each by name with what it took off, up to
// three; past that the first two by name and the rest as one count with their sum, so a line keeps
// its height (every promotion is still on the line, the sale and the receipt).
import type { LinePromotion } from '../../shared/pricing/price-cart.ts';

export const PROMOTIONS_NAMED_PER_LINE = 3;

export interface PromotionLabel {
  key: string;
  /** Accessible name: "Promotion", or "More promotions" for the count. */
  label: string;
  text: string;
}

export function linePromotionLabels(applied: readonly LinePromotion[], nameOf: (promotionId: string) => string | undefined, money: (minor: number) => string): PromotionLabel[] {
  const named = applied.length > PROMOTIONS_NAMED_PER_LINE ? applied.slice(0, PROMOTIONS_NAMED_PER_LINE - 1) : applied;
  const out = named.map((p) => ({ key: p.promotionId, label: 'Promotion', text: ` ${nameOf(p.promotionId) ?? 'Promotion'} −${money(p.amount)}` }));
  const others = applied.slice(named.length);
  if (others.length > 0) out.push({ key: '+more', label: 'More promotions', text: ` and ${others.length} more promotions −${money(others.reduce((a, p) => a + p.amount, 0))}` });
  return out;
}
