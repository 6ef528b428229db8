// Refunding a return onto a gift card (docs/stored-value.md): the cashier scans or types a card and
// says whether it is a card the customer already has (topped up) or a new card from the drawer
// (issued with the refund). Online the server's balance tells the two apart, so a mistyped number
// cannot put the refund on a stranger's card nor "issue" a card that already holds value; offline
// the number's format is all the till can check, and the server opens or tops up the card when the
// return arrives (once, keyed by the return's id and payment id). Pure: the screen asks the server
// and passes its answer (null: no answer).
import type { Sale } from '../../shared/schemas/index.ts';
import type { BalanceResponse } from '../../shared/stored-value/authorization-api.ts';
import { GIFT_CARD_METHOD } from '../../shared/stored-value/sale-value.ts';
import { isCardNumberFormat, maskCardNumber, normalizeCardNumber } from '../../shared/stored-value/card-number.ts';

export type RefundCardMode = 'top_up' | 'new';

export type RefundCardCheck =
  | { ok: true; card: string; balanceAfter?: number; note: string }
  | { ok: false; message: string };

/** `refund` is what goes onto the card (positive minor units); `money` formats it with the currency. */
export function checkRefundCard(
  mode: RefundCardMode, raw: string, refund: number, answer: BalanceResponse | null, currency: string, money: (minor: number) => string,
): RefundCardCheck {
  if (!raw.trim()) return { ok: false, message: 'Scan or type the gift card number' };
  if (!isCardNumberFormat(raw)) return { ok: false, message: 'A gift card number is 6 to 32 letters or digits' };
  const card = normalizeCardNumber(raw);
  const masked = `Gift card ${maskCardNumber(card)}`;
  if (answer === null) {
    return { ok: true, card, note: `${masked} ${mode === 'new' ? 'is issued' : 'is topped up'} with ${money(refund)}; its balance is known once the till is back online.` };
  }
  if (answer.currency && answer.currency !== currency) return { ok: false, message: `${masked} holds ${answer.currency}, not ${currency}: choose another tender` };
  if (mode === 'top_up' && !answer.known) return { ok: false, message: `${masked} is not known: scan the card again, or choose New card` };
  if (mode === 'new' && answer.known) return { ok: false, message: `${masked} already holds ${money(answer.balance)}: choose Top up a card` };
  const balanceAfter = answer.balance + refund;
  return { ok: true, card, balanceAfter, note: `${masked}: ${money(refund)} goes on it, balance after ${money(balanceAfter)}.` };
}

/**
 * The card a return's refund goes back onto by default: the gift card that paid the sale (the one
 * that paid most when several did) — refunding to the original tender, as for a bank card. The
 * cashier may still type another or choose New card.
 */
export function originalRefundCard(sale: Pick<Sale, 'payments'>): string | undefined {
  const paid = new Map<string, number>();
  for (const p of sale.payments) if (p.method === GIFT_CARD_METHOD && p.card) paid.set(p.card, (paid.get(p.card) ?? 0) + p.amount);
  return [...paid].sort((a, b) => b[1] - a[1])[0]?.[0];
}
