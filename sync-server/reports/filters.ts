// The filters every report page shares — a date range (store days, both ends included), a site
// and a sales channel — read from the query string (its form checked by the shared ReportQuery
// schema), and the SQL fragments that apply them. A filter the schema cannot judge (a day that does
// not exist, a reversed or over-long range) is a named error the route turns into 400.
import type { ReportQuery } from '../../shared/reports/report-query.ts';
import type { ReportFilters } from '../../shared/reports/report-types.ts';
import { storeDay, storeInstant } from '../../shared/time/index.ts';

export type { ReportFilters };

export class ReportFilterError extends Error {
  readonly code = 'bad_filter';
  constructor(message: string) {
    super(message);
    this.name = 'ReportFilterError';
  }
}

const MS_PER_DAY = 86_400_000;
export const MAX_RANGE_DAYS = 3 * 366;

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * MS_PER_DAY));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY) + 1;
}

function day(value: string | undefined, name: string, fallback: string): string {
  if (!value) return fallback;
  // The schema checked the form; this checks the day exists (2026-02-30 does not).
  if (Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || isoDay(new Date(`${value}T00:00:00Z`)) !== value) throw new ReportFilterError(`${name} must be a date that exists, such as 2026-03-01`);
  return value;
}

const optionalText = (value: string | undefined): string | null => (value === undefined || value === '' || value === 'all' ? null : value);

/** Reads `from`, `to`, `site` and `channel`; the default range is the last 7 store days up to today in `timeZone`. */
export function parseFilters(query: Pick<ReportQuery, 'from' | 'to' | 'site' | 'channel'>, now: Date = new Date(), timeZone = 'UTC'): ReportFilters {
  const today = storeDay(now, timeZone);
  const to = day(query.to, 'to', today);
  const from = day(query.from, 'from', addDays(to, -6));
  if (from > to) throw new ReportFilterError('from must not be after to');
  if (daysBetween(from, to) > MAX_RANGE_DAYS) throw new ReportFilterError(`the range may span at most ${MAX_RANGE_DAYS} days`);
  return { from, to, siteId: optionalText(query.site), channel: optionalText(query.channel), timeZone };
}

/** The period of the same length that ends the day before `f.from`. */
export function previousPeriod(f: ReportFilters): ReportFilters {
  const n = daysBetween(f.from, f.to);
  return { ...f, from: addDays(f.from, -n), to: addDays(f.from, -1) };
}

/**
 * WHERE clause over an aggregate table with `day`, `site_id` and `channel` columns;
 * parameters $1..$4 are from, to, site, channel (see `filterParams`).
 */
export function aggregateWhere(alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return `${a}day BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR ${a}site_id = $3) AND ($4::text IS NULL OR ${a}channel = $4)`;
}

export function filterParams(f: ReportFilters): [string, string, string | null, string | null] {
  return [f.from, f.to, f.siteId, f.channel];
}

/** The instant a store day starts in `zone` (its local midnight; where clocks jump forward at midnight, the jump). */
export function storeDayStart(day: string, zone: string): Date {
  const at = storeInstant(day, '00:00', zone);
  if (at === null) throw new ReportFilterError(`"${day}" is not a day`);
  return new Date(at);
}

/** Timestamps inside the range: [from 00:00, to + 1 day 00:00) in the filters' zone. */
export function rangeBounds(f: Pick<ReportFilters, 'from' | 'to' | 'timeZone'>): { start: string; end: string } {
  return { start: storeDayStart(f.from, f.timeZone).toISOString(), end: storeDayStart(addDays(f.to, 1), f.timeZone).toISOString() };
}
