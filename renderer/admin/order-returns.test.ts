import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReturnRequestView } from '../../shared/channel-api/return-requests.ts';
import { expectedByLine, lineLimitText, receivableReceipt, requestedByText, returnableLines, returnRequestBody, type ReturnDraft } from './order-returns.ts';

const tea = { id: 'p-tea', name: 'Sencha green tea', sku: 'SKU-1', unit: 'unit' };
const rice = { id: 'p-rice', name: 'Basmati rice', sku: 'SKU-2', unit: 'kg' };
const line = (orderLineId: string, delivered: number, returned = 0, product = tea) => ({ orderLineId, product, delivered, returned });
type ReturnLike = Pick<ReturnRequestView, 'state' | 'lines'>;
const ret = (state: ReturnRequestView['state'], lines: [orderLineId: string, qty: number, received: number][]): ReturnLike => ({
  state,
  lines: lines.map(([orderLineId, qty, received]) => ({ orderLineId, productId: 'p', name: 'n', sku: 's', qty, received, restock: true })),
});
const draft = (lines: Record<string, [qty: string, damaged?: boolean]>, more: Partial<ReturnDraft> = {}): ReturnDraft => ({
  lines: Object.fromEntries(Object.entries(lines).map(([id, [qty, damaged]]) => [id, { qty, damaged: damaged ?? false }])),
  warehouse: '', reason: '', ...more,
});

describe('what an order may still expect back by post', () => {
  it('counts only what open returns have not received yet', () => {
    const returns = [ret('expected', [['l1', 2, 0]]), ret('partly_received', [['l1', 3, 1], ['l2', 1, 0]]), ret('received', [['l1', 4, 4]]), ret('cancelled', [['l2', 5, 0]])];
    expect([...expectedByLine(returns)]).toEqual([['l1', 4], ['l2', 1]]);
  });

  it('offers each delivered line up to delivered − returned − expected (0 when nothing is left), not a line never delivered', () => {
    const lines = [line('l1', 5, 1), line('l2', 1), line('l3', 0), line('l4', 2, 2)];
    const got = returnableLines(lines, [ret('expected', [['l1', 2, 0], ['l2', 1, 0]])]);
    expect(got.map((l) => [l.orderLineId, l.expected, l.max])).toEqual([['l1', 2, 2], ['l2', 1, 0], ['l4', 0, 0]]);
    expect(got.map(lineLimitText)).toEqual([
      '5 delivered · 1 returned · 2 already expected back: up to 2',
      '1 delivered · 1 already expected back: nothing more to announce',
      '2 delivered · 2 returned: nothing more to announce',
    ]);
  });
});

describe('the "Expect a return" form', () => {
  const lines = returnableLines([line('l1', 3), line('l2', 2.5, 0, rice)], []);

  it('sends the lines typed above 0 with their restock tick, the warehouse chosen and the reason', () => {
    expect(returnRequestBody(lines, draft({ l1: ['1', true], l2: ['0'] }, { warehouse: 'WH2', reason: '  Too small  ' }))).toEqual({
      ok: true, value: { lines: [{ orderLineId: 'l1', qty: 1, restock: false }], warehouse: 'WH2', reason: 'Too small' },
    });
    // No warehouse chosen, no reason: the server chooses, nothing is sent for them. A decimal comma is read.
    expect(returnRequestBody(lines, draft({ l2: ['1,5'] }))).toEqual({ ok: true, value: { lines: [{ orderLineId: 'l2', qty: 1.5, restock: true }] } });
  });

  it('says in sentences what to fix: too many, not a number, part of a unit, nothing typed', () => {
    expect(returnRequestBody(lines, draft({ l1: ['4'], l2: ['x'] }))).toEqual({ ok: false, error: [
      'Sencha green tea: at most 3 can be announced (3 delivered).',
      'Basmati rice: type a quantity from 0 to 2.5 kg.',
    ] });
    expect(returnRequestBody(lines, draft({ l1: ['1.5'] }))).toEqual({ ok: false, error: ['Sencha green tea: type whole units.'] });
    expect(returnRequestBody(lines, draft({ l1: ['-1'] }))).toEqual({ ok: false, error: ['Sencha green tea: type a quantity from 0 to 3.'] });
    expect(returnRequestBody(lines, draft({}))).toEqual({ ok: false, error: ['Type how many the customer sends back on at least one line.'] });
    // A line the channel announced in full meanwhile.
    const taken = returnableLines([line('l1', 3, 1)], [ret('expected', [['l1', 2, 0]])]);
    expect(returnRequestBody(taken, draft({ l1: ['2'] }))).toEqual({ ok: false, error: ['Sencha green tea: nothing more can be announced (3 delivered · 1 returned · 2 already expected back).'] });
  });

  it('never asks for more than a line may still announce, nor for 0, whatever is delivered, returned, expected and typed', () => {
    const lineArb = fc.record({ delivered: fc.integer({ min: 0, max: 20 }), returned: fc.integer({ min: 0, max: 20 }), open: fc.integer({ min: 0, max: 20 }), received: fc.integer({ min: 0, max: 20 }), typed: fc.oneof(fc.integer({ min: -3, max: 25 }).map(String), fc.string({ maxLength: 4 })) });
    fc.assert(fc.property(fc.array(lineArb, { minLength: 1, maxLength: 6 }), (specs) => {
      const order = specs.map((s, i) => line(`l${i}`, s.delivered, Math.min(s.returned, s.delivered)));
      const returns = [ret('partly_received', specs.map((s, i): [string, number, number] => [`l${i}`, s.open, Math.min(s.received, s.open)]))];
      const offered = returnableLines(order, returns);
      const res = returnRequestBody(offered, draft(Object.fromEntries(specs.map((s, i) => [`l${i}`, [s.typed]]))));
      if (!res.ok) return;
      for (const sent of res.value.lines) {
        const o = offered.find((l) => l.orderLineId === sent.orderLineId);
        const d = order.find((l) => l.orderLineId === sent.orderLineId);
        const expected = expectedByLine(returns).get(sent.orderLineId) ?? 0;
        expect(sent.qty).toBeGreaterThan(0);
        expect(o && d && sent.qty <= d.delivered - d.returned - expected).toBe(true);
      }
    }));
  });
});

describe('a return in words', () => {
  it('names who announced it, never by an id', () => {
    expect(requestedByText('key:0193-abc', 'Web shop')).toBe('announced by Web shop');
    expect(requestedByText('user:0193-def', 'Web shop')).toBe('announced in the back office');
  });

  it('offers the back office its ready receipt while the return is open, not one a station is receiving', () => {
    const receipts = (state: string) => [{ pickingId: 'pk1', reference: 'WH1/IN/00012', state }];
    expect(receivableReceipt({ state: 'expected', receipts: receipts('ready') })?.reference).toBe('WH1/IN/00012');
    expect(receivableReceipt({ state: 'expected', receipts: receipts('in_progress') })).toBeNull();
    expect(receivableReceipt({ state: 'cancelled', receipts: receipts('cancelled') })).toBeNull();
  });
});
