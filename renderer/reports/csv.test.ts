// CSV export: whatever the cells hold (commas, quotes, line breaks), a standard RFC 4180 reader
// gets back exactly the rows shown; money exports as decimal units.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';
import { csvCell, formatCell, formatMoney } from './format.ts';
import { displayFor } from './display.ts';

/** A strict RFC 4180 reader (quoted fields may hold commas, quotes and line breaks). */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('CSV export', () => {
  it('round-trips any cell text through a standard reader', () => {
    const cellArb = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', '€', '1') });
    fc.assert(
      fc.property(fc.array(cellArb, { minLength: 1, maxLength: 5 }), fc.array(fc.array(cellArb, { minLength: 5, maxLength: 5 }), { maxLength: 10 }), (header, rows) => {
        const body = rows.map((r) => r.slice(0, header.length));
        expect(readCsv(toCsv(header, body))).toEqual([header, ...body]);
      }),
    );
  });

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
