import { describe, expect, it } from 'vitest';
import type { Sale, SessionEvent } from '../../shared/schemas/index.ts';
import { compareCounts, computeSessionReport } from './session-report.ts';

const ev = (kind: SessionEvent['kind'], amount?: number): SessionEvent => ({
  id: `${kind}-${amount}`, kind, tillId: 't', siteId: 's', sessionId: 'S', cashierId: 'c', createdAt: '2026-01-01T08:00:00Z', ...(amount !== undefined ? { amount } : {}),
});

const sale = (seq: number, kind: Sale['kind'], payments: Sale['payments'], total: number): Sale => ({
  id: `x${seq}`, kind, tillId: 't', siteId: 's', sessionId: 'S', cashierId: 'c', seq, receiptNo: `R${seq}`, createdAt: '', currency: 'EUR',
  lines: [{ lineId: 'l', productId: 'p', qty: kind === 'sale' ? 1 : -1, unitPrice: Math.abs(total), discount: 0, total, taxes: [{ taxId: 'vat', rate: 20, amount: Math.round(total / 6) }] }],
  payments, total, prevHash: '0'.repeat(64), hash: '0'.repeat(64),
});

describe('X/Z report', () => {
  it('expects float + cash taken + cash in − cash out in the drawer, and card slips as taken', () => {
    const events = [ev('open', 10000), ev('cash_in', 2000), ev('cash_out', 500)];
    const sales = [
      sale(1, 'sale', [{ paymentId: 'a', method: 'cash', amount: 1200, tendered: 2000, change: 800 }], 1200),
      sale(2, 'sale', [{ paymentId: 'b', method: 'card', amount: 600 }], 600),
      sale(3, 'return', [{ paymentId: 'c', method: 'cash', amount: -300 }], -300),
    ];
    const r = computeSessionReport(events, sales, new Set(['cash']));
    expect(r).toMatchObject({ float: 10000, salesCount: 2, returnsCount: 1, salesTotal: 1800, returnsTotal: -300, cashIn: 2000, cashOut: 500, lastSeq: 3 });
    expect(r.expected).toEqual(expect.arrayContaining([{ method: 'cash', amount: 10000 + 1200 - 300 + 2000 - 500 }, { method: 'card', amount: 600 }]));
    const diff = compareCounts(r.expected, [{ method: 'cash', amount: 12300 }, { method: 'card', amount: 600 }]);
    expect(diff.find((d) => d.method === 'cash')?.difference).toBe(-100);
    expect(diff.find((d) => d.method === 'card')?.difference).toBe(0);
  });

  it('expects the rounded cash in the drawer and totals the cash rounding', () => {
    const rounded = (seq: number, s: Sale, rounding: number): Sale => ({ ...s, rounding });
    const sales = [
      // 10.03 paid in cash with 0.05 rounding: 10.05 in the drawer.
      rounded(1, sale(1, 'sale', [{ paymentId: 'a', method: 'cash', amount: 1005, tendered: 2000, change: 995 }], 1003), 2),
      // Card 5.00, cash 5.05 for the 5.03 left.
      rounded(2, sale(2, 'sale', [{ paymentId: 'b', method: 'card', amount: 500 }, { paymentId: 'c', method: 'cash', amount: 505 }], 1003), 2),
      // 10.07 in cash: 10.05.
      rounded(3, sale(3, 'sale', [{ paymentId: 'd', method: 'cash', amount: 1005 }], 1007), -2),
    ];
    const r = computeSessionReport([ev('open', 10000)], sales, new Set(['cash']));
    expect(r.salesTotal).toBe(1003 + 1003 + 1007);
    expect(r.rounding).toBe(2);
    expect(r.expected).toEqual(expect.arrayContaining([{ method: 'cash', amount: 10000 + 1005 + 505 + 1005 }, { method: 'card', amount: 500 }]));
  });
});
