// What an admin types for a tax on the Taxes page — a rate in percent ("20", "5,5", "7 %") and a
// name — checked before anything is sent, in the sentences the page shows. The server checks the
// same (shared/admin-api/catalog.ts) and has the last word (a name another tax has).

/** "20 %", "5.5 %", "8.125 %": a rate as the page and its questions show it. */
export const percent = (rate: number): string => `${Number(rate.toFixed(4))} %`;

export const RATE_PROBLEM = 'Give the rate in percent, from 0 to 100 with at most 4 decimals, for example 20 or 5.5.';
export const NAME_PROBLEM = 'Give the tax a name, as receipts and the product form show it, for example "VAT 21%".';

/** The rate typed, in percent (a decimal comma and a trailing % are fine), or null when it is not one from 0 to 100 with at most 4 decimals. */
export function parseTaxRate(typed: string): number | null {
  const text = typed.trim().replace(/\s*%$/, '').replace(',', '.');
  if (!/^\d{1,3}(\.\d{1,4})?$/.test(text)) return null;
  const rate = Number(text);
  return rate <= 100 ? rate : null;
}

export interface TaxDraft {
  name: string;
  rate: string;
  compound: boolean;
}

/** A new tax's body, or the sentences that say what to fix. */
export function parseTaxDraft(d: TaxDraft): { ok: true; value: { name: string; rate: number; compound: boolean } } | { ok: false; problems: string[] } {
  const rate = parseTaxRate(d.rate);
  const name = d.name.trim();
  const problems = [...(name ? [] : [NAME_PROBLEM]), ...(rate === null ? [RATE_PROBLEM] : [])];
  if (problems.length || rate === null) return { ok: false, problems };
  return { ok: true, value: { name, rate, compound: d.compound } };
}
