import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { likeEscaped, searchPattern, TRIGRAM_MIN } from './prefix-pattern.ts';

describe('a search box\'s LIKE pattern', () => {
  it('matches any part from three characters on, the start below, with the text\'s own %, _ and \\ taken literally', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12, unit: 'grapheme' }), (text) => {
        const pattern = searchPattern(text);
        const contains = [...text].length >= TRIGRAM_MIN;
        expect(pattern).toBe(`${contains ? '%' : ''}${likeEscaped(text)}%`);
      }),
    );
    expect(searchPattern('mk')).toBe('mk%');
    expect(searchPattern('Zoë')).toBe('%Zoë%');
    expect(searchPattern('5%')).toBe('5\\%%');
  });
});
