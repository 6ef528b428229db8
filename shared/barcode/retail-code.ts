// Plain retail codes — EAN-13, EAN-8, UPC-A, UPC-E, ITF-14 — read as digits, check digit
// verified, normalised to GTIN-14. The AIM id, when the scanner sent one, settles which
// symbology an 8-digit code is.

import { isDigits, isValidGtin, toGtin14 } from './gtin.ts';
import { expandUpcE } from './upc-e.ts';
import type { ScanConfig } from './scan-config.ts';
import { fail, SCAN_ERROR } from './scan-result.ts';
import type { RetailFormat, ScanFailure } from './scan-result.ts';

export interface RetailMatch {
  ok: true;
  format: RetailFormat;
  gtin: string;
  scanned: string;
  addOn?: string;
}

function asEan8(digits: string): RetailMatch | null {
  const gtin = toGtin14(digits);
  return gtin === null ? null : { ok: true, format: 'EAN-8', gtin, scanned: digits };
}

function asUpcE(digits: string): RetailMatch | null {
  const upcA = expandUpcE(digits);
  return upcA === null ? null : { ok: true, format: 'UPC-E', gtin: upcA.padStart(14, '0'), scanned: digits };
}

function badCheck(format: string, digits: string): ScanFailure {
  return fail(SCAN_ERROR.BAD_CHECK_DIGIT, `${format} ${digits} has a wrong check digit (misread or mistyped?).`);
}

function readEightDigits(digits: string, aimId: string | null, preference: ScanConfig['eightDigitCodes']): RetailMatch | ScanFailure {
  if (aimId === ']E4') return asEan8(digits) ?? badCheck('EAN-8', digits);
  if (aimId === ']E0') {
    if (digits[0] !== '0' && digits[0] !== '1') {
      return fail(SCAN_ERROR.BAD_UPC_E, `UPC-E ${digits} has number system ${digits[0] ?? ''}; only 0 and 1 exist.`);
    }
    return asUpcE(digits) ?? badCheck('UPC-E', digits);
  }
  const first = preference === 'upce-first' ? asUpcE(digits) : asEan8(digits);
  const second = preference === 'upce-first' ? asEan8(digits) : asUpcE(digits);
  return first ?? second ?? badCheck('EAN-8/UPC-E', digits);
}

/** Reads `digits` (already known to be all digits) as a retail code. */
export function readRetailDigits(digits: string, aimId: string | null, config: ScanConfig): RetailMatch | ScanFailure {
  if (aimId === ']E3') return readWithAddOn(digits, config);
  switch (digits.length) {
    case 8:
      return readEightDigits(digits, aimId, config.eightDigitCodes);
    case 12:
      return isValidGtin(digits) ? { ok: true, format: 'UPC-A', gtin: digits.padStart(14, '0'), scanned: digits } : badCheck('UPC-A', digits);
    case 13:
      return isValidGtin(digits) ? { ok: true, format: 'EAN-13', gtin: digits.padStart(14, '0'), scanned: digits } : badCheck('EAN-13', digits);
    case 14:
      return isValidGtin(digits) ? { ok: true, format: 'GTIN-14', gtin: digits, scanned: digits } : badCheck('GTIN-14', digits);
    default:
      return fail(SCAN_ERROR.BAD_LENGTH, `${digits.length} digits is not an EAN/UPC length (8, 12, 13 or 14).`);
  }
}

/** ]E3: a main code followed by a 2- or 5-digit add-on (periodicals, books). */
function readWithAddOn(digits: string, config: ScanConfig): RetailMatch | ScanFailure {
  for (const mainLength of [13, 12, 8]) {
    const addOnLength = digits.length - mainLength;
    if (addOnLength !== 2 && addOnLength !== 5) continue;
    const main = readRetailDigits(digits.slice(0, mainLength), ']E0', config);
    return main.ok ? { ...main, addOn: digits.slice(mainLength) } : main;
  }
  return isDigits(digits) && digits.length >= 8 ? readRetailDigits(digits, null, config) : fail(SCAN_ERROR.BAD_LENGTH, `${digits.length} digits is not an EAN/UPC with add-on.`);
}
