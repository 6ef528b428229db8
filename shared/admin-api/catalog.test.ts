import { describe, expect, it } from 'vitest';
import { taxInUseMessage, taxProductsText } from './catalog.ts';

describe('tax product counts', () => {
  it('groups thousands on the Taxes page, as the other screens do', () => {
    expect(taxProductsText(1101, 0)).toBe('1,101');
    expect(taxProductsText(0, 0)).toBe('0');
    expect(taxProductsText(1500, 1200)).toBe('1,500 (1,200 archived)');
  });

  it('groups thousands in why a tax cannot be retired', () => {
    expect(taxInUseMessage('VAT 5.5%', 1101, 0)).toBe('"VAT 5.5%" is on 1,101 products: give them another tax first (Products, Edit, or a CSV import), then retire it.');
    expect(taxInUseMessage('VAT 20%', 2500, 1200)).toContain('on 2,500 products (1,200 of them archived)');
    expect(taxInUseMessage('Sugar tax', 1, 0)).toBe('"Sugar tax" is on 1 product: give it another tax first (Products, Edit, or a CSV import), then retire it.');
  });
});
