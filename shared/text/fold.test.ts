import { describe, expect, it } from 'vitest';
import { foldedIncludes, foldText } from './fold.ts';

describe('foldText', () => {
  it('drops accents and case', () => {
    expect(foldText('Éclair au Chocolat')).toBe('eclair au chocolat');
    expect(foldText('Crème brûlée')).toBe('creme brulee');
    expect(foldText('JOSÉ ÁLVAREZ')).toBe('jose alvarez');
    expect(foldText('Ångström Ñandú')).toBe('angstrom nandu');
  });

  it('writes the letters without a base letter as the server does', () => {
    expect(foldText('Straßenbrot')).toBe('strassenbrot');
    expect(foldText('Œufs frais')).toBe('oeufs frais');
    expect(foldText('Ærø Øl')).toBe('aero ol');
    expect(foldText('Łódź')).toBe('lodz');
  });

  it('leaves digits, signs and plain text alone', () => {
    expect(foldText('Screw M8 — 20% off #4')).toBe('screw m8 — 20% off #4');
  });

  it('finds a part however it is typed', () => {
    expect(foldedIncludes('Zoë Martín', 'zoe mar')).toBe(true);
    expect(foldedIncludes('Zoe Martin', 'MARTÍN')).toBe(true);
    expect(foldedIncludes('Zoë Martín', 'martina')).toBe(false);
  });
});
