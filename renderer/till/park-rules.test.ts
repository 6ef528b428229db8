import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Product } from '../../shared/schemas/index.ts';
import { gross, type CartLine } from './cart-math.ts';
import { parkRefusal, resumeLines, type ParkableSale } from './park-rules.ts';

const labelOf = (method: string): string => ({ card: 'Card', gift_card: 'Gift card' })[method] ?? method;
const money = (n: number): string => `€${(n / 100).toFixed(2)}`;

const sale = (over: Partial<ParkableSale> = {}): ParkableSale => ({
  lines: [{}], giftCardLoads: [], payments: [], pointsRedemption: null, pickup: null, customerOrder: null, ...over,
});

const product = (id: string, price: number, over: Partial<Product> = {}): Product => ({
  id, sku: `SKU-${id}`, name: `Product ${id}`, barcodes: [], price, priceIncludesTax: true, cost: 100, taxIds: ['vat20'],
  category: 'food', unit: 'unit', tracking: 'none', active: true, updatedAt: '2026-12-01T00:00:00.000Z', ...over,
});

const line = (id: string, productId: string, unitPrice: number, over: Partial<CartLine> = {}): CartLine => ({
  lineId: id, productId, sku: `SKU-${productId}`, name: `Old name ${productId}`, qty: 1, unitPrice, listPrice: unitPrice,
  priceIncludesTax: true, taxes: [{ taxId: 'vat20', rate: 20 }], discount: 0, catalogPrice: unitPrice, category: 'food', cost: 90, ...over,
});

describe('what may be parked', () => {
  it('parks a sale with lines, or with gift cards to sell only', () => {
    expect(parkRefusal(sale(), labelOf, money)).toBeNull();
    expect(parkRefusal(sale({ lines: [], giftCardLoads: [{}] }), labelOf, money)).toBeNull();
  });

  it('refuses a sale with a recorded payment, naming it with its amount: a parked cart never holds money', () => {
    const why = parkRefusal(sale({ payments: [{ method: 'card', amount: 500 }] }), labelOf, money);
    expect(why).toBe("This sale cannot be parked: Card €5.00 is recorded on it. A parked sale never holds a customer's money — finish the sale, or void the payment on the pay screen first.");
    const two = parkRefusal(sale({ payments: [{ method: 'card', amount: 500 }, { method: 'gift_card', amount: 250 }] }), labelOf, money);
    expect(two).toContain('Card €5.00, Gift card €2.50 are recorded');
  });

  it('refuses redeemed points, a pickup being paid and items ordered from another site, saying what to do', () => {
    expect(parkRefusal(sale({ pointsRedemption: { points: 200 } }), labelOf, money)).toMatch(/^This sale cannot be parked: 200 points are redeemed on it\. Remove the points first/);
    expect(parkRefusal(sale({ pickup: { orderId: 'o1', orderRef: 'WEB-1', lines: [] } }), labelOf, money)).toMatch(/^A pickup being paid cannot be parked: the order stays in Pickups\./);
    expect(parkRefusal(sale({ lines: [{ ordered: true }] }), labelOf, money)).toMatch(/^A sale with items ordered from another site cannot be parked/);
  });

  it('refuses an empty sale', () => {
    expect(parkRefusal(sale({ lines: [] }), labelOf, money)).toBe('Nothing to park: the sale is empty.');
  });

  it('puts money first: a payment is named even when the sale is a pickup too', () => {
    const why = parkRefusal(sale({ payments: [{ method: 'card', amount: 100 }], pickup: { orderId: 'o1', orderRef: 'WEB-1', lines: [] } }), labelOf, money);
    expect(why).toMatch(/^This sale cannot be parked: Card €1\.00/);
  });
});

describe('resuming a parked sale\'s lines', () => {
  const taxes = (p: Product) => p.taxIds.map((taxId) => ({ taxId, rate: 5.5 }));

  it("takes today's catalog price, name and taxes for a line priced from the catalog", () => {
    const { lines, missing } = resumeLines([line('l1', 'a', 300)], (id) => (id === 'a' ? product('a', 350, { name: 'Apples' }) : undefined), taxes);
    expect(missing).toEqual([]);
    expect(lines[0]).toMatchObject({ unitPrice: 350, listPrice: 350, catalogPrice: 350, name: 'Apples', taxes: [{ taxId: 'vat20', rate: 5.5 }], cost: 100 });
  });

  it("keeps a price label's price and a supervisor's override with its approval", () => {
    const labelled = line('l1', 'a', 240, { fixed: true, catalogPrice: 320 });
    const override = line('l2', 'b', 800, { listPrice: 1000, catalogPrice: 1000, priceOverride: { originalPrice: 1000, approvedBy: 'sam' } });
    const { lines } = resumeLines([labelled, override], (id) => product(id, 1200), taxes);
    expect(lines.map((l) => [l.unitPrice, l.priceOverride?.approvedBy])).toEqual([[240, undefined], [800, 'sam']]);
    expect(lines.map((l) => l.catalogPrice)).toEqual([1200, 1200]);
  });

  it('leaves out a line whose product is no longer in the catalog, and names it', () => {
    const { lines, missing } = resumeLines([line('l1', 'a', 300), line('l2', 'gone', 500, { name: 'Old mug' })], (id) => (id === 'a' ? product('a', 300) : undefined), taxes);
    expect(lines.map((l) => l.lineId)).toEqual(['l1']);
    expect(missing).toEqual(['Old mug']);
  });

  it('keeps every line whose product exists, in order, with a discount never above what the line now costs', () => {
    const arbLine = fc.record({ id: fc.uuid(), product: fc.constantFrom('a', 'b', 'gone'), price: fc.integer({ min: 0, max: 10_000 }), qty: fc.integer({ min: 1, max: 20 }), discount: fc.integer({ min: 0, max: 50_000 }) });
    fc.assert(fc.property(fc.array(arbLine, { maxLength: 12 }), fc.integer({ min: 0, max: 10_000 }), (specs, newPrice) => {
      const parked = specs.map((s) => line(s.id, s.product, s.price, { qty: s.qty, discount: Math.min(s.discount, s.price * s.qty) }));
      const { lines, missing } = resumeLines(parked, (id) => (id === 'gone' ? undefined : product(id, newPrice)), taxes);
      expect(lines.map((l) => l.lineId)).toEqual(parked.filter((l) => l.productId !== 'gone').map((l) => l.lineId));
      expect(missing.length).toBe(parked.length - lines.length);
      for (const l of lines) {
        expect(l.discount).toBeGreaterThanOrEqual(0);
        expect(l.discount).toBeLessThanOrEqual(gross(l));
        expect(l.unitPrice).toBe(newPrice);
      }
    }));
  });
});
