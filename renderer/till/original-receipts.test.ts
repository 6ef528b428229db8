// A reprinted return of another till's sale names its original by receipt number: the number the
// till kept when it took the return (durably, so offline too), then the server's, then nothing
// (the receipt prints the id).
import { indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { newEventId } from '../../shared/ids.ts';
import type { Sale } from '../../shared/schemas/index.ts';
import { foreignOriginalReceiptNo, originalReceipts } from './original-receipts.ts';

function returnOf(originalId: string | undefined, kind: Sale['kind'] = 'return'): Sale {
  return {
    id: newEventId(), kind, tillId: 'till-b', siteId: 'store-1', sessionId: 's-b', cashierId: 'alice', currency: 'EUR', seq: 2, receiptNo: 'B-000002',
    createdAt: '2026-12-07T13:10:00.000Z', total: -600, ...(originalId ? { returnOfSaleId: originalId } : {}),
    lines: [{ lineId: 'r1', productId: 'p1', name: 'Beans', qty: -2, unitPrice: 300, discount: 0, total: -600, taxes: [], ...(originalId ? { returnOf: { saleId: originalId, lineId: 'l1' } } : {}) }],
    payments: [{ paymentId: newEventId(), method: 'cash', amount: -600 }], prevHash: '0'.repeat(64), hash: 'b'.repeat(64),
  };
}

/** A server that answers `receiptNo` (undefined: it does not know), recording what it was asked. */
function server(receiptNo: string | undefined): { asked: string[]; answer: (saleId: string) => Promise<string | undefined> } {
  const asked: string[] = [];
  const answer = async (saleId: string): Promise<string | undefined> => {
    asked.push(saleId);
    return receiptNo;
  };
  return { asked, answer };
}

describe('the original receipt number of a reprinted return of another till\'s sale', () => {
  it('is the one kept when the return was taken, read back by a later start of the till, without asking the server', async () => {
    const device = `till-${newEventId()}`;
    const original = newEventId();
    await originalReceipts(device, indexedDB).remember(original, 'A6C648-000001');
    const online = server('A6C648-000001-server');
    // A new handle on the same device's store: what a restarted till opens.
    expect(await foreignOriginalReceiptNo(returnOf(original), { receipts: originalReceipts(device, indexedDB), server: online.answer })).toBe('A6C648-000001');
    expect(online.asked).toEqual([]);
    // Another device's store knows nothing of it.
    expect(await originalReceipts(`till-${newEventId()}`, indexedDB).recall(original)).toBeUndefined();
  });

  it('is asked of the server when not kept, and kept for the next reprint made offline', async () => {
    const receipts = originalReceipts(`till-${newEventId()}`, indexedDB);
    const original = newEventId();
    const online = server('A6C648-000007');
    expect(await foreignOriginalReceiptNo(returnOf(original), { receipts, server: online.answer })).toBe('A6C648-000007');
    expect(online.asked).toEqual([original]);
    expect(await foreignOriginalReceiptNo(returnOf(original), { receipts })).toBe('A6C648-000007');
  });

  it('is unknown offline when not kept, and when the server does not know it either (the receipt prints the id)', async () => {
    const receipts = originalReceipts(`till-${newEventId()}`, indexedDB);
    const original = newEventId();
    expect(await foreignOriginalReceiptNo(returnOf(original), { receipts })).toBeUndefined();
    const unknowing = server(undefined);
    expect(await foreignOriginalReceiptNo(returnOf(original), { receipts, server: unknowing.answer })).toBeUndefined();
    expect(unknowing.asked).toEqual([original]);
    expect(await receipts.recall(original)).toBeUndefined();
  });

  it('is not looked for on a sale, nor on a return that names no original', async () => {
    const receipts = originalReceipts(`till-${newEventId()}`, indexedDB);
    const online = server('A6C648-000001');
    expect(await foreignOriginalReceiptNo(returnOf(newEventId(), 'sale'), { receipts, server: online.answer })).toBeUndefined();
    expect(await foreignOriginalReceiptNo(returnOf(undefined), { receipts, server: online.answer })).toBeUndefined();
    expect(online.asked).toEqual([]);
  });
});
