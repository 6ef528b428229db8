import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storeClock } from './store-time.ts';
import { nextStoreDay, storeInstant } from './store-instant.ts';

describe('a store date and time as an instant', () => {
  it('writes the instant with the store offset of that day, summer or winter', () => {
    expect(storeInstant('2027-01-01', '00:00', 'Europe/Paris')).toBe('2027-01-01T00:00:00+01:00');
    expect(storeInstant('2027-07-01', '00:00', 'Europe/Paris')).toBe('2027-07-01T00:00:00+02:00');
    expect(storeInstant('2027-01-01', '00:00', 'America/New_York')).toBe('2027-01-01T00:00:00-05:00');
    expect(storeInstant('2027-01-01', '09:45', 'Asia/Kolkata')).toBe('2027-01-01T09:45:00+05:30');
    expect(storeInstant('2027-01-01', '00:00', 'UTC')).toBe('2027-01-01T00:00:00+00:00');
  });

  it('takes a time the clocks skip as the moment they jump, and a time read twice as the first', () => {
    // Paris, 28 March 2027: 02:00 becomes 03:00. 31 October 2027: 03:00 becomes 02:00 again.
    expect(storeInstant('2027-03-28', '02:30', 'Europe/Paris')).toBe('2027-03-28T03:00:00+02:00');
    expect(storeInstant('2027-10-31', '02:30', 'Europe/Paris')).toBe('2027-10-31T02:30:00+02:00');
    // Santiago starts summer time at midnight: the day begins at 01:00.
    expect(storeInstant('2026-09-06', '00:00', 'America/Santiago')).toBe('2026-09-06T01:00:00-03:00');
  });

  it('refuses what is not a day and a time', () => {
    expect(['', '2027-02-30', '2027-13-01', '1/1/2027'].map((day) => storeInstant(day, '00:00', 'Europe/Paris'))).toEqual([null, null, null, null]);
    expect(['', '24:00', '12:60', '9:00'].map((time) => storeInstant('2027-01-01', time, 'Europe/Paris'))).toEqual([null, null, null, null]);
  });

  it('reads back as the day and time typed whenever the clocks show them', () => {
    const zones = fc.constantFrom('Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Santiago', 'Pacific/Chatham');
    const minute = fc.integer({ min: 0, max: 2 * 365 * 24 * 60 }).map((m) => new Date(Date.UTC(2027, 0, 1) + m * 60_000));
    fc.assert(fc.property(zones, minute, (zone, at) => {
      // A wall time the store's clocks actually show (so not one they skip).
      const c = storeClock(at, zone);
      const time = `${String(c.hour).padStart(2, '0')}:${String(c.minute).padStart(2, '0')}`;
      const iso = storeInstant(c.day, time, zone);
      expect(iso).not.toBeNull();
      const back = storeClock(iso ?? '', zone);
      expect([back.day, back.hour, back.minute]).toEqual([c.day, c.hour, c.minute]);
      // The first instant that reads so: never later than the one we started from.
      expect(Date.parse(iso ?? '')).toBeLessThanOrEqual(Math.floor(at.getTime() / 60_000) * 60_000);
    }), { numRuns: 500 });
  });

  it('gives the next store day, which is not the next UTC day late in the evening west of UTC', () => {
    expect(nextStoreDay(new Date('2026-12-31T23:30:00Z'), 'Europe/Paris')).toBe('2027-01-02');
    expect(nextStoreDay(new Date('2027-01-01T03:00:00Z'), 'America/New_York')).toBe('2027-01-01');
    expect(nextStoreDay(new Date('2027-02-28T12:00:00Z'), 'UTC')).toBe('2027-03-01');
  });
});
