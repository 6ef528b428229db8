// The period arithmetic every report relies on: the previous period has the same length and
// ends the day before; day ranges are inclusive; bad input is refused with a named error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storeDay } from '../../shared/time/index.ts';
import { addDays, daysBetween, parseFilters, previousPeriod, rangeBounds, ReportFilterError, storeDayStart } from './filters.ts';

const dayArb = fc.integer({ min: 0, max: 20_000 }).map((n) => addDays('1990-01-01', n));

describe('report filters', () => {
  it('makes the previous period as long as the period, ending the day before it starts', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 0, max: 400 }), (from, extra) => {
        const f = parseFilters({ from, to: addDays(from, extra) });
        const prev = previousPeriod(f);
        expect(daysBetween(prev.from, prev.to)).toBe(daysBetween(f.from, f.to));
        expect(addDays(prev.to, 1)).toBe(f.from);
      }),
    );
  });

  it('covers whole UTC days, both ends included', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 0, max: 60 }), (from, extra) => {
        const to = addDays(from, extra);
        const { start, end } = rangeBounds({ from, to, timeZone: 'UTC' });
        expect((Date.parse(end) - Date.parse(start)) / 86_400_000).toBe(extra + 1);
        expect(daysBetween(from, to)).toBe(extra + 1);
      }),
    );
  });

  it('starts a store day at its local midnight in any zone, DST days included', () => {
    const zones = ['Europe/Paris', 'Asia/Tokyo', 'America/New_York', 'Pacific/Auckland', 'Asia/Kolkata', 'America/Sao_Paulo', 'UTC'];
    fc.assert(
      fc.property(dayArb, fc.constantFrom(...zones), (day, zone) => {
        const start = storeDayStart(day, zone).getTime();
        expect(storeDay(new Date(start), zone)).toBe(day);
        expect(storeDay(new Date(start - 1000), zone)).toBe(addDays(day, -1));
        const { start: s, end: e } = rangeBounds({ from: day, to: day, timeZone: zone });
        expect(storeDay(new Date(Date.parse(e) - 1000), zone)).toBe(day);
        expect(Date.parse(s)).toBe(start);
      }),
      { numRuns: 3000 },
    );
  });

  it('starts a day whose midnight was skipped by DST at the jump (Sao Paulo, 16 Oct 2005)', () => {
    expect(storeDayStart('2005-10-16', 'America/Sao_Paulo').toISOString()).toBe('2005-10-16T03:00:00.000Z');
    expect(storeDayStart('2006-02-19', 'America/Sao_Paulo').toISOString()).toBe('2006-02-19T03:00:00.000Z');
  });

  it('defaults to the last 7 days and treats "all" as no filter', () => {
    expect(parseFilters({ site: 'all', channel: '' }, new Date('2026-11-22T10:00:00Z'))).toEqual({ from: '2026-11-16', to: '2026-11-22', siteId: null, channel: null, timeZone: 'UTC' });
    expect(parseFilters({}, new Date('2026-11-22T23:30:00Z'), 'Asia/Tokyo')).toMatchObject({ from: '2026-11-17', to: '2026-11-23', timeZone: 'Asia/Tokyo' });
  });

  it('refuses malformed and non-existent dates, reversed and over-long ranges', () => {
    for (const q of [{ from: '22/11/2026' }, { from: '2026-11-22', to: '2026-11-01' }, { from: '2020-01-01', to: '2026-01-01' }, { from: '2026-02-30' }]) {
      expect(() => parseFilters(q)).toThrow(ReportFilterError);
    }
  });
});
