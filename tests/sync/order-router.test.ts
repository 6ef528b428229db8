// The primary's bookkeeping of the order hand-over (sync-server/cli/order-router.ts): one intake,
// orders passed to it and answers passed back under the sender's own id, and nothing left waiting
// when a worker stops — its senders are told to submit their orders themselves.
import { describe, expect, it } from 'vitest';
import { OrderRouter } from '../../sync-server/cli/order-router.ts';
import type { HandedOrder, HandedResult } from '../../sync-server/warehouse/order-handover.ts';

function router(down = new Set<number>()): { r: OrderRouter; sent: [number, unknown][] } {
  const sent: [number, unknown][] = [];
  const r = new OrderRouter((to, message) => {
    if (down.has(to)) return false;
    sent.push([to, message]);
    return true;
  });
  return { r, sent };
}

const order = (id: number): HandedOrder => ({
  t: 'aisle-order',
  id,
  order: { principal: { id: 'key:k' }, idemKey: `k-${id}`, req: { channel: 'web', externalRef: `R-${id}`, lines: [] } as unknown as HandedOrder['order']['req'], hash: 'h', now: '2026-12-04T18:00:00.000Z' },
});
const answer = (id: number): HandedResult => ({ t: 'aisle-order-result', id, result: { status: 201, body: { orderId: `o-${id}` } as unknown as NonNullable<HandedResult['result']>['body'], replayed: false } });

describe('order router (primary)', () => {
  it('names the first listening worker the intake, and only it', () => {
    const { r, sent } = router();
    r.listening(1);
    r.listening(2);
    expect(r.intake).toBe(1);
    expect(sent).toEqual([[1, { t: 'aisle-intake' }]]);
  });

  it('passes an order to the intake and its answer back under the sender\'s id', () => {
    const { r, sent } = router();
    r.listening(1);
    r.listening(2);
    r.listening(3);
    r.fromWorker(2, order(7));
    r.fromWorker(3, order(7));
    const passed = sent.slice(1) as [number, HandedOrder][];
    expect(passed.map(([to]) => to)).toEqual([1, 1]);
    const [first, second] = passed.map(([, m]) => m.id);
    expect(first).not.toBe(second);
    r.fromWorker(1, answer(second ?? 0));
    r.fromWorker(1, answer(first ?? 0));
    expect(sent.slice(3)).toEqual([[3, { ...answer(second ?? 0), id: 7 }], [2, { ...answer(first ?? 0), id: 7 }]]);
    // An answer passed back once is not passed again.
    r.fromWorker(1, answer(first ?? 0));
    expect(sent).toHaveLength(5);
  });

  it('tells a sender to submit itself when there is no intake, or it is the intake', () => {
    const { r, sent } = router();
    r.fromWorker(2, order(1));
    r.listening(2);
    r.fromWorker(2, order(2));
    expect(sent).toEqual([
      [2, { t: 'aisle-order-result', id: 1, unavailable: true }],
      [2, { t: 'aisle-intake' }],
      [2, { t: 'aisle-order-result', id: 2, unavailable: true }],
    ]);
  });

  it('when the intake stops: its senders submit themselves, and the next listening worker is the intake', () => {
    const down = new Set<number>();
    const { r, sent } = router(down);
    r.listening(1);
    r.listening(2);
    r.listening(3);
    r.fromWorker(2, order(4));
    r.fromWorker(3, order(5));
    sent.length = 0;
    down.add(1);
    r.gone(1);
    expect(sent).toEqual([
      [2, { t: 'aisle-order-result', id: 4, unavailable: true }],
      [3, { t: 'aisle-order-result', id: 5, unavailable: true }],
      [2, { t: 'aisle-intake' }],
    ]);
    expect(r.intake).toBe(2);
    // A late answer of the stopped intake goes nowhere.
    r.fromWorker(1, answer(1));
    expect(sent).toHaveLength(3);
  });

  it('an intake that cannot be reached: the sender submits itself at once', () => {
    const down = new Set<number>();
    const { r, sent } = router(down);
    r.listening(1);
    r.listening(2);
    down.add(1);
    r.fromWorker(2, order(9));
    expect(sent.at(-1)).toEqual([2, { t: 'aisle-order-result', id: 9, unavailable: true }]);
  });

  it('forgets what a stopped sender was waiting for', () => {
    const { r, sent } = router();
    r.listening(1);
    r.listening(2);
    r.fromWorker(2, order(3));
    const [, passed] = sent.at(-1) as [number, HandedOrder];
    r.gone(2);
    r.fromWorker(1, answer(passed.id));
    expect(sent.filter(([to]) => to === 2)).toHaveLength(0);
  });
});
