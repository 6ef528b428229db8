import { describe, expect, it } from 'vitest';
import type { CartLine } from './cart-math.ts';
import type { OpenSaleRecord } from './open-sale-keeper.ts';
import { parkedBeforeClose, parkedNote, parkedOrder, parkedSaleOf, parkedTitle, parkedWhen, PARKED_SALE_VERSION, readParkedSale, type ParkedSale } from './parked-sale.ts';

const bread: CartLine = {
  lineId: 'l1', productId: 'p1', sku: 'SKU-1', name: 'Bread', qty: 2, unitPrice: 250, listPrice: 250, priceIncludesTax: true,
  taxes: [{ taxId: 'vat', rate: 5.5 }], discount: 0, catalogPrice: 250, category: 'bakery', cost: 100,
};
const cheese: CartLine = { ...bread, lineId: 'l2', productId: 'p2', sku: 'SKU-2', name: 'Comté', qty: 0.412, unitPrice: 2490, listPrice: 2490, fixed: true, unit: 'kg' };
const customer = { id: 'c1', name: 'José Álvarez', business: false, updatedAt: '2026-12-01T00:00:00.000Z' };

const open = (over: Partial<OpenSaleRecord> = {}): OpenSaleRecord => ({
  saleId: 's1', savedAt: '2026-12-07T09:00:00.000Z', lines: [bread, cheese], orderDiscount: 50, orderDiscountApprovedBy: 'sam',
  customer, payments: [], voided: [], couponCodes: ['SPRING-10'], ...over,
});

const parked = (over: Partial<ParkedSale> = {}): ParkedSale => ({
  ...parkedSaleOf(open(), { note: 'blue coat', parkedBy: { id: 'u-alice', name: 'Alice Martin' }, currency: 'EUR', now: new Date('2026-12-07T13:05:00.000Z') }),
  ...over,
});

describe('the parked sale record', () => {
  it('keeps everything the sale in progress holds, with the list summary: items in units, total with the order discount and gift cards', () => {
    const record = parkedSaleOf(open({ giftCardLoads: [{ loadId: 'g1', number: '123456789', amount: 2000 }], voided: [{ paymentId: 'v1', method: 'card', amount: 500, voidedAt: '2026-12-07T08:59:00.000Z', voidedBy: 'u-alice' }] }), {
      note: '  blue   coat ', parkedBy: { id: 'u-alice', name: 'Alice Martin' }, currency: 'EUR', now: new Date('2026-12-07T13:05:00.000Z'),
    });
    expect(record).toMatchObject({
      v: PARKED_SALE_VERSION, saleId: 's1', note: 'blue coat', parkedAt: '2026-12-07T13:05:00.000Z', parkedBy: { id: 'u-alice', name: 'Alice Martin' },
      currency: 'EUR', orderDiscount: 50, orderDiscountApprovedBy: 'sam', customer, couponCodes: ['SPRING-10'],
    });
    // 2 breads + 1 weighed cheese (one item) + 1 gift card.
    expect(record.items).toBe(4);
    // 2 × 2.50 + round(0.412 × 24.90) = 5.00 + 10.26, less 0.50, plus the 20.00 card.
    expect(record.total).toBe(500 + 1026 - 50 + 2000);
    expect(record.voided.map((v) => v.paymentId)).toEqual(['v1']);
    expect(record.lines).toEqual([bread, cheese]);
  });

  it('reads back what it stored (after a structured clone, as IndexedDB does)', () => {
    const record = parked();
    expect(readParkedSale(structuredClone(record))).toEqual(record);
  });

  it('reads a record without the optional lists (an older writer) with empty ones', () => {
    const { couponCodes: _c, giftCardLoads: _g, voided: _v, note: _n, ...older } = parked();
    const read = readParkedSale(structuredClone(older));
    expect(read).not.toBeNull();
    expect(read).toMatchObject({ note: '', couponCodes: [], giftCardLoads: [], voided: [] });
    expect(read?.lines.map((l) => l.name)).toEqual(['Bread', 'Comté']);
  });

  it('does not read a record of a later version, or a damaged one', () => {
    expect(readParkedSale({ ...parked(), v: PARKED_SALE_VERSION + 1 })).toBeNull();
    expect(readParkedSale({ ...parked(), lines: [{ ...bread, qty: 'two' }] })).toBeNull();
    expect(readParkedSale({ ...parked(), parkedBy: 'u-alice' })).toBeNull();
    expect(readParkedSale({ ...parked(), total: 12.5 })).toBeNull();
    expect(readParkedSale(null)).toBeNull();
    expect(readParkedSale('blue coat')).toBeNull();
  });

  it('keeps a note to one short line', () => {
    expect(parkedNote('  blue\n coat\t ')).toBe('blue coat');
    expect(parkedNote('x'.repeat(100))).toHaveLength(60);
    expect(parkedNote('   ')).toBe('');
  });
});

describe('the parked list', () => {
  it('lists the sale waiting longest first', () => {
    const a = parked({ saleId: 'a', parkedAt: '2026-12-07T13:05:00.000Z' });
    const b = parked({ saleId: 'b', parkedAt: '2026-12-07T09:00:00.000Z' });
    const c = parked({ saleId: 'c', parkedAt: '2026-12-07T13:05:00.000Z' });
    expect(parkedOrder([c, a, b]).map((s) => s.saleId)).toEqual(['b', 'a', 'c']);
  });

  it("names a sale by its note, else its customer's name, else the store time it was parked", () => {
    const zone = 'America/New_York';
    expect(parkedTitle(parked(), zone)).toBe('blue coat');
    expect(parkedTitle(parked({ note: '' }), zone)).toBe('José Álvarez');
    // 13:05 UTC is 08:05 in New York in December.
    expect(parkedTitle(parked({ note: '', customer: null }), zone)).toBe('Sale parked at 08:05');
  });

  it('says when in store time: the time today, the date on another day', () => {
    const now = new Date('2026-12-07T20:00:00.000Z');
    expect(parkedWhen('2026-12-07T13:05:00.000Z', 'Europe/Paris', now)).toBe('today 14:05');
    expect(parkedWhen('2026-12-06T13:05:00.000Z', 'Europe/Paris', now)).toBe('2026-12-06 14:05');
    // 02:30 UTC on the 7th is still the 6th in New York.
    expect(parkedWhen('2026-12-07T02:30:00.000Z', 'America/New_York', now)).toBe('2026-12-06 21:30');
  });

  it('tells the cashier closing the session how many are parked and what to do', () => {
    expect(parkedBeforeClose(1)).toMatch(/^1 parked sale on this till: resume or discard it before closing the session\./);
    expect(parkedBeforeClose(2)).toMatch(/^2 parked sales on this till: resume or discard them before closing the session\./);
  });
});
