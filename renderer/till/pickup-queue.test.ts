import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Picking, PickupInfo, Sale } from '../../shared/schemas/index.ts';
import { arrivalNotes, chooseHandover, orderByCode, PickupError, pickupQueue, searchPickups } from './pickup-queue.ts';

const info = (over: Partial<PickupInfo> = {}): PickupInfo => ({
  orderRef: 'SHOP-1001', channel: 'web', customerName: 'Ada Lovelace', collectBy: '2026-12-09T10:00:00.000Z', currency: 'EUR',
  lines: [
    { orderLineId: 'ol1', productId: 'p1', qty: 3, handedOver: 0, cancelled: 0, unitPrice: 1200 },
    { orderLineId: 'ol2', productId: 'p2', qty: 1, handedOver: 0, cancelled: 0, unitPrice: 450 },
  ],
  handedOverBy: [],
  ...over,
});

const picking = (id: string, state: Picking['state'], lines: [string, string, number][], pickup: PickupInfo = info(), orderId = 'order-1', updatedAt = '2026-12-02T10:00:00.000Z'): Picking => ({
  id, kind: 'delivery', step: 'ship', siteId: 'store', reference: `STORE1/OUT/${id}`, state, orderId, pickup, createdAt: '2026-12-02T09:00:00.000Z', updatedAt,
  lines: lines.map(([orderLineId, productId, qty], i) => ({ lineId: `${id}-${i}`, productId, qty, fromLocationId: 'stock', toLocationId: 'customer', orderLineId })),
});

const handover = (id: string, lines: [string, number][], orderId = 'order-1'): Sale => ({
  id, kind: 'sale', tillId: 't', siteId: 'store', sessionId: 's', cashierId: 'c', seq: 1, receiptNo: 'T1-000001', createdAt: '2026-12-02T11:00:00.000Z',
  currency: 'EUR', pickup: { orderId, orderRef: 'SHOP-1001', lines: lines.map(([orderLineId, qty]) => ({ orderLineId, productId: 'p', qty })) },
  lines: [], payments: [], total: 0, prevHash: '0'.repeat(64), hash: '0'.repeat(64),
});

describe('pickup queue', () => {
  it('shows an order with what its ready pickings hold per line', () => {
    const [order] = pickupQueue([picking('a', 'ready', [['ol1', 'p1', 2], ['ol1', 'p1', 1], ['ol2', 'p2', 1]])], []);
    expect(order).toMatchObject({ orderRef: 'SHOP-1001', customerName: 'Ada Lovelace', payAtPickup: false, references: ['STORE1/OUT/a'] });
    expect(order?.lines.map((l) => [l.orderLineId, l.qty, l.handedOver, l.ready])).toEqual([['ol1', 3, 0, 3], ['ol2', 1, 0, 1]]);
  });

  it('lays this till’s hand-overs the server has not counted yet over its quantities, and drops them once it has', () => {
    const before = [picking('a', 'ready', [['ol1', 'p1', 3], ['ol2', 'p2', 1]])];
    const mine = handover('sale-1', [['ol1', 2]]);
    expect(pickupQueue(before, [mine])[0]?.lines.map((l) => [l.handedOver, l.ready])).toEqual([[2, 1], [0, 1]]);
    // The server applied it: the picking is done, a backorder holds the rest, and the documents say so.
    const applied = info({ handedOverBy: ['sale-1'], lines: [{ orderLineId: 'ol1', productId: 'p1', qty: 3, handedOver: 2, cancelled: 0, unitPrice: 1200 }, { orderLineId: 'ol2', productId: 'p2', qty: 1, handedOver: 0, cancelled: 0, unitPrice: 450 }] });
    const after = [picking('a', 'done', [['ol1', 'p1', 3], ['ol2', 'p2', 1]], applied, 'order-1', '2026-12-02T12:00:00.000Z'), picking('b', 'ready', [['ol1', 'p1', 1], ['ol2', 'p2', 1]], applied, 'order-1', '2026-12-02T12:00:00.000Z')];
    expect(pickupQueue(after, [mine])[0]?.lines.map((l) => [l.handedOver, l.ready])).toEqual([[2, 1], [0, 1]]);
  });

  it('leaves out orders with nothing left to hand over, cancelled ones and pickings that are not pickups', () => {
    const done = picking('a', 'ready', [['ol1', 'p1', 1]], info(), 'order-1');
    const cancelled = picking('c', 'cancelled', [['ol1', 'p1', 1]], info({ orderRef: 'SHOP-2' }), 'order-2');
    const { pickup: _, ...warehouse } = picking('w', 'ready', [['ol9', 'p9', 1]], info(), 'order-3');
    expect(pickupQueue([done, cancelled, warehouse], [handover('s', [['ol1', 1]])])).toEqual([]);
  });

  it('finds an order by its reference (typed in any case, or at the end of a QR code’s address), a picking label or the customer', () => {
    const queue = pickupQueue([
      picking('a', 'ready', [['ol1', 'p1', 1]]),
      picking('b', 'ready', [['ol1', 'p1', 1]], info({ orderRef: 'SHOP-1002', customerName: 'Grace Hopper' }), 'order-2'),
    ], []);
    expect(orderByCode(queue, ' shop-1002 ')?.orderId).toBe('order-2');
    expect(orderByCode(queue, 'https://shop.example/orders/SHOP-1001')?.orderId).toBe('order-1');
    expect(orderByCode(queue, 'STORE1/OUT/b')?.orderId).toBe('order-2');
    expect(orderByCode(queue, '4006381333931')).toBeUndefined();
    expect(searchPickups(queue, 'hopper').map((o) => o.orderRef)).toEqual(['SHOP-1002']);
    expect(searchPickups(queue, 'grace hop').map((o) => o.orderRef)).toEqual(['SHOP-1002']);
    expect(searchPickups(queue, '100').map((o) => o.orderRef)).toEqual(['SHOP-1001', 'SHOP-1002']);
    expect(searchPickups(queue, '')).toHaveLength(2);
  });

  it('lists an order whose goods are on their way, says from where in plain words, and offers none of them', () => {
    const transfers: PickupInfo['transfers'] = [
      { reference: 'WH2/OUT/000031', from: 'Central warehouse', state: 'in_transit', sentAt: '2026-12-03T09:12:00.000Z', lines: [{ productId: 'p1', qty: 2 }] },
      { reference: 'STORE1/OUT/000032', from: 'Demo Store', state: 'to_ship', lines: [{ productId: 'p2', qty: 1 }] },
    ];
    const away = picking('w', 'waiting', [['ol1', 'p1', 3], ['ol2', 'p2', 1]], info({ orderRef: 'SHOP-2001', transfers }), 'order-2');
    const ready = picking('r', 'ready', [['ol1', 'p1', 1]], info(), 'order-1', '2026-12-02T08:00:00.000Z');
    const queue = pickupQueue([{ ...away, createdAt: '2026-12-01T09:00:00.000Z' }, ready], []);
    // What can be handed over comes first, however old the order on its way is.
    expect(queue.map((o) => o.orderRef)).toEqual(['SHOP-1001', 'SHOP-2001']);
    const order = queue[1];
    if (!order) throw new Error('no order');
    expect(order.lines.map((l) => [l.orderLineId, l.ready, l.notHere])).toEqual([['ol1', 0, 3], ['ol2', 0, 1]]);
    expect(orderByCode(queue, 'shop-2001')?.orderId).toBe('order-2');
    const name = (id: string): string => (id === 'p1' ? 'Green tea 100 g' : 'Mug');
    expect(arrivalNotes(order, name, (iso) => iso.slice(0, 10)).map((n) => n.text)).toEqual([
      'On its way — 2 × Green tea 100 g from Central warehouse, sent 2026-12-03',
      'Waiting for Demo Store to send 1 × Mug',
      'Not in stock yet — 1 × Green tea 100 g: no site has it to send',
    ]);
    expect(() => chooseHandover(order, new Map([['ol1', 1]]), name, () => true)).toThrow('Only 0 of Green tea 100 g can be handed over');
  });

  it('hands over parts, never more than ready and whole pieces only', () => {
    const [order] = pickupQueue([picking('a', 'ready', [['ol1', 'p1', 3], ['ol2', 'p2', 1]])], []);
    if (!order) throw new Error('no order');
    const name = (id: string): string => (id === 'p1' ? 'Espresso beans' : 'Mug');
    const byPiece = (): boolean => true;
    expect(chooseHandover(order, new Map([['ol1', 2]]), name, byPiece).map((c) => [c.line.orderLineId, c.qty])).toEqual([['ol1', 2]]);
    expect(() => chooseHandover(order, new Map([['ol1', 4]]), name, byPiece)).toThrow('Only 3 of Espresso beans can be handed over');
    expect(() => chooseHandover(order, new Map([['ol2', 0.5]]), name, byPiece)).toThrow(PickupError);
    expect(() => chooseHandover(order, new Map(), name, byPiece)).toThrow('Enter how many of at least one item the customer takes');
  });

  it('never offers more than the server holds less this till’s uncounted hand-overs, whatever they were', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 20 }),
      fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 6 }),
      fc.nat({ max: 6 }),
      (held, takes, appliedCount) => {
        const sales = takes.map((q, i) => handover(`s${i}`, [['ol1', q]]));
        const applied = sales.slice(0, appliedCount).map((s) => s.id);
        const appliedQty = sales.slice(0, appliedCount).reduce((a, s) => a + (s.pickup?.lines[0]?.qty ?? 0), 0);
        const pendingQty = sales.slice(appliedCount).reduce((a, s) => a + (s.pickup?.lines[0]?.qty ?? 0), 0);
        const serverHolds = Math.max(0, held - appliedQty);
        const doc = info({ handedOverBy: applied, lines: [{ orderLineId: 'ol1', productId: 'p1', qty: held, handedOver: Math.min(held, appliedQty), cancelled: 0, unitPrice: 100 }] });
        const queue = pickupQueue(serverHolds > 0 ? [picking('a', 'ready', [['ol1', 'p1', serverHolds]], doc)] : [], sales);
        const ready = queue[0]?.lines[0]?.ready ?? 0;
        expect(ready).toBe(Math.max(0, serverHolds - pendingQty));
        if (queue[0]) expect(() => chooseHandover(queue[0] as NonNullable<typeof queue[0]>, new Map([['ol1', ready + 1]]), () => 'x', () => true)).toThrow(PickupError);
      },
    ));
  });
});
