// Value that can be spent, as a sale moves it (issue 17, docs/stored-value.md). One reading of the
// sale document for the till (what it still may redeem offline), the server (balances, holds,
// ledger) and tests: gift cards sold (loads), stored-value tenders (gift card, store credit) and
// loyalty points redeemed. Pure.
import type { Sale } from '../schemas/index.ts';

/** Tender methods that spend stored value instead of bringing money in. */
export const GIFT_CARD_METHOD = 'gift_card';
export const STORE_CREDIT_METHOD = 'store_credit';

export type ValueKind = 'gift_card' | 'store_credit' | 'points';
/** Kinds held in money (minor units of a currency); points are counted in points. */
export const MONEY_VALUE_KINDS: readonly ValueKind[] = ['gift_card', 'store_credit'];

/** Whether a payment of this method spends (or, negative, refunds onto) stored value: never counted in a drawer. */
export function isStoredValueMethod(method: string): boolean {
  return method === GIFT_CARD_METHOD || method === STORE_CREDIT_METHOD;
}

export type ValueMoveKind = 'load' | 'redeem' | 'refund';

/** One movement of value a sale makes; `amount` is signed: + adds to the balance, − takes from it. */
export interface SaleValueMove {
  kind: ValueKind;
  /** Gift cards: the card number; store credit and points: the sale's customer (null: none on the sale). */
  key: string | null;
  /** Unique within the sale: the payment id, the load id, or `points`. */
  ref: string;
  move: ValueMoveKind;
  amount: number;
  /** Set when the server authorised it online (a hold); absent = offline. */
  authorization?: string;
  /** When the server's hold for `authorization` lapses, by the till's clock (absent: never). */
  holdExpiresAt?: string;
  overrideBy?: string;
}

export const POINTS_REDEEM_REF = 'points';

function paymentMove(sale: Sale, p: Sale['payments'][number]): SaleValueMove | null {
  if (!isStoredValueMethod(p.method) || p.amount === 0) return null;
  const kind: ValueKind = p.method === GIFT_CARD_METHOD ? 'gift_card' : 'store_credit';
  return {
    kind,
    key: kind === 'gift_card' ? (p.card ?? null) : (sale.customerId ?? null),
    ref: p.paymentId,
    // A payment takes from the card; a refund (negative payment) puts value onto it.
    move: p.amount > 0 ? 'redeem' : 'refund',
    amount: -p.amount,
    ...(p.authorization ? { authorization: p.authorization } : {}),
    ...(p.authorization && p.holdExpiresAt ? { holdExpiresAt: p.holdExpiresAt } : {}),
    ...(p.overrideBy ? { overrideBy: p.overrideBy } : {}),
  };
}

/** Every value movement of the sale: loads, stored-value payments and refunds, points redeemed. Not points earned (the server computes those). */
export function saleValueMoves(sale: Sale): SaleValueMove[] {
  const out: SaleValueMove[] = [];
  for (const load of sale.giftCardLoads ?? []) {
    out.push({ kind: 'gift_card', key: load.number, ref: load.loadId, move: 'load', amount: load.amount });
  }
  for (const p of sale.payments) {
    const m = paymentMove(sale, p);
    if (m) out.push(m);
  }
  const redeemed = sale.loyalty?.redeemedPoints ?? 0;
  if (redeemed > 0) {
    out.push({
      kind: 'points', key: sale.customerId ?? null, ref: POINTS_REDEEM_REF, move: 'redeem', amount: -redeemed,
      ...(sale.loyalty?.authorization ? { authorization: sale.loyalty.authorization } : {}),
      ...(sale.loyalty?.authorization && sale.loyalty.holdExpiresAt ? { holdExpiresAt: sale.loyalty.holdExpiresAt } : {}),
      ...(sale.loyalty?.overrideBy ? { overrideBy: sale.loyalty.overrideBy } : {}),
    });
  }
  return out;
}

/** Σ gift card loads of a sale: part of what the customer pays, not of the sale's (revenue) total. */
export function giftCardLoadTotal(sale: Pick<Sale, 'giftCardLoads'>): number {
  return (sale.giftCardLoads ?? []).reduce((sum, l) => sum + l.amount, 0);
}

/** What the payments cover before cash rounding: the lines' total plus the gift cards sold. */
export function amountToPay(sale: Pick<Sale, 'total' | 'giftCardLoads'>): number {
  return sale.total + giftCardLoadTotal(sale);
}

/** Spends made offline within the till's allowance (no authorisation, no supervisor): what the allowance bounds. */
export function offlineSpends(moves: readonly SaleValueMove[]): SaleValueMove[] {
  return moves.filter((m) => m.amount < 0 && m.authorization === undefined && m.overrideBy === undefined);
}
