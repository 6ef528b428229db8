import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clusters, sanitizeText, textWidth, truncateToWidth, wrapText } from './text-width.ts';

describe('text width', () => {
  it('counts accented letters and symbols as one cell, CJK and emoji as two', () => {
    expect(textWidth('Crème brûlée €')).toBe(14);
    expect(textWidth('日本')).toBe(4);
    expect(textWidth('☕')).toBe(2);
    expect(clusters('e\u0301a')).toEqual(['e\u0301', 'a']);
  });

  it('is never less than the UTF-16 length nor the code point count', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        expect(textWidth(text)).toBeGreaterThanOrEqual(text.length);
        expect(textWidth(text)).toBeGreaterThanOrEqual([...text].length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('sanitizeText', () => {
  it('keeps a name on one printable line', () => {
    expect(sanitizeText('  Crème\nbrûlée\t€\u202e ')).toBe('Crème brûlée €');
    expect(sanitizeText('e\u0301clair')).toBe('éclair');
    expect(sanitizeText('a\ud800b')).toBe('a\ufffdb');
  });
});

describe('wrapText', () => {
  it('never returns a line wider than the width and keeps every word', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer({ min: 12, max: 48 }), (raw, width) => {
        const text = sanitizeText(raw);
        const lines = wrapText(text, width);
        for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(width);
        expect(lines.join('').replaceAll(' ', '')).toBe(text.replaceAll(' ', ''));
      }),
      { numRuns: 500 },
    );
  });

  it('replaces a character wider than the whole line instead of overflowing', () => {
    expect(wrapText('日本', 1)).toEqual(['?', '?']);
  });

  it('breaks between words when it can', () => {
    expect(wrapText('Crème brûlée au chocolat noir', 14)).toEqual(['Crème brûlée', 'au chocolat', 'noir']);
    expect(wrapText('ABCDEFGHIJ', 4)).toEqual(['ABCD', 'EFGH', 'IJ']);
  });

  it('truncates with a marker', () => {
    expect(truncateToWidth('Crème brûlée au chocolat', 12)).toBe('Crème brû...');
    expect(truncateToWidth('Crème brûlée au chocolat', 9)).toBe('Crème...');
    expect(truncateToWidth('short', 12)).toBe('short');
  });
});
