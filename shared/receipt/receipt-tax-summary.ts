// The tax summary: one row per tax and rate with the net base and the tax. Line totals are what
// the customer pays (PROTOCOL.md: total = Σ line totals = Σ payments), so they include their
// taxes and a line's net base is its total minus all its taxes.
import type { SaleLine } from '../schemas/sale.ts';
import type { ReceiptBuilder } from './receipt-builder.ts';
import type { ReceiptLabels } from './receipt-settings.ts';
import { padStartCells, textWidth } from './text-width.ts';

export interface TaxSummaryRow {
  taxId: string;
  rate: number;
  net: number;
  tax: number;
}

/** Σ net base and Σ tax per (taxId, rate), ordered by rate then taxId. */
export function summarizeTaxes(lines: readonly SaleLine[]): TaxSummaryRow[] {
  const rows = new Map<string, TaxSummaryRow>();
  for (const line of lines) {
    const net = line.total - line.taxes.reduce((sum, t) => sum + t.amount, 0);
    for (const tax of line.taxes) {
      const key = `${tax.taxId}\u0000${tax.rate}`;
      const row = rows.get(key) ?? { taxId: tax.taxId, rate: tax.rate, net: 0, tax: 0 };
      row.net += net;
      row.tax += tax.amount;
      rows.set(key, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.rate - b.rate || (a.taxId < b.taxId ? -1 : a.taxId > b.taxId ? 1 : 0));
}

/** A percentage written in a tax's name: "19%", "5,5 %", "5.5%" (not a part of a longer number). */
const NAME_PERCENT = /(^|[^0-9.,])(\d+(?:[.,]\d+)?)(\s*%)/g;

/**
 * "VAT 5.5%": the tax's name with the rate charged, said once — a name that already carries the rate
 * ("VAT 5.5%", "TVA 5,5 %") is printed as it is rather than "VAT 5.5% 5.5%". A name that says one
 * other rate says the rate charged instead: a tax renamed with its rate ("VAT 19%" became "VAT 16%"
 * on the 1st, docs/admin.md "Taxes") names a sale made before at 19 % as "VAT 19%", never "VAT 16%
 * 19%" — the receipt, a reprint of it or an X/Z report spanning the change prints the rate the
 * line was charged at, once.
 */
export function taxRateLabel(name: string | undefined, rate: number): string {
  const rateText = `${String(rate)}%`;
  if (!name) return rateText;
  const figures = [...name.matchAll(NAME_PERCENT)];
  const charged = (figure: string): boolean => Number(figure.replace(',', '.')) === rate;
  if (figures.some((m) => charged(m[2] ?? ''))) return name;
  if (figures.length === 1) {
    // Written as the name writes it: a decimal comma stays a comma.
    const comma = figures[0]?.[2]?.includes(',') === true;
    return name.replace(NAME_PERCENT, (_all, before: string, _n: string, percent: string) => `${before}${comma ? String(rate).replace('.', ',') : String(rate)}${percent}`);
  }
  return `${name} ${rateText}`;
}

export interface TaxSummaryContext {
  builder: ReceiptBuilder;
  labels: ReceiptLabels;
  money: (amountMinor: number) => string;
  taxLabels: Readonly<Record<string, string>>;
}

/**
 * A three-column table (name, net, tax) when it fits the paper, otherwise one block per rate
 * with net and tax on their own rows.
 */
export function addTaxSummary({ builder, labels, money, taxLabels }: TaxSummaryContext, lines: readonly SaleLine[]): void {
  const rows = summarizeTaxes(lines).map((row) => ({ label: taxRateLabel(taxLabels[row.taxId], row.rate), net: money(row.net), tax: money(row.tax) }));
  if (rows.length === 0) return;
  const amountWidth = Math.max(textWidth(labels.taxNet), textWidth(labels.taxAmount), ...rows.flatMap((r) => [textWidth(r.net), textWidth(r.tax)]));
  const labelWidth = Math.max(textWidth(labels.taxHeading), ...rows.map((r) => textWidth(r.label)));
  const amounts = (net: string, tax: string): string => `${padStartCells(net, amountWidth)} ${padStartCells(tax, amountWidth)}`;
  if (labelWidth + 1 + 2 * amountWidth + 1 <= builder.columns) {
    builder.pair(labels.taxHeading, amounts(labels.taxNet, labels.taxAmount));
    for (const row of rows) builder.pair(row.label, amounts(row.net, row.tax));
    return;
  }
  for (const row of rows) {
    builder.left(row.label);
    builder.pair(labels.taxNet, row.net, { indent: 2 });
    builder.pair(labels.taxAmount, row.tax, { indent: 2 });
  }
}
