// What the stored-value forms hold as typed and how it becomes an admin API body
// (shared/admin-api/stored-value.ts), or the sentences that say what to fix. Pure.
import type { GiftCardIssueInput, StoreCreditAdjustInput, StoredValueSettings } from '../../shared/admin-api/stored-value.ts';
import { parseMoneyInput } from '../../shared/money/money-input.ts';
import { isCardNumberFormat, normalizeCardNumber } from '../../shared/stored-value/card-number.ts';
import type { EarnRule, LoyaltyProgram } from '../../shared/stored-value/loyalty-program.ts';
import type { Parsed } from './pricing-forms.ts';

export interface GiftCardDraft {
  number: string;
  amount: string;
  reason: string;
}
export const emptyGiftCard = (): GiftCardDraft => ({ number: '', amount: '', reason: '' });

const MAX_MONEY = 1_000_000_000;

function amountOf(text: string, label: string, digits: number, out: string[]): number {
  const m = parseMoneyInput(text, digits);
  if (m === null || m < 1 || m > MAX_MONEY) out.push(`${label} must be an amount above 0, like 25.00.`);
  return m ?? 0;
}

function reasonOf(text: string, out: string[]): string {
  const r = text.trim();
  if (!r) out.push('Say why (the reason is kept in the audit log and the card\'s or customer\'s movements).');
  if (r.length > 200) out.push('The reason is at most 200 characters.');
  return r;
}

export function parseGiftCard(d: GiftCardDraft, digits: number): Parsed<GiftCardIssueInput> {
  const out: string[] = [];
  const number = d.number.trim();
  if (number && !isCardNumberFormat(number)) out.push('The card number must be 6 to 32 letters or digits (spaces and dashes are ignored), or empty for a new number.');
  const amount = amountOf(d.amount, 'The amount', digits, out);
  const reason = reasonOf(d.reason, out);
  if (out.length) return { ok: false, problems: out };
  return { ok: true, value: { ...(number ? { number: normalizeCardNumber(number) } : {}), amount, reason } };
}

export interface CreditDraft {
  direction: 'give' | 'take';
  amount: string;
  reason: string;
}
export const emptyCredit = (): CreditDraft => ({ direction: 'give', amount: '', reason: '' });

export function parseCreditChange(customerId: string, d: CreditDraft, digits: number): Parsed<StoreCreditAdjustInput> {
  const out: string[] = [];
  const amount = amountOf(d.amount, 'The amount', digits, out);
  const reason = reasonOf(d.reason, out);
  if (out.length) return { ok: false, problems: out };
  return { ok: true, value: { customerId, amount: d.direction === 'give' ? amount : -amount, reason } };
}

export interface AllowanceDraft {
  mode: 'till' | 'card';
  amount: string;
  points: string;
  /** Minutes an online authorisation holds value (empty: keep the current setting). */
  holdMinutes: string;
}

const wholeNumber = (text: string, min: number, max: number): number | null => (/^\d+$/.test(text.trim()) && Number(text) >= min && Number(text) <= max ? Number(text) : null);

export function parseAllowance(d: AllowanceDraft, digits: number): Parsed<StoredValueSettings> {
  const out: string[] = [];
  const amount = parseMoneyInput(d.amount, digits);
  if (amount === null || amount > MAX_MONEY) out.push('The amount must be an amount like 50.00 (0: never offline).');
  const points = wholeNumber(d.points, 0, MAX_MONEY);
  if (points === null) out.push('The points must be a whole number (0: never offline).');
  const hold = d.holdMinutes.trim() ? wholeNumber(d.holdMinutes, 0, 10_080) : undefined;
  if (hold === null) out.push('An authorisation holds for a whole number of minutes, 0 (until its sale arrives) to 10080 (7 days).');
  if (out.length) return { ok: false, problems: out };
  return { ok: true, value: { offlineAllowance: { mode: d.mode, amount: amount ?? 0, points: points ?? 0 }, ...(hold !== undefined && hold !== null ? { holdMinutes: hold } : {}) } };
}

export interface EarnDraft {
  key: number;
  kind: 'amount' | 'unit';
  points: string;
  /** amount: per this much spent. */
  per: string;
  products: { id: string; name: string }[];
  categories: string;
}

export interface LoyaltyDraft {
  active: boolean;
  name: string;
  redeemPoints: string;
  redeemAmount: string;
  earn: EarnDraft[];
}

let nextKey = 1;
export const emptyEarn = (): EarnDraft => ({ key: nextKey++, kind: 'amount', points: '1', per: '1.00', products: [], categories: '' });
export const emptyLoyalty = (): LoyaltyDraft => ({ active: true, name: '', redeemPoints: '100', redeemAmount: '5.00', earn: [emptyEarn()] });

/** The program as the form shows it; `name(id)` gives product names. */
export function loyaltyDraft(p: LoyaltyProgram, typed: (minor: number) => string, name: (id: string) => string): LoyaltyDraft {
  return {
    active: p.active, name: p.name, redeemPoints: String(p.redeem.points), redeemAmount: typed(p.redeem.amount),
    earn: p.earn.map((r) => ({
      ...emptyEarn(), kind: r.kind, points: String(r.points), per: r.kind === 'amount' ? typed(r.per) : '',
      products: (r.target?.productIds ?? []).map((id) => ({ id, name: name(id) })), categories: (r.target?.categories ?? []).join(', '),
    })),
  };
}

export function parseLoyalty(d: LoyaltyDraft, digits: number): Parsed<LoyaltyProgram> {
  const out: string[] = [];
  const name = d.name.trim();
  if (!name) out.push('Give the program a name (tills and receipts show it).');
  const redeemPoints = wholeNumber(d.redeemPoints, 1, 1_000_000);
  if (redeemPoints === null) out.push('Redeeming: the points must be a whole number, 1 or more.');
  const redeemAmount = amountOf(d.redeemAmount, 'Redeeming: the amount they take off', digits, out);
  const earn = d.earn.map((r, i): EarnRule => {
    const what = `Earning rule ${i + 1}`;
    const points = wholeNumber(r.points, 1, 1_000_000);
    if (points === null) out.push(`${what}: the points must be a whole number, 1 or more.`);
    const categories = [...new Set(r.categories.split(',').map((c) => c.trim()).filter(Boolean))];
    const target = { ...(r.products.length ? { productIds: r.products.map((p) => p.id) } : {}), ...(categories.length ? { categories } : {}) };
    if (r.kind === 'unit') return { kind: 'unit', points: points ?? 1, target };
    const per = amountOf(r.per, `${what}: "per amount spent"`, digits, out);
    return { kind: 'amount', points: points ?? 1, per, ...(r.products.length || categories.length ? { target } : {}) };
  });
  if (out.length) return { ok: false, problems: out };
  return { ok: true, value: { active: d.active, name, earn, redeem: { points: redeemPoints ?? 1, amount: redeemAmount } } };
}
