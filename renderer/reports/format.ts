// Display formats of the reports, fixed (not the browser locale) so that a printed page, the
// screen and a test read the same digits. CSV uses plain numbers (no grouping).

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const qty = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

export type CellFormat = 'money' | 'qty' | 'pct' | 'text' | 'datetime' | 'hours';

/** Minor units → "1,234.56". */
export function formatMoney(minor: number): string {
  return money.format(minor / 100);
}

export function formatCell(value: string | number | null, format: CellFormat): string {
  if (value === null || value === '') return '';
  if (typeof value === 'string') return format === 'datetime' ? value.replace('T', ' ').slice(0, 16) : value;
  switch (format) {
    case 'money':
      return formatMoney(value);
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

/** The CSV form of a cell: money as decimal units, the rest as shown. */
export function csvCell(value: string | number | null, format: CellFormat): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (format === 'money') return (value / 100).toFixed(2);
    if (format === 'pct') return (value * 100).toFixed(1);
    return String(value);
  }
  return value;
}
