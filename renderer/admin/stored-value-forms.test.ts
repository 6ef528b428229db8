import { describe, expect, it } from 'vitest';
import type { ValueMove } from '../../shared/admin-api/stored-value.ts';
import { emptyCredit, emptyEarn, emptyLoyalty, loyaltyDraft, parseAllowance, parseCreditChange, parseGiftCard, parseLoyalty } from './stored-value-forms.ts';
import { moveAmount, moveLabel } from './value-moves-table.tsx';

const typed = (minor: number): string => (minor / 100).toFixed(2);

describe('stored-value forms', () => {
  it('issues a gift card with or without a number, and says what is missing', () => {
    expect(parseGiftCard({ number: ' 6000-1111 2222 ', amount: '25', reason: ' goodwill ' }, 2)).toEqual({ ok: true, value: { number: '600011112222', amount: 2500, reason: 'goodwill' } });
    expect(parseGiftCard({ number: '', amount: '0.5', reason: 'x' }, 2)).toEqual({ ok: true, value: { amount: 50, reason: 'x' } });
    expect(parseGiftCard({ number: '12', amount: '0', reason: '' }, 2)).toEqual({
      ok: false,
      problems: [
        'The card number must be 6 to 32 letters or digits (spaces and dashes are ignored), or empty for a new number.',
        'The amount must be an amount above 0, like 25.00.',
        'Say why (the reason is kept in the audit log and the card\'s or customer\'s movements).',
      ],
    });
  });

  it('gives or takes back store credit as a signed amount', () => {
    expect(parseCreditChange('c1', { ...emptyCredit(), amount: '12', reason: 'late' }, 2)).toEqual({ ok: true, value: { customerId: 'c1', amount: 1200, reason: 'late' } });
    expect(parseCreditChange('c1', { direction: 'take', amount: '2,50', reason: 'twice' }, 2)).toEqual({ ok: true, value: { customerId: 'c1', amount: -250, reason: 'twice' } });
    expect(parseCreditChange('c1', { direction: 'take', amount: '-2', reason: 'x' }, 2).ok).toBe(false);
  });

  it('reads the offline allowance, 0 allowed', () => {
    expect(parseAllowance({ mode: 'card', amount: '0', points: '0', holdMinutes: '' }, 2)).toEqual({ ok: true, value: { offlineAllowance: { mode: 'card', amount: 0, points: 0 } } });
    expect(parseAllowance({ mode: 'card', amount: '0', points: '0', holdMinutes: '0' }, 2)).toEqual({ ok: true, value: { offlineAllowance: { mode: 'card', amount: 0, points: 0 }, holdMinutes: 0 } });
    expect(parseAllowance({ mode: 'card', amount: '0', points: '0', holdMinutes: ' 45 ' }, 2)).toEqual({ ok: true, value: { offlineAllowance: { mode: 'card', amount: 0, points: 0 }, holdMinutes: 45 } });
    expect(parseAllowance({ mode: 'till', amount: 'abc', points: '1.5', holdMinutes: '-1' }, 2)).toEqual({
      ok: false, problems: [
        'The amount must be an amount like 50.00 (0: never offline).', 'The points must be a whole number (0: never offline).',
        'An authorisation holds for a whole number of minutes, 0 (until its sale arrives) to 10080 (7 days).',
      ],
    });
  });

  it('turns the loyalty form into the program and back', () => {
    const draft = { ...emptyLoyalty(), name: 'Rewards', earn: [emptyEarn(), { ...emptyEarn(), kind: 'unit' as const, points: '5', products: [{ id: 'p1', name: 'Cola' }], categories: 'Snacks' }] };
    const parsed = parseLoyalty(draft, 2);
    expect(parsed).toEqual({
      ok: true,
      value: {
        active: true, name: 'Rewards', redeem: { points: 100, amount: 500 },
        earn: [{ kind: 'amount', points: 1, per: 100 }, { kind: 'unit', points: 5, target: { productIds: ['p1'], categories: ['Snacks'] } }],
      },
    });
    if (!parsed.ok) return;
    const back = loyaltyDraft(parsed.value, typed, (id) => (id === 'p1' ? 'Cola' : id));
    expect(back.earn.map(({ key: _key, ...r }) => r)).toEqual([
      { kind: 'amount', points: '1', per: '1.00', products: [], categories: '' },
      { kind: 'unit', points: '5', per: '', products: [{ id: 'p1', name: 'Cola' }], categories: 'Snacks' },
    ]);
    expect(parseLoyalty({ ...emptyLoyalty(), redeemPoints: '0', earn: [{ ...emptyEarn(), points: 'x', per: '' }] }, 2)).toEqual({
      ok: false,
      problems: [
        'Give the program a name (tills and receipts show it).',
        'Redeeming: the points must be a whole number, 1 or more.',
        'Earning rule 1: the points must be a whole number, 1 or more.',
        'Earning rule 1: "per amount spent" must be an amount above 0, like 25.00.',
      ],
    });
  });

  it('says movements in words', () => {
    const move = (m: Partial<ValueMove>): ValueMove => ({
      at: '', valueKind: 'gift_card', kind: 'redeem', amount: -1000, currency: 'EUR', site: null, till: null, receiptNo: null, offline: false, overrideBy: null, by: null, reason: null, ...m,
    });
    const money = (minor: number): string => `€${(minor / 100).toFixed(2)}`;
    expect([moveLabel(move({})), moveAmount(move({}), money)]).toEqual(['Spent', '−€10.00']);
    expect(moveLabel(move({ kind: 'issue', amount: -200 }))).toBe('Taken back in the back office');
    expect(moveLabel(move({ kind: 'earn', valueKind: 'points', amount: -40 }))).toBe('Taken back by a return');
    expect(moveAmount(move({ kind: 'earn', valueKind: 'points', amount: 1200, currency: null }), money)).toBe('+1,200 points');
  });
});
