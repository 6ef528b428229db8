import { describe, expect, it } from 'vitest';
import { nextTaxSwitch, taxInForce } from './rate-at.ts';

const vat = { name: 'VAT 19%', rate: 19, next: { rate: 16, from: '2027-01-01T00:00:00+01:00', name: 'VAT 16%' } };

describe('a tax rate at a moment', () => {
  it('keeps the current rate and name until the scheduled instant, then the scheduled ones', () => {
    expect(taxInForce(vat, new Date('2026-12-31T22:59:59.999Z'))).toEqual({ rate: 19, name: 'VAT 19%' });
    expect(taxInForce(vat, new Date('2026-12-31T23:00:00.000Z'))).toEqual({ rate: 16, name: 'VAT 16%' });
    expect(taxInForce({ name: 'VAT', rate: 20, next: { rate: 21, from: '2027-01-01T00:00:00Z' } }, new Date('2027-02-01T00:00:00Z'))).toEqual({ rate: 21, name: 'VAT' });
    expect(taxInForce({ name: 'VAT', rate: 20 }, new Date('2030-01-01T00:00:00Z'))).toEqual({ rate: 20, name: 'VAT' });
  });

  it('finds the first switch still ahead', () => {
    const later = { name: 'B', rate: 5, next: { rate: 7, from: '2027-03-01T00:00:00Z' } };
    expect(nextTaxSwitch([later, vat, { name: 'C', rate: 0 }], new Date('2026-12-01T00:00:00Z'))?.toISOString()).toBe('2026-12-31T23:00:00.000Z');
    expect(nextTaxSwitch([later, vat], new Date('2026-12-31T23:00:00.000Z'))?.toISOString()).toBe('2027-03-01T00:00:00.000Z');
    expect(nextTaxSwitch([later, vat], new Date('2027-03-01T00:00:00Z'))).toBeNull();
  });
});
