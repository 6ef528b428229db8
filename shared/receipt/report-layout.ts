// Till documents printed on the receipt printer besides receipts: the X report (mid-session), the
// Z report (at close, with counted against expected) and the cash in / cash out slip. Pure, like
// the receipt layout: the same figures give the same lines for 32, 42 and 48 columns; dates are in
// store time (the site's IANA zone), amounts formatted for the site's currency.
import { formatMoney } from '../money/format.ts';
import { formatStoreDateTime } from '../time/store-time.ts';
import { tenderLabel } from '../text/display-names.ts';
import { ReceiptBuilder } from './receipt-builder.ts';
import { ReceiptLayoutError } from './receipt-layout.ts';
import type { Receipt, ReceiptColumns } from './receipt-model.ts';
import { taxRateLabel } from './receipt-tax-summary.ts';

/** A tender's amount (minor units). */
export interface TenderFigure {
  method: string;
  amount: number;
}

/** What an X or Z report prints: the till's session figures (renderer/till/session-report.ts). */
export interface SessionFigures {
  openedAt: string;
  float: number;
  salesCount: number;
  salesTotal: number;
  returnsCount: number;
  returnsTotal: number;
  discounts: number;
  /** Σ cash rounding of the session's sales and returns (already inside the cash payments); absent = 0. */
  rounding?: number;
  taxes: readonly { taxId: string; rate: number; amount: number }[];
  payments: readonly TenderFigure[];
  cashIn: number;
  cashOut: number;
  /** Per tender: what should be in the drawer / on the terminal slips. */
  expected: readonly TenderFigure[];
}

/** Who, where and how: the part of a till document that is not figures. */
export interface TillDocumentSettings {
  columns: ReceiptColumns;
  siteName: string;
  tillName?: string;
  cashierName?: string;
  currency: string;
  /** IANA zone of the site (SiteConfig.timeZone): every date is printed in store time. */
  timeZone: string;
  /** Names for tender methods and tax ids ("cash" → "Cash", "vat-5.5" → "VAT"). */
  tenderLabels?: Readonly<Record<string, string>>;
  taxLabels?: Readonly<Record<string, string>>;
  /** Money style (see shared/money/format.ts). */
  locale?: string;
  /** Printed again later: marked as a copy. */
  copy?: boolean;
}

export interface ZClose {
  closedAt: string;
  counted: readonly TenderFigure[];
}

const COLUMNS: readonly number[] = [32, 42, 48];

function builderFor(settings: TillDocumentSettings): ReceiptBuilder {
  if (!COLUMNS.includes(settings.columns)) {
    throw new ReceiptLayoutError(`receipt width must be 32, 42 or 48 columns, got ${String(settings.columns)}`);
  }
  return new ReceiptBuilder(settings.columns);
}

/** A configured name for an id; own keys only ("constructor" is a tender id, not Object's). */
function named(names: Readonly<Record<string, string>> | undefined, id: string): string | undefined {
  return names && Object.hasOwn(names, id) ? names[id] : undefined;
}

function tenderName(method: string, settings: TillDocumentSettings): string {
  return named(settings.tenderLabels, method) ?? tenderLabel(method);
}

function header(b: ReceiptBuilder, title: string, settings: TillDocumentSettings): void {
  b.centered(settings.siteName, { bold: true });
  b.centered(title, { bold: true, doubleHeight: true });
  if (settings.copy) b.centered('*** COPY ***', { bold: true });
  b.rule('-');
  if (settings.tillName) b.pair('Till', settings.tillName);
  if (settings.cashierName) b.pair('Cashier', settings.cashierName);
}

const when = (iso: string, settings: TillDocumentSettings): string => (iso ? formatStoreDateTime(iso, settings.timeZone) : '-');

/**
 * The X report (no close) or the Z report (`close` given: closing time, and counted against
 * expected per tender with the difference). `printedAt` is when the X report was taken.
 */
export function layoutSessionReport(figures: SessionFigures, settings: TillDocumentSettings, at: { printedAt: string; close?: ZClose }): Receipt {
  const b = builderFor(settings);
  const money = (n: number): string => formatMoney(n, settings.currency, settings.locale);
  const close = at.close;
  header(b, close ? 'Z REPORT' : 'X REPORT', settings);
  b.pair('Opened', when(figures.openedAt, settings));
  b.pair(close ? 'Closed' : 'Taken', when(close ? close.closedAt : at.printedAt, settings));
  b.pair('Currency', settings.currency);
  b.rule('-');
  b.pair(`Sales (${String(figures.salesCount)})`, money(figures.salesTotal));
  b.pair(`Returns (${String(figures.returnsCount)})`, money(figures.returnsTotal));
  b.pair('Net', money(figures.salesTotal + figures.returnsTotal), { bold: true });
  b.pair('Discounts', money(figures.discounts));
  if (figures.rounding) b.pair('Cash rounding', money(figures.rounding));
  if (figures.taxes.length > 0) {
    b.rule('-');
    b.left('Taxes', { bold: true });
    for (const t of figures.taxes) b.pair(taxRateLabel(named(settings.taxLabels, t.taxId), t.rate), money(t.amount), { indent: 2 });
  }
  b.rule('-');
  b.left('Payments', { bold: true });
  for (const p of figures.payments) b.pair(tenderName(p.method, settings), money(p.amount), { indent: 2 });
  if (figures.payments.length === 0) b.left('none', { indent: 2 });
  b.rule('-');
  b.pair('Float', money(figures.float));
  b.pair('Cash in', money(figures.cashIn));
  b.pair('Cash out', money(-figures.cashOut));
  b.rule('-');
  if (close) {
    const methods = [...new Set([...figures.expected.map((e) => e.method), ...close.counted.map((c) => c.method)])];
    for (const method of methods) {
      const expected = figures.expected.find((e) => e.method === method)?.amount ?? 0;
      const counted = close.counted.find((c) => c.method === method)?.amount ?? 0;
      b.left(tenderName(method, settings), { bold: true });
      b.pair('Expected', money(expected), { indent: 2 });
      b.pair('Counted', money(counted), { indent: 2 });
      b.pair('Difference', money(counted - expected), { indent: 2, bold: counted !== expected });
    }
  } else {
    b.left('Expected', { bold: true });
    for (const e of figures.expected) b.pair(tenderName(e.method, settings), money(e.amount), { indent: 2 });
  }
  return b.blank().cut().build();
}

/** A cash movement as the slip prints it. */
export interface CashMovementSlip {
  kind: 'cash_in' | 'cash_out';
  amount: number;
  reason: string;
  at: string;
  /** The supervisor who approved it, when one had to. */
  approvedBy?: string;
  /** Expected cash in the drawer after the movement. */
  expectedCashAfter?: number;
}

/** The slip for a cash in / cash out: kept in the drawer with the cash (or the bank bag). */
export function layoutCashSlip(slip: CashMovementSlip, settings: TillDocumentSettings): Receipt {
  const b = builderFor(settings);
  const money = (n: number): string => formatMoney(n, settings.currency, settings.locale);
  header(b, slip.kind === 'cash_in' ? 'CASH IN' : 'CASH OUT', settings);
  b.pair('Date', when(slip.at, settings));
  b.rule('-');
  b.pair(`Amount ${settings.currency}`, money(slip.amount), { bold: true, doubleHeight: true });
  b.left(`Reason: ${slip.reason}`, { maxRows: 4 });
  if (slip.approvedBy) b.pair('Approved by', slip.approvedBy);
  if (slip.expectedCashAfter !== undefined) b.pair('Cash expected after', money(slip.expectedCashAfter));
  b.blank().blank().left('Signature:').blank().rule('-');
  return b.blank().cut().build();
}
