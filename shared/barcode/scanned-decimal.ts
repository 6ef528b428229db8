// A number written as digits with implied decimals (GS1 310n, 392n…, embedded prices/weights).

import type { ScannedDecimal } from './scan-result.ts';

/** `digits` (all digits) with `decimals` implied decimals, e.g. ("001250", 3) → 1.25. */
export function scannedDecimal(digits: string, decimals: number): ScannedDecimal {
  const padded = digits.padStart(decimals + 1, '0');
  const cut = padded.length - decimals;
  const text = decimals === 0 ? padded : `${padded.slice(0, cut)}.${padded.slice(cut)}`;
  return { digits, decimals, value: Number(text) };
}
