// Display formats of the reports, fixed (not the browser locale) so that a printed page, the
// screen and a test read the same digits. Money goes through the shared money formatting: the
// currency's own minor units (JPY none, KWD three) and its symbol; times are store time.
// CSV uses plain numbers (no grouping, no symbol).
import { currencyMinorDigits, formatMoney as formatAmount, formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { formatStoreDateTime } from '../../shared/time/index.ts';

const qty = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

export type CellFormat = 'money' | 'qty' | 'pct' | 'text' | 'datetime' | 'hours';

/** What a money or time cell needs besides its value: the currency and the store's time zone. */
export interface DisplayContext {
  currency: string;
  timeZone: string;
}

export const DEFAULT_DISPLAY: DisplayContext = { currency: 'EUR', timeZone: 'UTC' };

/** Minor units → "€1,234.56", "¥1,235", "KWD 1,234.567". */
export function formatMoney(minor: number, currency: string): string {
  return formatMoneyWithSymbol(Math.round(minor), currency, 'en');
}

/** Minor units as a number of major units, for chart axes (JPY 1500 → 1500, EUR 1500 → 15). */
export function majorUnits(minor: number, currency: string): number {
  return minor / 10 ** currencyMinorDigits(currency);
}

/** A chart value in major units back to display text. */
export function formatMajor(major: number, currency: string): string {
  return formatMoney(Math.round(major * 10 ** currencyMinorDigits(currency)), currency);
}

/** A money axis tick in major units: "€800,000", "¥1,500", "€12.50" (minor digits only when there are some). */
export function formatMajorTick(major: number, currency: string): string {
  const text = formatMajor(major, currency);
  return Number.isInteger(major) ? text.replace(/\.0+$/, '') : text;
}

/** A count axis tick, grouped: "12,000". */
export function formatCountTick(n: number): string {
  return qty.format(n);
}

/** An ISO instant (or a plain day) as store time "2026-11-22 13:05". */
export function formatDateTime(value: string, timeZone: string): string {
  if (!/T\d{2}:\d{2}/.test(value)) return value;
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : formatStoreDateTime(new Date(t), timeZone);
}

export function formatCell(value: string | number | null, format: CellFormat, ctx: DisplayContext = DEFAULT_DISPLAY): string {
  if (value === null || value === '') return '';
  if (typeof value === 'string') return format === 'datetime' ? formatDateTime(value, ctx.timeZone) : value;
  switch (format) {
    case 'money':
      return formatMoney(value, ctx.currency);
    case 'pct':
      return `${(value * 100).toFixed(1)} %`;
    case 'hours':
      return value.toFixed(2);
    case 'qty':
      return qty.format(value);
    default:
      return String(value);
  }
}

/** The CSV form of a cell: money as decimal units of its currency, times in store time, the rest as shown. */
export function csvCell(value: string | number | null, format: CellFormat, ctx: DisplayContext = DEFAULT_DISPLAY): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (format === 'money') return formatAmount(Math.round(value), ctx.currency);
    if (format === 'pct') return (value * 100).toFixed(1);
    return String(value);
  }
  return format === 'datetime' ? formatDateTime(value, ctx.timeZone) : value;
}
