// Loyalty points (issue 17 point 3, docs/stored-value.md), declared once: the admin API validates
// the program with this schema, the server stores it (`settings` key `loyalty`) and publishes it to
// tills as a `config` entry, and the functions below compute points the same way on the till (what
// the receipt says) and the server (what it credits). Pure.
//
// Earning: each rule gives `points` per `per` minor units spent on its products (`amount`), or per
// whole unit of its products (`unit`); rules add up. Spent = the lines' totals as charged (after
// every discount, tax included). Redeeming: `redeem.points` points take `redeem.amount` off a sale,
// in whole blocks.
import { Type, type Static } from 'typebox';
import { shareOf } from '../pricing/pricing-math.ts';
import { ProductTarget } from '../pricing/pricing-rules.ts';
import { targets } from '../pricing/promotion-rewards.ts';

const Points = Type.Integer({ minimum: 1, maximum: 1_000_000 });
const Minor = Type.Integer({ minimum: 1, maximum: 1_000_000_000 });

// Union members without `additionalProperties: false` (see pricing-rules.ts: Fastify's ajv would strip the other member's fields).
export const EarnRule = Type.Union([
  Type.Object({ kind: Type.Literal('amount'), points: Points, per: Minor, target: Type.Optional(ProductTarget) }),
  Type.Object({ kind: Type.Literal('unit'), points: Points, target: ProductTarget }),
]);
export type EarnRule = Static<typeof EarnRule>;

export const LoyaltyProgram = Type.Object(
  {
    active: Type.Boolean(),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    earn: Type.Array(EarnRule, { maxItems: 50 }),
    /** `points` points take `amount` (minor units) off a sale. */
    redeem: Type.Object({ points: Points, amount: Minor }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type LoyaltyProgram = Static<typeof LoyaltyProgram>;

/** A sale line as earning reads it. */
export interface EarningLine {
  productId: string;
  category?: string | undefined;
  qty: number;
  /** What the customer paid for the line (negative on returns). */
  total: number;
}

/** Whole units of a line (weighed goods count none), signed like the line. */
const wholeUnits = (l: EarningLine): number => (Number.isInteger(l.qty) ? l.qty : 0);

/** Rounds toward zero, so a return takes back exactly what the same sale gave. */
const towardZero = (n: number): number => (n < 0 ? -Math.floor(-n) : Math.floor(n));

/** Points the lines earn under the program (negative for returned lines); 0 when it is not active. */
export function pointsEarned(program: LoyaltyProgram | null, lines: readonly EarningLine[]): number {
  if (!program?.active) return 0;
  let points = 0;
  for (const rule of program.earn) {
    const hit = lines.filter((l) => targets(rule.target ?? {}, { productId: l.productId, category: l.category ?? '' }));
    if (rule.kind === 'amount') {
      const spent = hit.reduce((sum, l) => sum + l.total, 0);
      points += towardZero(spent / rule.per) * rule.points;
    } else {
      points += hit.reduce((sum, l) => sum + wholeUnits(l), 0) * rule.points;
    }
  }
  return points;
}

/** What points are worth in the ledger at the program's rate, minor units (halves away from zero). */
export function pointsValue(program: LoyaltyProgram, points: number): number {
  return shareOf(program.redeem.amount, points, program.redeem.points);
}

/** The discount `points` give: whole blocks only; null when `points` is not a positive multiple of a block. */
export function redemptionAmount(program: LoyaltyProgram, points: number): number | null {
  if (!Number.isInteger(points) || points <= 0 || points % program.redeem.points !== 0) return null;
  return (points / program.redeem.points) * program.redeem.amount;
}

/** The most points the customer can redeem on a sale: whole blocks within their points and the amount to pay. */
export function maxRedeemablePoints(program: LoyaltyProgram, balance: number, payable: number): number {
  const blocks = Math.min(Math.floor(balance / program.redeem.points), Math.floor(payable / program.redeem.amount));
  return Math.max(0, blocks) * program.redeem.points;
}
