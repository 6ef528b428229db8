// Request stock at the station: a product's barcode chooses it and scanning it again adds one; a
// location, an unknown barcode or a bad quantity is refused and leaves the request as it was.
import { describe, expect, it } from 'vitest';
import { parseScan } from '../../shared/barcode/index.ts';
import type { Product } from '../../shared/schemas/index.ts';
import { applyScanToRequest, chooseProduct, emptyDraft, plusOne, typeQty, type RequestDraft } from './stock-request-rules.ts';

const base = { priceIncludesTax: true, cost: 50, taxIds: [] as string[], category: 'x', tracking: 'none' as const, active: true, updatedAt: '' };
const milk: Product = { ...base, id: 'milk', sku: 'MILK-1', name: 'Milk 1 l', barcodes: ['05012345678900'], price: 100, unit: 'unit' };
const cheese: Product = { ...base, id: 'cheese', sku: 'CH-1', name: 'Comté', barcodes: ['04006381333931'], price: 2000, unit: 'kg' };
const byGtin = (g: string): Product | undefined => [milk, cheese].find((p) => p.barcodes.includes(g));

function run(codes: string[], from: RequestDraft = emptyDraft): { draft: RequestDraft; outcomes: string[]; last: string } {
  let draft = from;
  const outcomes: string[] = [];
  let last = '';
  for (const c of codes) {
    const r = applyScanToRequest(draft, parseScan(c), byGtin);
    draft = r.draft;
    outcomes.push(r.feedback.outcome);
    last = r.feedback.message;
  }
  return { draft, outcomes, last };
}

describe('station stock request', () => {
  it('a scanned product is chosen at 1 and each further scan of it adds one', () => {
    const r = run(['5012345678900', '5012345678900', '(01)05012345678900']);
    expect(r.draft).toEqual({ product: milk, qty: 3 });
    expect(r.outcomes).toEqual(['product-ok', 'qty-ok', 'qty-ok']);
    expect(r.last).toBe('Milk 1 l: 3 to request');
  });

  it('another product replaces the first, from 1 again; a weighed one asks for its quantity', () => {
    expect(run(['5012345678900', '5012345678900', '4006381333931']).draft).toEqual({ product: cheese, qty: 0 });
    expect(run(['4006381333931']).last).toBe('Comté: type the quantity in kg');
    expect(run(['4006381333931', '4006381333931']).draft.qty).toBe(0);
  });

  it('refuses a location, an unknown barcode and an unreadable scan, keeping the request', () => {
    const start = run(['5012345678900']).draft;
    const r = run(['LOC:WH1/Stock/A-01', '4000000000006', '12345'], start);
    expect(r.outcomes).toEqual(['scan-product-first', 'unknown-product', 'invalid-scan']);
    expect(r.draft).toBe(start);
    expect(run(['4000000000006']).last).toBe('Unknown barcode 04000000000006: not in the catalog.');
  });

  it('the pad: +1 and a typed quantity need a product; whole pieces for units, more than 0', () => {
    expect(plusOne(emptyDraft).feedback.outcome).toBe('scan-product-first');
    const milkDraft = chooseProduct(emptyDraft, milk).draft;
    expect(plusOne(milkDraft).draft.qty).toBe(2);
    expect(typeQty(milkDraft, 12).draft.qty).toBe(12);
    expect(typeQty(milkDraft, 1.5).feedback.message).toBe('Milk 1 l is counted in whole pieces.');
    expect(typeQty(milkDraft, 0).draft).toBe(milkDraft);
    expect(typeQty(chooseProduct(emptyDraft, cheese).draft, 2.35).draft.qty).toBe(2.35);
    // Choosing the product already chosen keeps its quantity.
    expect(chooseProduct({ product: milk, qty: 5 }, milk).draft.qty).toBe(5);
  });
});
