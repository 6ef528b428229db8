import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReceiptColumns } from './receipt-model.ts';
import { renderReceiptText } from './receipt-text.ts';
import { layoutCashSlip, layoutSessionReport, type SessionFigures, type TillDocumentSettings } from './report-layout.ts';
import { textWidth } from './text-width.ts';

const WIDTHS: readonly ReceiptColumns[] = [32, 42, 48];

const FIGURES: SessionFigures = {
  openedAt: '2026-12-02T07:58:00.000Z',
  float: 10000,
  salesCount: 12,
  salesTotal: 45678,
  returnsCount: 1,
  returnsTotal: -1290,
  discounts: 350,
  taxes: [
    { taxId: 'vat-5.5', rate: 5.5, amount: 1203 },
    { taxId: 'vat-20', rate: 20, amount: 4210 },
  ],
  payments: [
    { method: 'cash', amount: 20000 },
    { method: 'card', amount: 24388 },
  ],
  cashIn: 5000,
  cashOut: 2000,
  expected: [
    { method: 'cash', amount: 33000 },
    { method: 'card', amount: 24388 },
  ],
};

const settings = (columns: ReceiptColumns, extra: Partial<TillDocumentSettings> = {}): TillDocumentSettings => ({
  columns,
  siteName: 'Aisle Épicerie Fine — Paris 2e',
  tillName: 'Front till',
  cashierName: 'Alice Martin',
  currency: 'EUR',
  timeZone: 'Europe/Paris',
  tenderLabels: { cash: 'Cash', card: 'Card' },
  taxLabels: { 'vat-5.5': 'VAT', 'vat-20': 'VAT' },
  ...extra,
});

function textRows(receipt: ReturnType<typeof layoutSessionReport>): string[] {
  return receipt.lines.flatMap((l) => (l.kind === 'text' ? [l.text] : []));
}

describe('X and Z reports on paper', () => {
  it('prints the Z report figures, counted against expected, in store time', () => {
    const z = layoutSessionReport(FIGURES, settings(42), {
      printedAt: '2026-12-02T23:31:00.000Z',
      close: { closedAt: '2026-12-02T23:30:00.000Z', counted: [{ method: 'cash', amount: 32950 }, { method: 'card', amount: 24388 }] },
    });
    const text = renderReceiptText(z);
    expect(text).toContain('Z REPORT');
    // 23:30 UTC on the 2nd is 00:30 on the 3rd in Paris.
    expect(text).toMatch(/Closed\s+2026-12-03 00:30/);
    expect(text).toMatch(/Opened\s+2026-12-02 08:58/);
    expect(text).toMatch(/Sales \(12\)\s+456\.78/);
    expect(text).toMatch(/Returns \(1\)\s+-12\.90/);
    expect(text).toMatch(/VAT 5\.5%\s+12\.03/);
    expect(text).toMatch(/Expected\s+330\.00\n\s+Counted\s+329\.50\n\s+Difference\s+-0\.50/);
    expect(z.lines[z.lines.length - 1]).toEqual({ kind: 'cut' });
  });

  it('prints the X report with what is expected per tender and when it was taken', () => {
    const text = renderReceiptText(layoutSessionReport(FIGURES, settings(32), { printedAt: '2026-12-02T11:15:00.000Z' }));
    expect(text).toContain('X REPORT');
    expect(text).toMatch(/Taken\s+2026-12-02 12:15/);
    expect(text).toMatch(/Cash\s+330\.00/);
    expect(text).not.toContain('Counted');
  });

  it('prints the session\'s cash rounding line for a non-zero rounding and none for zero', () => {
    expect(renderReceiptText(layoutSessionReport({ ...FIGURES, rounding: -3 }, settings(32), { printedAt: '2026-12-02T11:15:00.000Z' }))).toMatch(/Cash rounding\s+-0\.03/);
    expect(renderReceiptText(layoutSessionReport(FIGURES, settings(32), { printedAt: '2026-12-02T11:15:00.000Z' }))).not.toContain('rounding');
  });

  it('prints a cash-out slip with amount, reason, approver and store time', () => {
    const slip = layoutCashSlip(
      { kind: 'cash_out', amount: 5000, reason: 'Bank deposit', at: '2026-06-30T22:10:00.000Z', approvedBy: 'Bob Supervisor', expectedCashAfter: 28000 },
      settings(42),
    );
    const text = renderReceiptText(slip);
    expect(text).toContain('CASH OUT');
    expect(text).toMatch(/Date\s+2026-07-01 00:10/);
    expect(text).toMatch(/Amount EUR\s+50\.00/);
    expect(text).toContain('Reason: Bank deposit');
    expect(text).toMatch(/Approved by\s+Bob Supervisor/);
  });

  it('never lays out a line wider than the paper, whatever the figures and names (32, 42, 48 columns)', () => {
    const amount = fc.integer({ min: -99_999_999_99, max: 99_999_999_99 });
    const name = fc.string({ minLength: 1, maxLength: 80 });
    const tender = fc.record({ method: name, amount });
    const figures = fc.record({
      openedAt: fc.constantFrom('', '2026-03-29T00:59:59.000Z', '2026-10-25T01:00:00.000Z'),
      float: amount,
      salesCount: fc.nat(),
      salesTotal: amount,
      returnsCount: fc.nat(),
      returnsTotal: amount,
      discounts: amount,
      taxes: fc.array(fc.record({ taxId: name, rate: fc.double({ min: 0, max: 100, noNaN: true }), amount }), { maxLength: 4 }),
      payments: fc.array(tender, { maxLength: 4 }),
      cashIn: amount,
      cashOut: amount,
      expected: fc.array(tender, { maxLength: 4 }),
    });
    fc.assert(
      fc.property(figures, fc.constantFrom(...WIDTHS), name, fc.array(tender, { maxLength: 4 }), amount, (f, columns, who, counted, moved) => {
        const s = settings(columns, { siteName: who, cashierName: who, tillName: who, currency: 'EUR', copy: true });
        const docs = [
          layoutSessionReport(f, s, { printedAt: '2026-12-02T10:00:00.000Z' }),
          layoutSessionReport(f, s, { printedAt: '2026-12-02T10:00:00.000Z', close: { closedAt: '2026-12-02T18:00:00.000Z', counted } }),
          layoutCashSlip({ kind: 'cash_in', amount: moved, reason: who, at: '2026-12-02T10:00:00.000Z', approvedBy: who, expectedCashAfter: moved }, s),
        ];
        for (const doc of docs) for (const row of textRows(doc)) expect(textWidth(row)).toBeLessThanOrEqual(columns);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a paper width it cannot lay out', () => {
    expect(() => layoutCashSlip({ kind: 'cash_in', amount: 1, reason: 'x', at: '2026-12-02T10:00:00.000Z' }, settings(40 as ReceiptColumns))).toThrow(/32, 42 or 48/);
  });
});
