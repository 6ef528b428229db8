// Report cells for CSV export: money exports as decimal units, times in store time (the file
// itself: shared/csv/write-csv.test.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, formatCell, formatMoney } from './format.ts';
import { displayFor } from './display.ts';

describe('CSV export', () => {
  it('exports money as decimal units of its currency and shows it with its symbol, its own minor units and grouping', () => {
    const eur = { currency: 'EUR', timeZone: 'UTC' };
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (minor) => {
        expect(Math.round(Number(csvCell(minor, 'money', eur)) * 100)).toBe(minor);
        expect(Math.round(Number(formatMoney(minor, 'EUR').replaceAll(/[€,]/g, '')) * 100)).toBe(minor);
        expect(Number(csvCell(minor, 'money', { currency: 'JPY', timeZone: 'UTC' }))).toBe(minor);
        expect(Math.round(Number(csvCell(minor, 'money', { currency: 'KWD', timeZone: 'UTC' })) * 1000)).toBe(minor);
      }),
    );
    expect(formatCell(123456, 'money', eur)).toBe('€1,234.56');
    expect(formatCell(123456, 'money', { currency: 'JPY', timeZone: 'UTC' })).toBe('¥123,456');
    expect(formatCell(123456, 'money', { currency: 'KWD', timeZone: 'UTC' })).toBe('KWD 123.456');
    expect(formatCell(0.152, 'pct')).toBe('15.2 %');
    expect(csvCell(null, 'money')).toBe('');
  });

  it('shows times in the store time zone', () => {
    expect(formatCell('2026-11-22T23:30:00.000Z', 'datetime', { currency: 'EUR', timeZone: 'Europe/Paris' })).toBe('2026-11-23 00:30');
    expect(csvCell('2026-11-22T23:30:00.000Z', 'datetime', { currency: 'JPY', timeZone: 'Asia/Tokyo' })).toBe('2026-11-23 08:30');
  });

  it('says which currency and zone it uses when the sites differ', () => {
    const site = (id: string, currency: string, timeZone: string) => ({ id, code: id, name: id, kind: 'store', currency, timeZone });
    const sites = [site('A', 'EUR', 'Europe/Paris'), site('B', 'JPY', 'Asia/Tokyo')];
    expect(displayFor(sites, 'B')).toEqual({ currency: 'JPY', timeZone: 'Asia/Tokyo', note: null });
    const all = displayFor(sites, '');
    expect(all.currency).toBe('EUR');
    expect(all.note).toMatch(/Asia\/Tokyo, Europe\/Paris/);
    expect(all.note).toMatch(/EUR, JPY/);
    expect(displayFor([sites[0] ?? site('A', 'EUR', 'UTC')], '').note).toBeNull();
  });
});
