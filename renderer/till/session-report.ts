// X and Z reports, computed locally from the session's events and sales: sales and returns,
// discounts, taxes, payments per tender, and expected cash (float + cash taken − change + cash in − out).
// Pure and linear in the session's documents, so closing is instant even after thousands of sales.
import { ORDER_REFUND_METHOD } from '../../shared/channel-api/order-returns.ts';
import type { Sale, SessionEvent, TenderAmount } from '../../shared/schemas/index.ts';

export interface TaxLine {
  taxId: string;
  rate: number;
  amount: number;
}

export interface SessionReport {
  sessionId: string;
  openedAt: string;
  float: number;
  salesCount: number;
  returnsCount: number;
  salesTotal: number;
  returnsTotal: number;
  discounts: number;
  /** Σ cash rounding of the sales and returns: the cash payments (and so the expected cash) already include it. */
  rounding: number;
  taxes: TaxLine[];
  payments: TenderAmount[];
  cashIn: number;
  cashOut: number;
  /** Per tender: what should be in the drawer / on the terminal slips. */
  expected: TenderAmount[];
  lastSeq: number;
}

export interface CloseComparison {
  method: string;
  expected: number;
  counted: number;
  difference: number;
}

export function computeSessionReport(events: readonly SessionEvent[], sales: readonly Sale[], cashMethods: ReadonlySet<string>): SessionReport {
  const open = events.find((e) => e.kind === 'open');
  const report: SessionReport = {
    sessionId: open?.sessionId ?? events[0]?.sessionId ?? '',
    openedAt: open?.createdAt ?? '',
    float: open?.amount ?? 0,
    salesCount: 0,
    returnsCount: 0,
    salesTotal: 0,
    returnsTotal: 0,
    discounts: 0,
    rounding: 0,
    taxes: [],
    payments: [],
    cashIn: 0,
    cashOut: 0,
    expected: [],
    lastSeq: 0,
  };
  const taxes = new Map<string, TaxLine>();
  const payments = new Map<string, number>();
  for (const e of events) {
    if (e.kind === 'cash_in') report.cashIn += e.amount ?? 0;
    if (e.kind === 'cash_out') report.cashOut += e.amount ?? 0;
  }
  for (const sale of sales) {
    report.lastSeq = Math.max(report.lastSeq, sale.seq);
    if (sale.kind === 'sale') {
      report.salesCount++;
      report.salesTotal += sale.total;
    } else {
      report.returnsCount++;
      report.returnsTotal += sale.total;
    }
    report.rounding += sale.rounding ?? 0;
    for (const line of sale.lines) {
      report.discounts += line.discount;
      for (const t of line.taxes) {
        const key = `${t.taxId}|${t.rate}`;
        const entry = taxes.get(key) ?? { taxId: t.taxId, rate: t.rate, amount: 0 };
        entry.amount += t.amount;
        taxes.set(key, entry);
      }
    }
    for (const p of sale.payments) payments.set(p.method, (payments.get(p.method) ?? 0) + p.amount);
  }
  report.taxes = [...taxes.values()];
  report.payments = [...payments.entries()].map(([method, amount]) => ({ method, amount }));
  // A refund to a channel order's own payment is the channel's to pay: nothing to count in the till.
  const expected = new Map([...payments].filter(([method]) => method !== ORDER_REFUND_METHOD));
  for (const method of cashMethods) {
    expected.set(method, (expected.get(method) ?? 0) + report.float + report.cashIn - report.cashOut);
    break;
  }
  if (cashMethods.size === 0 && (report.float || report.cashIn || report.cashOut)) {
    expected.set('cash', (expected.get('cash') ?? 0) + report.float + report.cashIn - report.cashOut);
  }
  report.expected = [...expected.entries()].map(([method, amount]) => ({ method, amount }));
  return report;
}

export function compareCounts(expected: readonly TenderAmount[], counted: readonly TenderAmount[]): CloseComparison[] {
  const methods = new Set([...expected.map((e) => e.method), ...counted.map((c) => c.method)]);
  return [...methods].map((method) => {
    const exp = expected.find((e) => e.method === method)?.amount ?? 0;
    const cnt = counted.find((c) => c.method === method)?.amount ?? 0;
    return { method, expected: exp, counted: cnt, difference: cnt - exp };
  });
}
