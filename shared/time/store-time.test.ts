import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatStoreDate, formatStoreDateTime, formatStoreDateTimeText, isTimeZone, storeClock, storeDay, toStoreIso } from './index.ts';

describe('store time', () => {
  it('puts a sale at 00:30 Paris time on the 3rd on the 3rd, though it is the 2nd in UTC', () => {
    const instant = '2026-12-02T23:30:00.000Z';
    expect(storeDay(instant, 'UTC')).toBe('2026-12-02');
    expect(storeDay(instant, 'Europe/Paris')).toBe('2026-12-03');
    expect(formatStoreDateTime(instant, 'Europe/Paris')).toBe('2026-12-03 00:30');
    expect(toStoreIso(instant, 'Europe/Paris')).toBe('2026-12-03T00:30:00+01:00');
  });

  it('follows daylight saving time', () => {
    expect(storeClock('2026-07-01T12:00:00Z', 'Europe/Paris').offsetMinutes).toBe(120);
    expect(storeClock('2026-01-01T12:00:00Z', 'America/New_York').offsetMinutes).toBe(-300);
    expect(storeClock('2026-01-01T12:00:00Z', 'Asia/Kolkata').offsetMinutes).toBe(330);
  });

  it('refuses zones that do not exist', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(() => storeDay('2026-01-01T00:00:00Z', 'Nowhere/Else')).toThrow(/not a known time zone/);
  });

  it('gives the same answer when asked again (answers are remembered)', () => {
    for (let i = 0; i < 3; i++) {
      expect(isTimeZone('Asia/Kolkata')).toBe(true);
      expect(isTimeZone('Mars/Olympus')).toBe(false);
      expect(isTimeZone('europe/paris')).toBe(true);
    }
    // More distinct names than are remembered: still judged one by one.
    for (let i = 0; i < 1100; i++) expect(isTimeZone(`Nowhere/Place${i}`)).toBe(false);
    expect(isTimeZone('Pacific/Chatham')).toBe(true);
  });

  it('gives an ISO string that denotes the same instant', () => {
    const zones = ['UTC', 'Europe/Paris', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Adelaide', 'Pacific/Chatham'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom(...zones), (ms, zone) => {
        const instant = new Date(Math.floor(ms / 1000) * 1000);
        expect(new Date(toStoreIso(instant, zone)).getTime()).toBe(instant.getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it('writes a store day and time in words for sentences', () => {
    expect(formatStoreDate('2026-12-06T23:30:00.000Z', 'Europe/Paris')).toBe('7 Dec 2026');
    expect(formatStoreDate('2026-12-06T23:30:00.000Z', 'UTC')).toBe('6 Dec 2026');
    expect(formatStoreDateTimeText('2026-05-01T09:05:00.000Z', 'Europe/Paris')).toBe('1 May 2026, 11:05');
  });
});
