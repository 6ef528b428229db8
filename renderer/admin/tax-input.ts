// What an admin types for a tax on the Taxes page — a rate in percent ("20", "5,5", "7 %"), a
// name, and for a scheduled rate the store day and time it takes effect — checked before anything
// is sent, in the sentences the page shows. The server checks the same (shared/admin-api/catalog.ts)
// and has the last word (a name another tax has, a moment already past).
import type { TaxScheduleInput } from '../../shared/admin-api/catalog.ts';
import { ratePercent as percent } from '../../shared/tax/index.ts';
import { formatStoreDateTimeText, storeInstant } from '../../shared/time/index.ts';

/** "20 %", "5.5 %", "8.125 %": a rate as the page and its questions show it (shared/tax ratePercent). */
export { percent };

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

export const DAY_PROBLEM = 'Give the day the new rate takes effect, and the time in store time on 24 hours, such as 00:00 for the start of the day.';

/** "0:00", "09:30", "9.30", "9h30" → "00:00", "09:30": a 24-hour time as typed, or null. */
function readTime(typed: string): string | null {
  const m = /^(\d{1,2})[:.h](\d{2})$/.exec(typed.trim());
  return m ? `${(m[1] ?? '').padStart(2, '0')}:${m[2] ?? ''}` : null;
}

/** A tax's next rate as typed: the day and time are the store's (its time zone), the name empty when it stays. */
export interface ScheduleDraft {
  rate: string;
  day: string;
  time: string;
  name: string;
}

/**
 * The body that schedules a tax's next rate, or the sentences that say what to fix. Only the form is
 * checked here: whether the moment is ahead, not too far, and the rate a change is the server's word.
 * A name left empty or as it is now is not sent: the tax keeps its name.
 */
export function parseTaxSchedule(
  d: ScheduleDraft, currentName: string, zone: string,
): { ok: true; value: TaxScheduleInput } | { ok: false; problems: string[] } {
  const rate = parseTaxRate(d.rate);
  const time = readTime(d.time);
  const from = time === null ? null : storeInstant(d.day, time, zone);
  const problems = [...(rate === null ? [RATE_PROBLEM] : []), ...(from === null ? [DAY_PROBLEM] : [])];
  if (rate === null || from === null) return { ok: false, problems };
  const name = d.name.trim();
  return { ok: true, value: { rate, from, ...(name && name !== currentName ? { name } : {}) } };
}

/** "16 % from 1 Jan 2027, 00:00 (as VAT 16%)": a scheduled rate in store time, with the name the tax takes then. */
export function scheduledText(next: TaxScheduleInput, zone: string): string {
  return `${percent(next.rate)} from ${formatStoreDateTimeText(next.from, zone)}${next.name ? ` (as ${next.name})` : ''}`;
}
