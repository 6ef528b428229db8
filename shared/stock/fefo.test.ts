import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { available, planFefo, type QuantState } from './fefo.ts';

const quant = (over: Partial<QuantState>): QuantState => ({ productId: 'p', locationId: 'l', locationName: 'A', lot: '', onHand: 0, reserved: 0, ...over });

describe('FEFO allocation', () => {
  it('takes the first-expiring lot first and lots without expiry last', () => {
    const plan = planFefo(
      [
        quant({ locationId: 'x', lot: 'NOEXP', onHand: 5 }),
        quant({ locationId: 'y', lot: 'LATE', expiry: '2030-05-01', onHand: 5 }),
        quant({ locationId: 'z', lot: 'SOON', expiry: '2030-01-01', onHand: 3 }),
      ],
      10,
      '2029-01-01',
    );
    expect(plan.map((a) => [a.quant.lot, a.qty])).toEqual([['SOON', 3], ['LATE', 5], ['NOEXP', 2]]);
  });

  it('skips expired lots and what is already reserved', () => {
    const plan = planFefo([quant({ lot: 'OLD', expiry: '2020-01-01', onHand: 9 }), quant({ lot: 'NEW', expiry: '2031-01-01', onHand: 4, reserved: 3 })], 5, '2025-01-01');
    expect(plan.map((a) => [a.quant.lot, a.qty])).toEqual([['NEW', 1]]);
  });

  it('never allocates more than asked nor more than any quant has available', () => {
    const quantArb = fc.record({
      onHand: fc.integer({ min: -5, max: 20 }),
      reserved: fc.integer({ min: 0, max: 20 }),
      expiry: fc.option(fc.constantFrom('2020-01-01', '2030-01-01', '2031-06-01'), { nil: undefined }),
      lot: fc.constantFrom('', 'L1', 'L2'),
      locationName: fc.constantFrom('A', 'B', 'C'),
    });
    fc.assert(
      fc.property(fc.array(quantArb, { maxLength: 8 }), fc.integer({ min: 0, max: 60 }), (raw, qty) => {
        const quants = raw.map((r, i) => quant({ ...r, locationId: `loc${i}` }));
        const plan = planFefo(quants, qty, '2025-01-01');
        const total = plan.reduce((s, a) => s + a.qty, 0);
        const fresh = quants.filter((q) => q.expiry === undefined || q.expiry >= '2025-01-01');
        expect(total).toBe(Math.min(qty, fresh.reduce((s, q) => s + available(q), 0)));
        for (const a of plan) expect(a.qty).toBeLessThanOrEqual(available(a.quant));
        for (const a of plan) expect(a.qty).toBeGreaterThan(0);
      }),
    );
  });
});
