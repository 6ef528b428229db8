// Store time: every site has an IANA time zone. Documents keep ISO-8601 instants; receipts,
// X/Z reports, the till's clock and report days are shown in the site's zone. Pure functions on
// Intl (present in browsers, Node and Electron), so the till and the server agree on a store day.

/** The zone used when a site has none configured (older config documents). */
export const DEFAULT_TIME_ZONE = 'UTC';

export class TimeZoneError extends Error {
  readonly code = 'unknown_time_zone';
  constructor(zone: string) {
    super(`"${zone}" is not a known time zone (use an IANA name such as Europe/Paris)`);
    this.name = 'TimeZoneError';
  }
}

/**
 * Zones already judged. Building an Intl.DateTimeFormat to ask costs tens of microseconds, and the
 * server asks once per sale line it checks (tax-checks' store day): uncached, that was a third of
 * the server's CPU in a device push (`npm run bench -- pos`, docs/server.md). Bounded, since the
 * names asked about can come from input.
 */
const judgedZones = new Map<string, boolean>();
const JUDGED_MAX = 1024;

export function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  const known = judgedZones.get(zone);
  if (known !== undefined) return known;
  let ok: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    ok = true;
  } catch {
    // Intl throws RangeError for an unknown zone: that is the answer, not a failure.
    ok = false;
  }
  if (judgedZones.size < JUDGED_MAX) judgedZones.set(zone, ok);
  return ok;
}

/** The site's zone when it is a known one, else the default (older config documents, a typo in the back office). */
export function zoneOrDefault(zone: string | undefined | null): string {
  return zone && isTimeZone(zone) ? zone : DEFAULT_TIME_ZONE;
}

export function assertTimeZone(zone: string): string {
  if (!isTimeZone(zone)) throw new TimeZoneError(zone);
  return zone;
}

export interface StoreClock {
  /** `YYYY-MM-DD` of the store day. */
  day: string;
  /** 0–23, the store hour. */
  hour: number;
  minute: number;
  second: number;
  /** Offset from UTC in minutes at that instant (e.g. 60 for Paris in winter). */
  offsetMinutes: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: assertTimeZone(zone),
      hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    partsFormatters.set(zone, f);
  }
  return f;
}

/** The wall-clock reading of `instant` in `zone`. */
export function storeClock(instant: Date | string, zone: string): StoreClock {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date: ${String(instant)}`);
  const parts: Record<string, string> = {};
  for (const p of partsFormatter(zone).formatToParts(date)) parts[p.type] = p.value;
  const y = Number(parts.year), mo = Number(parts.month), d = Number(parts.day);
  const h = Number(parts.hour), mi = Number(parts.minute), s = Number(parts.second);
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const offsetMinutes = Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60000);
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: h, minute: mi, second: s, offsetMinutes };
}

/** The store day (`YYYY-MM-DD`) an instant falls on: a sale at 00:30 Paris time on the 3rd is the 3rd's. */
export function storeDay(instant: Date | string, zone: string): string {
  return storeClock(instant, zone).day;
}

/** ISO-8601 with the store's offset, e.g. `2026-12-03T00:30:00+01:00` (what a document may carry). */
export function toStoreIso(instant: Date | string, zone: string): string {
  const c = storeClock(instant, zone);
  const sign = c.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(c.offsetMinutes);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${c.day}T${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** `2026-12-03 00:30` in store time, for receipts and reports (24-hour, locale-neutral). */
export function formatStoreDateTime(instant: Date | string, zone: string): string {
  const c = storeClock(instant, zone);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${c.day} ${pad(c.hour)}:${pad(c.minute)}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `7 Dec 2026`: the store day in words, for a sentence ("Retired 7 Dec 2026"); English month names, like the rest of the UI. */
export function formatStoreDate(instant: Date | string, zone: string): string {
  const day = storeDay(instant, zone);
  return `${Number(day.slice(8, 10))} ${MONTHS[Number(day.slice(5, 7)) - 1] ?? ''} ${day.slice(0, 4)}`;
}

/** `8 Dec 2026, 11:20` in store time, for a sentence read by a person (a deadline, not a table cell). */
export function formatStoreDateTimeText(instant: Date | string, zone: string): string {
  return `${formatStoreDate(instant, zone)}, ${formatStoreTime(instant, zone)}`;
}

/** `00:30` in store time. */
export function formatStoreTime(instant: Date | string, zone: string): string {
  return formatStoreDateTime(instant, zone).slice(11);
}
