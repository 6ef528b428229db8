// The source of a journal entry read as a document: names instead of ids, money in the site's
// currency and minor units, times in store time — for any payload, never a raw id that has a name.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeEvent, referencedIds } from './event-document.ts';

describe('event document', () => {
  it('reads a sale as a receipt in the site currency and store time', () => {
    const doc = describeEvent('sales', {
      id: 's1', kind: 'sale', receiptNo: 'T1-000042', tillId: 'dev-1', cashierId: 'u-1', createdAt: '2026-11-22T23:30:00.000Z', total: 1500,
      lines: [{ productId: 'p-1', qty: 2, unitPrice: 750, discount: 0, total: 1500, taxes: [{ taxId: 't', rate: 0.1, amount: 136 }] }],
      payments: [{ method: 'cash', amount: 1500 }],
    }, { currency: 'JPY', timeZone: 'Asia/Tokyo', names: { 'dev-1': 'Till 1', 'u-1': 'Alice', 'p-1': 'SKU-1 Green tea' } });
    expect(doc.title).toBe('Sale, receipt T1-000042');
    expect(doc.fields).toEqual(expect.arrayContaining([
      { label: 'Till', value: 'Till 1' }, { label: 'Cashier', value: 'Alice' }, { label: 'When', value: '2026-11-23 08:30' }, { label: 'Total', value: '¥1,500' },
    ]));
    expect(doc.tables[0]?.rows).toEqual([['SKU-1 Green tea', '2', '¥750', '¥0', '¥136', '¥1,500']]);
  });

  it('shows the cash rounding of a sale and what was paid', () => {
    const doc = describeEvent('sales', {
      id: 's2', kind: 'sale', receiptNo: 'T1-000043', tillId: 'dev-1', cashierId: 'u-1', createdAt: '2026-11-22T10:00:00.000Z', total: 1003, rounding: 2,
      lines: [{ productId: 'p-1', qty: 1, unitPrice: 1003, discount: 0, total: 1003, taxes: [] }],
      payments: [{ method: 'cash', amount: 1005 }],
    }, { currency: 'EUR', timeZone: 'UTC', names: {} });
    expect(doc.fields).toEqual(expect.arrayContaining([{ label: 'Total', value: '€10.03' }, { label: 'Cash rounding', value: '€0.02' }, { label: 'Paid', value: '€10.05' }]));
    expect(JSON.stringify(describeEvent('sales', { kind: 'sale', total: 1003, lines: [], payments: [] }, { currency: 'EUR', timeZone: 'UTC', names: {} }))).not.toContain('rounding');
  });

  it('names every id it has a name for, whatever the collection and payload', () => {
    const id = fc.stringMatching(/^id-[a-z0-9]{4}$/);
    fc.assert(
      fc.property(fc.constantFrom('sales', 'sessions', 'picking_events', 'counts', 'other'), id, id, id, (collection, a, b, c) => {
        const payload = { kind: 'validate', pickingId: a, deviceId: b, tillId: b, cashierId: c, userId: c, lines: [{ productId: a, qty: 1, fromLocationId: c }] };
        const names = { [a]: 'Name A', [b]: 'Name B', [c]: 'Name C' };
        expect(referencedIds(payload).sort()).toEqual([...new Set([a, b, c])].sort());
        const text = JSON.stringify(describeEvent(collection, payload, { currency: 'EUR', timeZone: 'UTC', names }));
        for (const raw of [a, b, c]) expect(text).not.toContain(raw);
      }),
    );
  });
});
