import { describe, expect, it } from 'vitest';
import type { Product } from '../../shared/admin-api/catalog.ts';
import { withCheckDigit } from '../../shared/barcode/gtin.ts';
import { type FormTax, newProductDraft, parseNewProduct, parseProductChange, productDraft, retiredTaxProblem } from './product-form.ts';

const taxes: FormTax[] = [
  { id: 'levy', name: 'Eco levy', active: true, compound: true },
  { id: 'sugar', name: 'Sugar tax', active: false, compound: false },
  { id: 'vat', name: 'VAT 20%', active: true, compound: false },
  { id: 'reduced', name: 'VAT 5.5%', active: true, compound: false },
];
const ean = withCheckDigit('400000000001');
const product: Product = {
  id: 'p1', sku: 'TEA-1', name: 'Green tea', barcodes: [`0${ean}`], price: 340, priceIncludesTax: false, cost: 125,
  category: 'Drinks', unit: 'unit', tracking: 'none', taxIds: ['vat', 'levy'], active: true, updatedAt: '2026-01-01T00:00:00Z',
};
const change = (edit: Partial<ReturnType<typeof productDraft>>, p: Product = product) => parseProductChange({ ...productDraft(p, 2), ...edit }, p, taxes, 2);

describe('the product form', () => {
  it('shows a product as typed: price, cost and barcodes as printed, its taxes in their order', () => {
    expect(productDraft(product, 2)).toMatchObject({ price: '3.40', cost: '1.25', priceIncludesTax: false, barcode: ean, taxIds: ['vat', 'levy'] });
  });

  it('sends nothing for a product left as it was, and only the name for a rename', () => {
    expect(change({})).toEqual({ ok: true, value: {} });
    expect(change({ name: ' Green tea 2 ' })).toEqual({ ok: true, value: { name: 'Green tea 2' } });
    // What an import stored untrimmed is not changed by opening the form; amounts and barcodes are compared by value.
    expect(change({}, { ...product, name: 'Green tea ', category: ' Drinks' })).toEqual({ ok: true, value: {} });
    expect(change({ price: '3.4', cost: '1,25', barcode: ` ${ean},` })).toEqual({ ok: true, value: {} });
  });

  it('sends the taxes when the set changes, a ticked VAT under the compound levy', () => {
    expect(change({ taxIds: ['vat', 'levy', 'reduced'] })).toEqual({ ok: true, value: { taxIds: ['vat', 'reduced', 'levy'] } });
    expect(change({ taxIds: ['levy'] })).toEqual({ ok: true, value: { taxIds: ['levy'] } });
  });

  it('sends whether the price includes tax, and the cost, only when they change', () => {
    expect(change({ priceIncludesTax: true })).toEqual({ ok: true, value: { priceIncludesTax: true } });
    expect(change({ cost: '1,20' })).toEqual({ ok: true, value: { cost: 120 } });
    expect(change({ cost: '' })).toEqual({ ok: true, value: { cost: 0 } });
    expect(change({ cost: '1.25' })).toEqual({ ok: true, value: {} });
  });

  it('refuses a cost or a price that is not an amount, saying how to write one', () => {
    const cost = 'Cost must be an amount like 1.20 (what one unit costs the store, in the store currency), or empty for none.';
    for (const typed of ['abc', '-1', '1.234', '1.2.3', '20000000']) expect(change({ cost: typed })).toEqual({ ok: false, problems: [cost] });
    expect(change({ price: 'x', cost: 'y' })).toEqual({ ok: false, problems: ['Price must be an amount like 2.50.', cost] });
  });

  it("keeps a retired tax the product carries while its taxes stay, and says to replace it before changing them", () => {
    const old = { ...product, taxIds: ['vat', 'sugar'] };
    expect(change({ name: 'Cola' }, old)).toEqual({ ok: true, value: { name: 'Cola' } });
    expect(change({ taxIds: ['vat', 'sugar', 'reduced'] }, old)).toEqual({ ok: false, problems: [retiredTaxProblem('Sugar tax')] });
    expect(change({ taxIds: ['vat', 'reduced'] }, old)).toEqual({ ok: true, value: { taxIds: ['vat', 'reduced'] } });
  });

  it('refuses more than 5 taxes', () => {
    const many = [...taxes, ...['a', 'b', 'c'].map((id) => ({ id, name: id, active: true, compound: false }))].filter((t) => t.active);
    const parsed = parseNewProduct({ ...newProductDraft(taxes), name: 'X', sku: 'X', price: '1', taxIds: many.map((t) => t.id) }, many, 2);
    expect(parsed).toEqual({ ok: false, problems: ['A product carries at most 5 taxes: untick 1.'] });
  });

  it("starts a new product with its price including tax and the store's usual VAT, and sends every field", () => {
    const draft = newProductDraft(taxes);
    expect(draft).toMatchObject({ priceIncludesTax: true, taxIds: ['vat'], cost: '' });
    expect(parseNewProduct({ ...draft, name: 'Lemonade', sku: 'LEM-1', price: '2.40', cost: '0.90', taxIds: ['levy', 'vat'] }, taxes, 2)).toEqual({
      ok: true,
      value: { name: 'Lemonade', sku: 'LEM-1', barcodes: [], price: 240, priceIncludesTax: true, cost: 90, taxIds: ['vat', 'levy'], category: '', unit: 'unit', tracking: 'none' },
    });
  });
});
