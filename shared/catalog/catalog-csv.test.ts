import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toGtin14, withCheckDigit } from '../barcode/gtin.ts';
import { CATALOG_TRACKING, CATALOG_UNITS, type CatalogCsvProduct, formatCatalogCsv, parseCatalogCsv } from './catalog-csv.ts';

const product = (over: Partial<CatalogCsvProduct> = {}): CatalogCsvProduct => ({
  sku: 'A-100', name: 'Green tea', barcodes: [toGtin14('4006381333931') ?? ''], category: 'Drinks', unit: 'unit', price: 250, priceIncludesTax: true,
  taxNames: ['VAT 20%'], cost: 120, tracking: 'none', active: true, ...over,
});

const gtinArb = fc.stringMatching(/^[1-9][0-9]{11}$/).map((body) => toGtin14(withCheckDigit(body)) ?? '');
const textArb = fc.oneof(fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }), fc.stringMatching(/^'*[=+@-][a-z]{0,5}$/)).filter((s) => s.trim() === s && s.length > 0 && !s.includes('|'));
const productArb: fc.Arbitrary<CatalogCsvProduct> = fc.record({
  sku: fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
  name: textArb,
  barcodes: fc.uniqueArray(gtinArb, { maxLength: 4 }).map((b) => [...b].sort()),
  category: fc.oneof(fc.constant(''), textArb),
  unit: fc.constantFrom(...CATALOG_UNITS),
  price: fc.integer({ min: 0, max: 1_000_000_000 }),
  priceIncludesTax: fc.boolean(),
  taxNames: fc.uniqueArray(textArb, { maxLength: 3 }),
  cost: fc.integer({ min: 0, max: 1_000_000_000 }),
  tracking: fc.constantFrom(...CATALOG_TRACKING),
  active: fc.boolean(),
});

describe('catalog CSV', () => {
  it('reads back every product it writes, whatever the names hold (quotes, commas, line breaks, formulas)', () => {
    fc.assert(
      fc.property(fc.array(productArb, { maxLength: 8 }), fc.constantFrom('EUR', 'JPY', 'KWD'), (products, currency) => {
        const file = parseCatalogCsv(formatCatalogCsv(products, currency), currency);
        expect(file.problems).toEqual([]);
        expect(file.rows.map(({ row: _row, archived, taxNames, ...r }) => ({ ...r, taxNames, active: !archived }))).toEqual(
          products.map((p) => ({ sku: p.sku, name: p.name, barcodes: p.barcodes, category: p.category, unit: p.unit, price: p.price, priceIncludesTax: p.priceIncludesTax, taxNames: p.taxNames, cost: p.cost, tracking: p.tracking, active: p.active })),
        );
      }),
    );
  });

  it('keeps a spreadsheet from running a name as a formula', () => {
    const csv = formatCatalogCsv([product({ name: '=HYPERLINK("http://x","y")' })], 'EUR');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(parseCatalogCsv(csv, 'EUR').rows[0]?.name).toBe('=HYPERLINK("http://x","y")');
    for (const name of ["'=x", "''+1", "-50% off", "'quoted'"]) expect(parseCatalogCsv(formatCatalogCsv([product({ name })], 'EUR'), 'EUR').rows[0]?.name).toBe(name);
  });

  it('names each bad cell with its row as a spreadsheet numbers it', () => {
    const csv = [
      'SKU;Name;Price;Unit;Barcodes;Archived',
      'A-1;Tea;2.5;unit;4006381333931;no',
      '',
      'A 2;;-1;box;4006381333932;maybe',
      'A-3;Rice;2.555;kg;;',
      'A-4;Honey;abc;g;;',
    ].join('\r\n');
    const file = parseCatalogCsv(csv, 'EUR');
    expect(file.total).toBe(4);
    expect(file.rows.map((r) => [r.row, r.sku, r.price, r.archived])).toEqual([[2, 'A-1', 250, false]]);
    expect(file.problems.map((p) => p.message)).toEqual([
      'Row 4: SKU "A 2" contains a space',
      'Row 4: name is empty',
      'Row 4: price cannot be negative',
      'Row 4: unit must be one of unit, kg, g, l, ml, m, not "box"',
      'Row 4: barcode 4006381333932 is not a valid EAN/UPC (wrong length or check digit)',
      'Row 4: archived must be true or false, not "maybe"',
      'Row 5: price has more than 2 decimals (2.555)',
      'Row 6: price must be a number, like 2.50, not "abc"',
    ]);
  });

  it('leaves out the columns a file does not have, and refuses a file without SKUs', () => {
    const file = parseCatalogCsv('sku,price\nA-1,3\n', 'JPY');
    expect(file.rows).toEqual([{ row: 2, sku: 'A-1', price: 3 }]);
    expect(parseCatalogCsv('name,price\nTea,1\n', 'EUR').problems).toEqual([{ row: 1, message: 'Row 1: there is no sku column: every row needs the SKU it creates or updates' }]);
  });

  it('says which row has a cell too many', () => {
    expect(parseCatalogCsv('sku,name,price\nA-1,Tea, green,2.00\n', 'EUR').problems).toEqual([
      { row: 2, message: 'Row 2: has 4 cells where the header has 3 (a comma inside a name needs the name in quotes)' },
    ]);
  });
});
