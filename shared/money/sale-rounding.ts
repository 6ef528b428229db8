// Cash rounding of a sale (Odoo's "cash rounding", cash payments only): the part of a sale paid
// in cash — the total less every non-cash payment — is rounded to the site's step, half-up on
// the magnitude; cards and other tenders pay the exact amount. The difference is a field of the
// sale (`rounding`), so Σ payments = total + rounding. One rule for the till (what to ask for),
// the receipt and the server (what to accept), so they can never disagree.
import { roundCash, type CashRounding } from './cash-rounding.ts';

export interface TenderedAmount {
  method: string;
  amount: number;
}

export type IsCashTender = (method: string) => boolean;

/** The site's rule: `step` in minor units (5 = 0.05), half-up. A missing step or 1 means no rounding. */
export function siteCashRounding(step: number | undefined): CashRounding {
  return { step: step !== undefined && step > 1 ? step : 1, mode: 'half-up' };
}

function split(payments: readonly TenderedAmount[], isCash: IsCashTender): { cash: number; other: number; hasCash: boolean } {
  let cash = 0;
  let other = 0;
  let hasCash = false;
  for (const p of payments) {
    if (isCash(p.method)) {
      cash += p.amount;
      hasCash = true;
    } else {
      other += p.amount;
    }
  }
  return { cash, other, hasCash };
}

/**
 * The rounding a sale with these payments carries: 0 without a cash payment, else the cash part
 * (total − Σ non-cash payments) rounded to the step, less the cash part.
 */
export function saleCashRounding(total: number, payments: readonly TenderedAmount[], isCash: IsCashTender, step: number | undefined): number {
  const { other, hasCash } = split(payments, isCash);
  if (!hasCash) return 0;
  return roundCash(total - other, siteCashRounding(step)).difference;
}

export interface AmountDue {
  /** Σ payments so far. */
  paid: number;
  /** Still due when the rest is paid by card or another exact tender. */
  remaining: number;
  /** Still due when the rest is paid in cash: the cash part rounded, less the cash already taken. */
  cashDue: number;
  /** `cashDue − remaining`: the rounding paying the rest in cash adds (positive) or takes off. */
  cashRounding: number;
  /** The payments cover the sale: Σ payments = total + the rounding their cash part carries. */
  settled: boolean;
}

/** What is left to pay, by card and by cash, after `payments`. */
export function amountDue(total: number, payments: readonly TenderedAmount[], isCash: IsCashTender, step: number | undefined): AmountDue {
  const { cash, other } = split(payments, isCash);
  const paid = cash + other;
  const remaining = total - paid;
  const cashDue = roundCash(total - other, siteCashRounding(step)).rounded - cash;
  return {
    paid,
    remaining,
    cashDue,
    cashRounding: cashDue - remaining,
    settled: paid === total + saleCashRounding(total, payments, isCash, step),
  };
}

/** Whether `amount` can be handed over in cash under the site's step (no coins below it). */
export function isCashAmount(amount: number, step: number | undefined): boolean {
  return amount % siteCashRounding(step).step === 0;
}
