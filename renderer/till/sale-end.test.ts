// The sale in progress ends in one step when it is committed (pay-store.ts commitAndPrint): the
// open-sale keeper (open-sale-keeper.ts) writes whatever the stores hold after any change, so no
// change may show the next sale's id beside the paid sale's lines — a window killed right after
// "Paid" would bring that back as a sale in progress (seen in tests/e2e/till-crash.test.ts).
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEventId } from '../../shared/ids.ts';
import { emptySnapshot } from '../config/config-snapshot.ts';
import { openTillDatabase, type TillDatabase } from '../db/database.ts';
import { createScreenDeviceBridge } from '../device-bridge/screen-device-bridge.ts';
import { useCartStore } from './cart-store.ts';
import { currentOpenSale } from './open-sale-keeper.ts';
import { commitAndPrint, usePayStore } from './pay-store.ts';
import { setTillRuntime } from './till-runtime.ts';

describe('the end of a sale', () => {
  let db: TillDatabase;
  beforeAll(async () => {
    db = await openTillDatabase(`sale-end-test-${Date.now()}`, { indexedDB, keyRange: IDBKeyRange });
    setTillRuntime({
      db,
      credentials: { serverUrl: 'http://127.0.0.1:1', deviceId: 'till-sale-end', token: 't', role: 'till', siteId: 'store-1', pairedAt: '2026-12-04T00:00:00.000Z' },
      bridge: createScreenDeviceBridge(),
    });
  });
  afterAll(async () => {
    setTillRuntime(null);
    await db.remove();
  });

  it('clears the cart and the payments together: no store change shows a new sale id with the paid lines', async () => {
    const lineId = newEventId();
    useCartStore.setState({
      lines: [{ lineId, productId: 'p1', sku: 'SKU-1', name: 'Bread', qty: 1, unitPrice: 250, listPrice: 250, priceIncludesTax: true, taxes: [], discount: 0 }],
    });
    const paymentId = newEventId();
    usePayStore.setState({ payments: [{ paymentId, method: 'cash', amount: 250 }], voided: [] });
    const saleId = usePayStore.getState().saleId;
    // What the keeper would write at every change of either store.
    const seen: ({ saleId: string; lines: number } | null)[] = [];
    const look = (): void => {
      const open = currentOpenSale();
      seen.push(open && { saleId: open.saleId, lines: open.lines.length });
    };
    const stopCart = useCartStore.subscribe(look);
    const stopPay = usePayStore.subscribe(look);
    try {
      const paid = await commitAndPrint({
        id: saleId, kind: 'sale', tillId: 'till-sale-end', siteId: 'store-1', sessionId: 's-1', cashierId: 'alice',
        createdAt: new Date().toISOString(), currency: 'EUR', total: 250,
        lines: [{ lineId, productId: 'p1', name: 'Bread', qty: 1, unitPrice: 250, discount: 0, total: 250, taxes: [] }],
        payments: [{ paymentId, method: 'cash', amount: 250 }],
      }, emptySnapshot(), 'Alice');
      expect(paid.sale.id).toBe(saleId);
    } finally {
      stopCart();
      stopPay();
    }
    expect(seen.filter((s) => s !== null && s.saleId !== saleId && s.lines > 0)).toEqual([]);
    // The sale ended: nothing left to keep, and the next sale has a new id.
    expect(currentOpenSale()).toBeNull();
    expect(usePayStore.getState().saleId).not.toBe(saleId);
    expect(await db.sales.findOne(saleId).exec()).not.toBeNull();
  });
});
