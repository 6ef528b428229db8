// Loyalty points on the sale being paid (issue 17 point 3, docs/stored-value.md): what the receipt
// prints and the server checks — points redeemed and the discount they gave, points earned by the
// program's rules on what the lines cost after every discount (the server credits its own
// computation with the same function), and the customer's points after the sale as the till knows
// them. Nothing without a customer on the sale.
import type { Payment, SaleLine, SaleLoyalty } from '../../shared/schemas/index.ts';
import { pointsEarned, type LoyaltyProgram } from '../../shared/stored-value/loyalty-program.ts';
import type { ConfigSnapshot } from '../config/config-snapshot.ts';
import { computeCart, type CartLine } from './cart-math.ts';
import type { PointsRedemption } from './cart-store.ts';
import { knownBalanceOf } from './value-redeem.ts';
import type { Customer } from '../../shared/schemas/index.ts';

/** Points the sale's lines earn (category from the cart line: the catalog's, as the server reads it). */
export function pointsToEarn(program: LoyaltyProgram | null, lines: readonly CartLine[], computed: readonly SaleLine[]): number {
  return pointsEarned(program, computed.map((l, i) => ({ productId: l.productId, category: lines[i]?.category, qty: l.qty, total: l.total })));
}

/**
 * The sale's `loyalty` field, or null when it has none.
 * @param knownAfter the customer's points as the till knows them with this sale's redemption taken (undefined: unknown)
 */
export function loyaltyOfSale(program: LoyaltyProgram | null, hasCustomer: boolean, earned: number, redemption: PointsRedemption | null, knownAfter: number | undefined): SaleLoyalty | null {
  if (!hasCustomer || (!program && !redemption)) return null;
  const out: SaleLoyalty = {};
  if (redemption) {
    out.redeemedPoints = redemption.points;
    out.redeemedAmount = redemption.amount;
    if (redemption.authorization) out.authorization = redemption.authorization;
    if (redemption.authorization && redemption.holdExpiresAt) out.holdExpiresAt = redemption.holdExpiresAt;
    if (redemption.overrideBy) out.overrideBy = redemption.overrideBy;
  }
  if (program) out.earnedPoints = earned;
  const after = redemption?.balanceAfter ?? knownAfter;
  if (after !== undefined) out.balanceAfter = after + (program ? earned : 0);
  return out;
}

interface CartForLoyalty {
  lines: readonly CartLine[];
  orderDiscount: number;
  customer: Customer | null;
  pointsRedemption: PointsRedemption | null;
}

export async function saleLoyalty(config: ConfigSnapshot, cart: CartForLoyalty, payments: readonly Payment[]): Promise<SaleLoyalty | null> {
  if (!cart.customer) return null;
  const redemption = cart.pointsRedemption;
  const computed = computeCart(cart.lines, cart.orderDiscount, redemption?.amount ?? 0).lines;
  const earned = pointsToEarn(config.loyalty, cart.lines, computed);
  let knownAfter: number | undefined;
  if (redemption?.balanceAfter === undefined && config.loyalty) {
    knownAfter = await knownBalanceOf(cart.customer, 'points', config.site?.currency ?? 'EUR', { customerId: cart.customer.id, payments, points: redemption }).catch((error: unknown) => {
      console.error('points balance unknown', error);
      return undefined;
    });
  }
  return loyaltyOfSale(config.loyalty, true, earned, redemption, knownAfter);
}
