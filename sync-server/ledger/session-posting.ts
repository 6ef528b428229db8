// Posting rules for till session events. Cash moves between the till's drawer account and
// "cash in transit" (the safe or the bank): the float comes in at open, cash in/out move it
// during the day, and at close the counted cash leaves the drawer. The difference between
// counted and expected per tender goes to "cash differences", so a closed session leaves its
// drawer at exactly zero. When an event reaches the server after its session's close (tills sync
// whenever they can, in any order), `adjustClosedSession` moves the late amount into the
// difference, so the final balances do not depend on the order events arrived in.
import type { TenderAmount } from '../../shared/schemas/index.ts';
import { isStoredValueMethod } from '../../shared/stored-value/sale-value.ts';
import type { AccountMap } from './accounts.ts';
import { balanced, creditSigned, debitSigned, type JournalLine } from './journal.ts';
import { paymentAccount } from './sale-posting.ts';

export interface SessionPostingContext {
  accounts: AccountMap;
  isCashTender(method: string): boolean;
}

/** Open (float) and cash in: into the drawer. Cash out: out of it. */
export function postCashMovement(kind: 'open' | 'cash_in' | 'cash_out', amount: number, tillId: string, ctx: SessionPostingContext): JournalLine[] {
  const signed = kind === 'cash_out' ? -amount : amount;
  return balanced([
    debitSigned(ctx.accounts.cash_drawer, signed, { tillId, memo: kind }),
    creditSigned(ctx.accounts.cash_transfer, signed, { tillId, memo: kind }),
  ]);
}

export interface CloseTender {
  method: string;
  expected: number;
  counted: number;
}

/** Pairs what the till counted with what the server expects; a tender missing on one side is 0 there. */
export function closeTenders(expected: readonly TenderAmount[], counted: readonly TenderAmount[]): CloseTender[] {
  const byMethod = new Map<string, CloseTender>();
  for (const e of expected) byMethod.set(e.method, { method: e.method, expected: e.amount, counted: 0 });
  for (const c of counted) {
    // Gift cards and store credit are spent on the sale: a count of them books nothing.
    if (isStoredValueMethod(c.method)) continue;
    const row = byMethod.get(c.method) ?? { method: c.method, expected: 0, counted: 0 };
    row.counted += c.amount;
    byMethod.set(c.method, row);
  }
  return [...byMethod.values()].sort((a, b) => a.method.localeCompare(b.method));
}

/**
 * Close: per tender, the difference (counted − expected) between its clearing account and
 * cash differences; then the counted cash leaves the drawer for cash in transit.
 */
export function postSessionClose(tenders: readonly CloseTender[], tillId: string, ctx: SessionPostingContext): JournalLine[] {
  const lines: JournalLine[] = [];
  for (const t of tenders) {
    const account = paymentAccount(t.method, ctx);
    const difference = t.counted - t.expected;
    lines.push(debitSigned(account, difference, { tillId, memo: `difference ${t.method}` }));
    lines.push(creditSigned(ctx.accounts.cash_difference, difference, { tillId, memo: `difference ${t.method}` }));
    if (account === ctx.accounts.cash_drawer) {
      lines.push(creditSigned(ctx.accounts.cash_drawer, t.counted, { tillId, memo: 'cash banked at close' }));
      lines.push(debitSigned(ctx.accounts.cash_transfer, t.counted, { tillId, memo: 'cash banked at close' }));
    }
  }
  return balanced(lines);
}

/**
 * A late event changed what a closed session expected for `method` by `delta`: the counted
 * amount is final, so the difference moves by −delta and the clearing account back to zero.
 */
export function adjustClosedSession(method: string, delta: number, tillId: string, ctx: SessionPostingContext): JournalLine[] {
  return balanced([
    creditSigned(paymentAccount(method, ctx), delta, { tillId, memo: `late ${method} after close` }),
    debitSigned(ctx.accounts.cash_difference, delta, { tillId, memo: `late ${method} after close` }),
  ]);
}
