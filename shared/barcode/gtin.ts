// GTIN arithmetic: the GS1 mod-10 check digit shared by GTIN-8/12/13/14, SSCC and GLN, and the
// normalisation of every retail code to the 14-digit form products are stored under.
// These are exported for the server too (seed data builds EAN-13s with `withCheckDigit`).

/** Thrown only by the helpers that build codes (never by `parseScan`): the input was not digits. */
export class GtinInputError extends Error {
  readonly code = 'GTIN_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'GtinInputError';
  }
}

const DIGITS = /^[0-9]+$/;

export function isDigits(text: string): boolean {
  return DIGITS.test(text);
}

/**
 * The GS1 mod-10 check digit of `body` (all digits before the check digit): weights 3,1,3,1…
 * from the rightmost body digit. Works for any GS1 key length (GTIN, SSCC, GLN).
 * @throws GtinInputError when `body` is empty or not all digits.
 */
export function gtinCheckDigit(body: string): number {
  if (!isDigits(body)) {
    throw new GtinInputError(`a check digit needs digits only, got "${body}"`);
  }
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** `body` followed by its check digit, e.g. `withCheckDigit('400638133393')` → `'4006381333931'`. */
export function withCheckDigit(body: string): string {
  return body + String(gtinCheckDigit(body));
}

/** True when `code` is all digits and its last digit is the check digit of the rest. */
export function hasValidCheckDigit(code: string): boolean {
  if (code.length < 2 || !isDigits(code)) return false;
  return gtinCheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

/** A GTIN-8, -12, -13 or -14 with a correct check digit. */
export function isValidGtin(code: string): boolean {
  return (code.length === 8 || code.length === 12 || code.length === 13 || code.length === 14) && hasValidCheckDigit(code);
}

/**
 * The GTIN-14 form of a GTIN-8/12/13/14 (left-padded with zeros), or null when `code` is not a
 * valid GTIN. UPC-E must be expanded first (`expandUpcE`).
 */
export function toGtin14(code: string): string | null {
  return isValidGtin(code) ? code.padStart(14, '0') : null;
}

/** A stored GTIN-14 as printed on the pack: an EAN-13 (or UPC-A) drops the leading zero. */
export function printedGtin(gtin14: string): string {
  return gtin14.length === 14 && gtin14.startsWith('0') ? gtin14.slice(1) : gtin14;
}
