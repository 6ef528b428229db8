import { describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../shared/barcode/index.ts';
import { receiptCode } from '../../shared/receipt/index.ts';
import type { Product } from '../../shared/schemas/index.ts';
import { buildCatalogIndex } from '../catalog/catalog-index.ts';
import { resolveScan } from './scan-resolve.ts';

const product = (id: string, barcode: string, sku = id): Product => ({
  id, sku, name: `Product ${id}`, barcodes: [barcode.padStart(14, '0')], price: 250, priceIncludesTax: true, cost: 100,
  taxIds: [], category: 'c', unit: 'unit', tracking: 'none', active: true, updatedAt: '2026-01-01T00:00:00Z',
});

const ean = withCheckDigit('400638133393');
const weighedLookup = withCheckDigit('211234500000');
const index = buildCatalogIndex([product('plain', ean, 'SKU-PLAIN'), product('cheese', weighedLookup)]);

describe('what a scan means to the till', () => {
  it('adds a product by EAN-13, with or without an AIM prefix, and by SKU typed in', () => {
    expect(resolveScan(ean, index)).toMatchObject({ kind: 'add', product: { id: 'plain' } });
    expect(resolveScan(`]E0${ean}`, index)).toMatchObject({ kind: 'add', product: { id: 'plain' } });
    expect(resolveScan('sku-plain', index)).toMatchObject({ kind: 'add', product: { id: 'plain' } });
  });

  it('reads the weight of an in-store weight barcode as the quantity', () => {
    const scanned = withCheckDigit('211234501250');
    expect(resolveScan(scanned, index)).toMatchObject({ kind: 'add', product: { id: 'cheese' }, qty: 1.25 });
  });

  it('reads a GS1-128 scan with GTIN, lot and GS separator', () => {
    const result = resolveScan(`]C101${ean.padStart(14, '0')}10LOT7\u001d`, index);
    expect(result).toMatchObject({ kind: 'add', product: { id: 'plain' }, lot: 'LOT7' });
  });

  it('opens a return for a receipt code', () => {
    expect(resolveScan(receiptCode({ tillId: 't1', receiptNo: 'T1-000004', id: 'sale-9' }), index)).toEqual({ kind: 'receipt', saleId: 'sale-9', receiptNo: 'T1-000004' });
  });

  it('turns unknown or malformed codes into a clear message, never a throw', () => {
    const unknown = resolveScan(withCheckDigit('590123412345'), index);
    expect(unknown).toMatchObject({ kind: 'error' });
    expect(unknown.kind === 'error' && unknown.message).toMatch(/Unknown barcode/);
    for (const junk of ['', '\u0007', '12', ']C1(01', 'ÄÖÜ']) expect(resolveScan(junk, index).kind).toBe('error');
  });

  it('says a search found nothing when typed words match no product, not that they are a bad barcode', () => {
    expect(resolveScan('zzzqqq', index)).toEqual({ kind: 'error', message: 'No product matches “zzzqqq”.' });
    expect(resolveScan('  blue mug ', index)).toEqual({ kind: 'error', message: 'No product matches “blue mug”.' });
  });

  it('asks the cashier to scan again when a barcode fails its check digit', () => {
    const misread = `${ean.slice(0, 12)}${(Number(ean[12]) + 1) % 10}`;
    const expected = `Barcode ${misread} did not scan right (check digit): scan it again or type it.`;
    expect(resolveScan(misread, index)).toEqual({ kind: 'error', message: expected });
    expect(resolveScan(`]E0${misread}`, index)).toEqual({ kind: 'error', message: expected });
  });
});

describe('a price label on a product sold by the kg', () => {
  const apples: Product = { ...product('apples', withCheckDigit('200000100000')), unit: 'kg', price: 320 };
  const nuts: Product = { ...product('nuts', withCheckDigit('200000300000')), unit: 'kg', price: 1590 };
  const weighed = buildCatalogIndex([apples, nuts]);

  it('is the weight at the catalog price when a weight to the gram gives the label price back', () => {
    expect(resolveScan(withCheckDigit('200000100240'), weighed)).toEqual({ kind: 'add', product: apples, qty: 0.75 });
    expect(resolveScan(withCheckDigit('200000300398'), weighed)).toEqual({ kind: 'add', product: nuts, qty: 0.25 });
  });

  it('stays one unit at the label price when no weight gives it back exactly', () => {
    // At 15.90/kg a gram is 1.59 cents: 2 g is 0.03, 3 g is 0.05 — no weight costs 0.04.
    expect(resolveScan(withCheckDigit('200000300004'), weighed)).toEqual({ kind: 'add', product: nuts, qty: 1, unitPrice: 4 });
  });
});
