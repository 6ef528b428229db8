import { describe, expect, it } from 'vitest';
import { taxRateLabel } from './receipt-tax-summary.ts';

describe('a tax named with the rate charged', () => {
  it('says the rate once, whether or not the name carries it', () => {
    expect(taxRateLabel('VAT 5.5%', 5.5)).toBe('VAT 5.5%');
    expect(taxRateLabel('TVA 5,5 %', 5.5)).toBe('TVA 5,5 %');
    expect(taxRateLabel('VAT', 20)).toBe('VAT 20%');
    expect(taxRateLabel(undefined, 7)).toBe('7%');
    expect(taxRateLabel('Levy 2% on 10%', 2)).toBe('Levy 2% on 10%');
  });

  it('names a sale made before a renaming rate change by the rate it was charged', () => {
    // "VAT 19%" became "VAT 16%" on the 1st: a reprint of December's sale, or a report spanning the change.
    expect(taxRateLabel('VAT 16%', 19)).toBe('VAT 19%');
    expect(taxRateLabel('TVA réduite 5,5 %', 7)).toBe('TVA réduite 7 %');
    expect(taxRateLabel('TVA 5,5 %', 10.5)).toBe('TVA 10,5 %');
    expect(taxRateLabel('Reduced 7% rate', 5.5)).toBe('Reduced 5.5% rate');
    // A number that is not a percentage is left alone; two other percentages cannot be told apart.
    expect(taxRateLabel('Zone 2 levy', 3)).toBe('Zone 2 levy 3%');
    expect(taxRateLabel('Levy 2% on 10%', 3)).toBe('Levy 2% on 10% 3%');
    expect(taxRateLabel('Rate 119%', 19)).toBe('Rate 19%');
  });
});
