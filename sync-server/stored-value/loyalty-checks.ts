// Loyalty points on a pushed sale, judged by the server (issue 17 point 3, docs/stored-value.md):
// the points redeemed must buy the discount the lines carry at the program's rate, and the points
// the till printed as earned should be what the server credits (it credits its own computation:
// a till with stale rules told the customer another figure — a warning a manager can settle).
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import type { Problem, Sale } from '../../shared/schemas/index.ts';
import { type LoyaltyProgram, redemptionAmount } from '../../shared/stored-value/loyalty-program.ts';

export function checkLoyalty(sale: Sale, program: LoyaltyProgram | null, earned: number): Problem[] {
  const out: Problem[] = [];
  const money = (n: number): string => formatMoneyWithSymbol(n, sale.currency);
  const mismatch = (message: string): void => {
    out.push({ code: 'points_mismatch', severity: 'warning', message: `receipt ${sale.receiptNo}: ${message}` });
  };
  const points = sale.loyalty?.redeemedPoints ?? 0;
  const amount = sale.loyalty?.redeemedAmount ?? 0;
  const onLines = sale.lines.reduce((sum, l) => sum + (l.loyaltyDiscount ?? 0), 0);
  if (onLines !== amount) mismatch(`the lines carry ${money(onLines)} of points discount, the sale says ${money(amount)}`);
  for (const l of sale.lines) {
    if (Math.abs(l.loyaltyDiscount ?? 0) > Math.abs(l.discount)) mismatch(`line ${l.name ?? l.lineId} carries ${money(l.loyaltyDiscount ?? 0)} of points discount but a discount of only ${money(l.discount)}`);
  }
  if (points > 0 || amount > 0) {
    const rate = program?.active ? redemptionAmount(program, points) : null;
    if (!program?.active) mismatch(`${points} points redeemed for ${money(amount)}, but no loyalty program is running`);
    else if (rate === null) mismatch(`${points} points redeemed: only whole blocks of ${program.redeem.points} points can be`);
    else if (rate !== amount) mismatch(`${points} points give ${money(rate)} off, the till took ${money(amount)}`);
  }
  const claimed = sale.loyalty?.earnedPoints;
  if (claimed !== undefined && claimed !== earned) mismatch(`the receipt says ${claimed} points earned; the program gives ${earned}, which is what the customer gets`);
  return out;
}
