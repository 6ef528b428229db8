// What the till knows about stored value it has spent but the server has not acknowledged yet
// (issue 17 point 5, docs/stored-value.md). Pure, read by the pay screen and the loyalty panel:
// - the spends that count against the till's allowance (offline-allowance.ts): the offline ones
//   and the authorised ones whose hold has lapsed (hold-lapse.ts) of its unacknowledged sales plus
//   those already recorded on the sale in progress;
// - a customer's store credit or points as the till last saw them (the replicated customer
//   document) less what the till took since, authorised or not, so a till never spends offline
//   what it already spent.
import type { Customer, Payment, Sale } from '../../shared/schemas/index.ts';
import type { PendingSpend } from '../../shared/stored-value/offline-allowance.ts';
import { isStoredValueMethod, saleValueMoves, type SaleValueMove, type ValueKind } from '../../shared/stored-value/sale-value.ts';
import { unprotectedSpends } from './hold-lapse.ts';

/** The sale in progress, as far as value goes: its recorded payments, its customer and its points redeemed. */
export interface OpenSaleValue {
  customerId?: string | undefined;
  payments: readonly Payment[];
  points?: { points: number; authorization?: string | undefined; holdExpiresAt?: string | undefined; overrideBy?: string | undefined } | null | undefined;
}

/** The value moves of the sale in progress, read like a committed sale's (sale-value.ts). */
export function openSaleMoves(open: OpenSaleValue): SaleValueMove[] {
  const sale = {
    payments: open.payments.filter((p) => isStoredValueMethod(p.method)),
    ...(open.customerId ? { customerId: open.customerId } : {}),
    ...(open.points && open.points.points > 0
      ? {
          loyalty: {
            redeemedPoints: open.points.points,
            ...(open.points.authorization ? { authorization: open.points.authorization } : {}),
            ...(open.points.holdExpiresAt ? { holdExpiresAt: open.points.holdExpiresAt } : {}),
            ...(open.points.overrideBy ? { overrideBy: open.points.overrideBy } : {}),
          },
        }
      : {}),
  } as Sale;
  return saleValueMoves(sale);
}

/** Moves of the till's sales the server has not acknowledged yet, and of the sale in progress. */
export function unacknowledgedMoves(sales: readonly Sale[], acknowledged: ReadonlySet<string>, open: OpenSaleValue): SaleValueMove[] {
  const moves = sales.filter((s) => !acknowledged.has(s.id)).flatMap((s) => saleValueMoves(s));
  return [...moves, ...openSaleMoves(open)];
}

/**
 * What counts against the offline allowance at `now` (the till's clock): spends without
 * authorisation or override, and authorised ones whose hold has lapsed — the server no longer sets
 * those aside, so another till may spend the same value.
 */
export function pendingSpends(moves: readonly SaleValueMove[], now: Date): PendingSpend[] {
  return unprotectedSpends(moves, now).map((m) => ({ kind: m.kind, key: m.key, amount: -m.amount }));
}

/**
 * A customer's store credit (in `currency`) or points as the till knows them: the replicated
 * document less every spend of the till not acknowledged yet (plus any refund onto it). Points
 * earned on those sales are not counted: the server credits them when it applies the sale.
 */
export function knownCustomerBalance(customer: Pick<Customer, 'id' | 'points' | 'storeCredit'>, kind: Exclude<ValueKind, 'gift_card'>, currency: string, moves: readonly SaleValueMove[]): number {
  const stored = kind === 'points' ? (customer.points ?? 0) : (customer.storeCredit?.find((c) => c.currency === currency)?.amount ?? 0);
  const since = moves.filter((m) => m.kind === kind && m.key === customer.id && m.move !== 'load').reduce((sum, m) => sum + m.amount, 0);
  return stored + since;
}
