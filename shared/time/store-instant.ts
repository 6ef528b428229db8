// A date and a time in the store's time zone (a law change "from 1 January, 00:00", a report's
// first day) as the instant they name, written with the store's offset: store-time.ts reads
// instants as store time, this is the way back — for the back office's forms and the reports'
// day ranges (sync-server/reports/filters.ts storeDayStart) alike.
import { storeClock, storeDay, toStoreIso } from './store-time.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The store's wall clock at `at`, as if it were UTC: what a clock in the store reads, in ms. */
const wallAt = (at: number, zone: string): number => at + storeClock(new Date(at), zone).offsetMinutes * MINUTE;

/**
 * `2027-01-01` and `00:00` in `zone` → `2027-01-01T00:00:00+01:00`; null when they are not a real
 * day and time. A time the clocks skip (spring forward) means the instant they jump, the first
 * that reads later; a time they read twice (fall back) means the first of the two.
 */
export function storeInstant(day: string, time: string, zone: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  // Date.UTC rolls 30 February over to March and 24:30 to the next day: those were not typed.
  if (new Date(wall).toISOString().slice(0, 16) !== `${day}T${time}`) return null;
  // The zone's offsets a day either side: a clock change near the time is one of the two.
  const offsets = new Set([wall - DAY, wall + DAY].map((at) => storeClock(new Date(at), zone).offsetMinutes));
  const candidates = [...offsets].map((o) => wall - o * MINUTE);
  const exact = candidates.filter((at) => wallAt(at, zone) === wall);
  if (exact.length > 0) return toStoreIso(new Date(Math.min(...exact)), zone);
  // Skipped: the clocks jump between the earlier candidate (reads before `wall`) and the later
  // one (reads after it); the jump is on a whole minute.
  let lo = Math.min(...candidates);
  let hi = Math.max(...candidates);
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (wallAt(mid, zone) >= wall) hi = mid;
    else lo = mid;
  }
  return toStoreIso(new Date(hi), zone);
}

/** The store day after the one `now` falls on in `zone`: where "from the next midnight" starts. */
export function nextStoreDay(now: Date, zone: string): string {
  return new Date(Date.parse(`${storeDay(now, zone)}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
}
