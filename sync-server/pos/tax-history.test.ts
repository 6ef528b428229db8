import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeClaim, rateKey, sameRate, spans, type Spell, TAX_GRACE, taxSetKey } from './tax-history.ts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const NOV_1 = Date.UTC(2026, 10, 1);

/** A rate history: a first rate, then changes at increasing times. */
const histories = fc
  .array(fc.record({ rate: fc.constantFrom(0, 5, 5.5, 10, 19, 20, 21), gap: fc.integer({ min: 1, max: 60 * DAY }) }), { minLength: 1, maxLength: 6 })
  .map((changes) => {
    let at = NOV_1 - 200 * DAY;
    return changes.map((c): Spell<number> => ({ value: c.rate, from: (at += c.gap) }));
  });

const judge = (history: readonly Spell<number>[], claimed: number, at: number) => judgeClaim(history, rateKey, (r) => sameRate(r, claimed), at);

/** The rate in force at `at` (the first one before any change). */
function inForce(history: readonly Spell<number>[], at: number): number {
  const sorted = [...history].sort((a, b) => a.from - b.from);
  return ([...sorted].reverse().find((s) => s.from <= at) ?? (sorted[0] as Spell<number>)).value;
}

describe('judging a tax claim against the catalog history', () => {
  it('accepts the rate in force at the sale time, whatever the history', () => {
    fc.assert(
      fc.property(histories, fc.integer({ min: -300 * DAY, max: 300 * DAY }), (history, offset) => {
        const at = NOV_1 + offset;
        expect(judge(history, inForce(history, at), at)).toEqual({ verdict: 'current' });
      }),
      { numRuns: 2000 },
    );
  });

  it('never calls critical a rate that was in force within the outdated window before the sale', () => {
    fc.assert(
      fc.property(histories, fc.integer({ min: -300 * DAY, max: 300 * DAY }), fc.integer({ min: 0, max: TAX_GRACE.outdatedMs - 1 }), (history, offset, back) => {
        const at = NOV_1 + offset;
        expect(judge(history, inForce(history, at - back), at).verdict).not.toBe('never');
      }),
      { numRuns: 2000 },
    );
  });

  it('calls critical a rate the tax never had', () => {
    fc.assert(
      fc.property(histories, fc.integer({ min: -300 * DAY, max: 300 * DAY }), (history, offset) => {
        expect(judge(history, 33.3, NOV_1 + offset).verdict).toBe('never');
      }),
      { numRuns: 1000 },
    );
  });

  const vat: Spell<number>[] = [{ value: 19, from: NOV_1 - 100 * DAY }, { value: 20, from: NOV_1 }];

  it('excuses the old rate as outdated for a week after a change, then calls it critical', () => {
    expect(judge(vat, 19, NOV_1 - HOUR)).toEqual({ verdict: 'current' });
    expect(judge(vat, 19, NOV_1 + 2 * DAY)).toMatchObject({ verdict: 'outdated', changedAt: NOV_1, inForce: { value: 20, from: NOV_1, first: false } });
    expect(judge(vat, 19, NOV_1 + 7 * DAY + 1)).toMatchObject({ verdict: 'never', inForce: { value: 20 } });
  });

  it('accepts the new rate on a sale a few minutes before the change (the till clock behind), not an hour before', () => {
    expect(judge(vat, 20, NOV_1 - 10 * 60 * 1000)).toEqual({ verdict: 'current' });
    expect(judge(vat, 20, NOV_1 - HOUR)).toMatchObject({ verdict: 'never', inForce: { value: 19, first: true } });
  });

  it('judges a sale dated before the history began by its first entry', () => {
    expect(judge(vat, 19, NOV_1 - 1000 * DAY)).toEqual({ verdict: 'current' });
  });

  it('treats a rate set back to what it was as no change', () => {
    const history: Spell<number>[] = [{ value: 20, from: NOV_1 - DAY }, { value: 20, from: NOV_1 }, { value: 20, from: NOV_1 + DAY }];
    expect(spans(history, rateKey)).toHaveLength(1);
  });

  it('judges tax sets as multisets: order does not matter, a tax twice does', () => {
    expect(taxSetKey(['vat', 'eco'])).toBe(taxSetKey(['eco', 'vat']));
    expect(taxSetKey(['vat', 'vat'])).not.toBe(taxSetKey(['vat']));
  });

  it('compares rates to the fourth decimal (numeric(7,4) in the catalog)', () => {
    expect(sameRate(9.975, 9.975000000001)).toBe(true);
    expect(sameRate(9.975, 9.976)).toBe(false);
  });

  it('judges nothing without a history', () => {
    expect(judge([], 0, NOV_1)).toEqual({ verdict: 'current' });
  });
});
