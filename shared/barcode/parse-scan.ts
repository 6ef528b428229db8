// parseScan: one raw scan (keyboard wedge, HID, serial or typed) → one ScanResult. Owns the
// order of recognition: AIM id, internal codes, GS1 element strings, retail codes with their
// price/weight rules. Never throws; anything unusable becomes `kind: 'invalid'`.

import { splitAim } from './aim.ts';
import { decodeGs1Fields } from './gs1-fields.ts';
import { GS, isBracketedElementString, splitElementString } from './gs1-element-string.ts';
import { isDigits } from './gtin.ts';
import { matchInternalCode } from './internal-codes.ts';
import { readRetailDigits } from './retail-code.ts';
import { matchVariableMeasure } from './restricted-circulation.ts';
import { defaultScanConfig } from './scan-config.ts';
import type { ScanConfig } from './scan-config.ts';
import { SCAN_ERROR } from './scan-result.ts';
import type { ScanFailure, ScanResult, Symbology } from './scan-result.ts';

/** Control characters other than GS (ASCII 29), and DEL. Tab/CR/LF only as the terminator. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x1d) || code === 0x7f) return true;
  }
  return false;
}

/** Without an AIM id, a digit string counts as GS1 only if it opens with a GS1 key AI (00–03). */
const STARTS_WITH_KEY_AI = /^0[0-3]/;

function invalid(raw: string, symbology: Symbology, failure: ScanFailure): ScanResult {
  const result: ScanResult = { kind: 'invalid', raw, symbology, code: failure.code, reason: failure.reason };
  return failure.ai === undefined ? result : { ...result, ai: failure.ai };
}

function replaceSubstitutes(data: string, substitutes: readonly string[]): string {
  let text = data;
  for (const substitute of substitutes) {
    if (substitute.length > 0) text = text.split(substitute).join(GS);
  }
  return text;
}

function parseGs1(raw: string, symbology: Symbology, data: string, config: ScanConfig): ScanResult {
  const split = splitElementString(data);
  if (!split.ok) return invalid(raw, symbology, split);
  const referenceYear = config.referenceYear ?? new Date().getUTCFullYear();
  const decoded = decodeGs1Fields(split.elements, referenceYear);
  if (!decoded.ok) return invalid(raw, symbology, decoded);
  const { fields } = decoded;
  const base = { kind: 'gs1' as const, raw, symbology, fields, elements: split.elements };
  return fields.gtin === undefined ? base : { ...base, gtin: fields.gtin };
}

function parseRetail(raw: string, symbology: Symbology, digits: string, config: ScanConfig): ScanResult {
  const retail = readRetailDigits(digits, symbology.aimId, config);
  if (!retail.ok) return invalid(raw, symbology, retail);
  const measure = matchVariableMeasure(retail.gtin, config.variableMeasureRules);
  if (measure === null) {
    const base = { kind: 'gtin' as const, raw, symbology, format: retail.format, gtin: retail.gtin, scanned: retail.scanned };
    return retail.addOn === undefined ? base : { ...base, addOn: retail.addOn };
  }
  if (!measure.ok) return invalid(raw, symbology, measure);
  return {
    kind: 'variable-measure',
    raw,
    symbology,
    rule: measure.rule,
    gtin: retail.gtin,
    lookupGtin: measure.lookupGtin,
    itemReference: measure.itemReference,
    valueKind: measure.valueKind,
    value: measure.value,
  };
}

/**
 * Reads one scan. `raw` may carry the wedge terminator (Enter/Tab), an AIM symbology id and
 * GS separators. See docs/domain.md "Barcodes" for what each result kind means to the till.
 */
export function parseScan(raw: string, config: ScanConfig = defaultScanConfig): ScanResult {
  const trimmed = raw.trim();
  const { symbology, data } = splitAim(trimmed);
  if (data.length === 0) return invalid(raw, symbology, { ok: false, code: SCAN_ERROR.EMPTY, reason: 'The scan was empty.' });
  if (hasControlCharacter(data)) {
    return invalid(raw, symbology, { ok: false, code: SCAN_ERROR.BAD_CHARACTER, reason: 'The scan contains a control character no barcode carries (scanner or keyboard setup?).' });
  }
  if (symbology.gs1) return parseGs1(raw, symbology, replaceSubstitutes(data, config.groupSeparatorSubstitutes), config);
  if (symbology.aimId?.startsWith(']E') === true) {
    if (!isDigits(data)) return invalid(raw, symbology, { ok: false, code: SCAN_ERROR.UNRECOGNISED, reason: `An EAN/UPC barcode holds digits only, got "${data}".` });
    return parseRetail(raw, symbology, data, config);
  }

  const internal = matchInternalCode(data, config.internalCodes);
  if (internal !== null) {
    if (!internal.ok) return invalid(raw, symbology, internal);
    switch (internal.kind) {
      case 'location':
        return { kind: 'location', raw, symbology, code: internal.value };
      case 'receipt':
        return { kind: 'receipt', raw, symbology, receiptRef: internal.value };
      case 'employee':
        return { kind: 'employee', raw, symbology, badge: internal.value };
    }
  }

  const withGs = replaceSubstitutes(data, config.groupSeparatorSubstitutes);
  if (withGs.includes(GS) || isBracketedElementString(withGs)) return parseGs1(raw, symbology, withGs, config);
  if (isDigits(withGs) && [8, 12, 13, 14].includes(withGs.length)) return parseRetail(raw, symbology, withGs, config);
  if (STARTS_WITH_KEY_AI.test(withGs) && withGs.length >= 16) return parseGs1(raw, symbology, withGs, config);
  if (isDigits(withGs)) {
    return invalid(raw, symbology, { ok: false, code: SCAN_ERROR.BAD_LENGTH, reason: `${withGs.length} digits is not an EAN/UPC length (8, 12, 13 or 14).` });
  }
  return invalid(raw, symbology, { ok: false, code: SCAN_ERROR.UNRECOGNISED, reason: `"${withGs}" is not a product, GS1, location, receipt or badge barcode.` });
}
