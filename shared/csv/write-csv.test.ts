// The one CSV writer: whatever the cells hold (commas, quotes, line breaks, formulas), a standard
// RFC 4180 reader gets back the rows, with a ' only in front of cells a spreadsheet would run —
// which our own readers (unescapeFormula) take off again.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { looksLikeFormula, unescapeFormula, writeCsv } from './write-csv.ts';

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

describe('writeCsv', () => {
  const cellArb = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', '€', '1', '=', '-', '+', '@', "'", '.') });

  it('round-trips any cell text through a standard reader, formula-like cells behind a quote mark', () => {
    fc.assert(
      fc.property(fc.array(cellArb, { minLength: 1, maxLength: 5 }), fc.array(fc.array(cellArb, { minLength: 5, maxLength: 5 }), { maxLength: 10 }), (header, rows) => {
        const body = rows.map((r) => r.slice(0, header.length));
        const text = writeCsv(header, body);
        expect(text.startsWith('\ufeff')).toBe(true);
        const read = readCsv(text.slice(1));
        const shown = (cell: string): string => (looksLikeFormula(cell) ? `'${cell}` : cell);
        expect(read).toEqual([header, ...body].map((r) => r.map(shown)));
        expect(read.map((r) => r.map(unescapeFormula))).toEqual([header, ...body]);
      }),
    );
  });

  it('defuses formulas but leaves numbers, negative ones too, as numbers', () => {
    const [, row] = readCsv(writeCsv(['a', 'b', 'c', 'd', 'e'], [['=HYPERLINK("http://x")', '-12.50', '-2+3', '@SUM(A1)', '+1']]).slice(1));
    expect(row).toEqual(['\'=HYPERLINK("http://x")', '-12.50', "'-2+3", "'@SUM(A1)", "'+1"]);
  });
});
