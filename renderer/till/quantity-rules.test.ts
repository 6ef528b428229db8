import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatQuantity, quantityProblem } from './quantity-rules.ts';

describe('quantities by unit', () => {
  it('refuses fractions of a piece and accepts whole pieces', () => {
    expect(quantityProblem(1.5, 'unit')).toBe('Sold by the piece: enter a whole number');
    expect(quantityProblem(2, 'unit')).toBeNull();
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000 }), (n) => quantityProblem(n, 'unit') === null));
    fc.assert(fc.property(fc.double({ min: 0.001, max: 1000, noNaN: true }).filter((x) => !Number.isInteger(x)), (x) => quantityProblem(x, 'unit') !== null));
  });

  it('takes weights to the gram for measured goods and shows the unit', () => {
    expect(quantityProblem(0.75, 'kg')).toBeNull();
    expect(quantityProblem(0.7501, 'kg')).toMatch(/3 decimals/);
    expect(quantityProblem(0, 'kg')).toMatch(/weight in kg/);
    expect(formatQuantity(0.75, 'kg')).toBe('0.750 kg');
    expect(formatQuantity(3, 'unit')).toBe('3');
  });
});
