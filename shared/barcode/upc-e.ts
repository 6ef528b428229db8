// UPC-E (zero-suppressed UPC-A): expansion of the 8-digit form to the 12-digit UPC-A it stands for.

import { gtinCheckDigit, isDigits } from './gtin.ts';

/**
 * Expands an 8-digit UPC-E (number system 0 or 1, six data digits, check digit) to UPC-A.
 * Returns null when the input is not 8 digits, the number system is not 0/1, or the check
 * digit (computed over the expanded UPC-A) does not match.
 */
export function expandUpcE(upcE: string): string | null {
  if (upcE.length !== 8 || !isDigits(upcE)) return null;
  const numberSystem = upcE[0];
  if (numberSystem !== '0' && numberSystem !== '1') return null;
  const d = upcE.slice(1, 7);
  const last = d[5] ?? '';
  let body: string;
  switch (last) {
    case '0':
    case '1':
    case '2':
      body = `${d.slice(0, 2)}${last}0000${d.slice(2, 5)}`;
      break;
    case '3':
      body = `${d.slice(0, 3)}00000${d.slice(3, 5)}`;
      break;
    case '4':
      body = `${d.slice(0, 4)}00000${d.slice(4, 5)}`;
      break;
    default:
      body = `${d.slice(0, 5)}0000${last}`;
  }
  const upcABody = numberSystem + body;
  const check = String(gtinCheckDigit(upcABody));
  return check === upcE[7] ? upcABody + check : null;
}
