import { describe, expect, it } from 'vitest';
import type { StockLevel } from '../../shared/schemas/index.ts';
import { defaultLot, lotOptions } from './lot-choice.ts';

const level = (lot: string, onHand: number, expiry?: string, locationId = 'stock'): StockLevel => ({
  id: `p|${locationId}|${lot}`, productId: 'p', locationId, siteId: 's', lot, onHand, reserved: 0, ...(expiry ? { expiry } : {}),
});

describe('lot choice at the till', () => {
  it('lists the store lots first to expire first, summing locations, without the plain quant', () => {
    const options = lotOptions([level('B', 2, '2026-12-20'), level('', 4), level('A', 1, '2026-12-10'), level('A', 3, '2026-12-10', 'shelf'), level('C', 5)], '2026-12-02');
    expect(options.map((o) => [o.lot, o.available])).toEqual([['A', 4], ['B', 2], ['C', 5]]);
  });

  it('defaults to the first lot to expire that has stock and is not expired', () => {
    const levels = [level('OLD', 9, '2026-11-30'), level('EMPTY', 0, '2026-12-05'), level('NEXT', 2, '2026-12-08'), level('LATE', 7, '2027-01-01')];
    expect(defaultLot(levels, 1, '2026-12-02')).toBe('NEXT');
    expect(lotOptions(levels, '2026-12-02').find((o) => o.lot === 'OLD')?.expired).toBe(true);
  });

  it('with no stock anywhere takes the first lot not expired, and none when the store holds no lot', () => {
    expect(defaultLot([level('A', 0, '2026-12-09'), level('B', 0, '2026-12-04'), level('X', 0, '2026-12-01')], 1, '2026-12-02')).toBe('B');
    expect(defaultLot([level('', 3)], 1, '2026-12-02')).toBeUndefined();
  });
});
