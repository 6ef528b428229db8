// Restricted-circulation price/weight barcodes (EAN-13 prefixes 20–29, UPC-A number system 2):
// matching a code against the store's rules, checking the embedded price check digit, and
// building the GTIN the till looks the product up under.

import { GtinInputError, isDigits, withCheckDigit } from './gtin.ts';
import { priceCheckDigit } from './price-check-digit.ts';
import { scannedDecimal } from './scanned-decimal.ts';
import type { VariableMeasureRule } from './scan-config.ts';
import { fail, SCAN_ERROR } from './scan-result.ts';
import type { ScanFailure, ScannedDecimal } from './scan-result.ts';

export interface VariableMeasureMatch {
  ok: true;
  rule: string;
  lookupGtin: string;
  itemReference: string;
  valueKind: 'price' | 'weight';
  value: ScannedDecimal;
}

/** The number of value digits a rule leaves, or a sentence saying why the rule is unusable. */
export function ruleValueLength(rule: VariableMeasureRule): number | string {
  if (!/^[0-9]{1,3}$/.test(rule.prefix)) return `rule "${rule.name}": prefix must be 1–3 digits`;
  if (!Number.isInteger(rule.itemReferenceLength) || rule.itemReferenceLength < 1) {
    return `rule "${rule.name}": itemReferenceLength must be a positive integer`;
  }
  if (!Number.isInteger(rule.decimals) || rule.decimals < 0) return `rule "${rule.name}": decimals must be a non-negative integer`;
  const valueLength = 12 - rule.prefix.length - rule.itemReferenceLength - (rule.priceCheckDigit ? 1 : 0);
  if (valueLength < 1) return `rule "${rule.name}": prefix and item reference leave no room for a value`;
  if (rule.priceCheckDigit && valueLength !== 4 && valueLength !== 5) {
    return `rule "${rule.name}": a price check digit needs a 4- or 5-digit value, the layout leaves ${valueLength}`;
  }
  return valueLength;
}

/** Problems in a rule list (empty when every rule is usable). */
export function validateVariableMeasureRules(rules: readonly VariableMeasureRule[]): string[] {
  return rules.flatMap((rule) => {
    const length = ruleValueLength(rule);
    return typeof length === 'string' ? [length] : [];
  });
}

/**
 * Reads a GTIN-14 (check digit already verified) against `rules`. Returns null when no rule's
 * prefix matches (the code is then an ordinary GTIN), a failure for a bad price check digit or
 * an unusable rule, or the match.
 */
export function matchVariableMeasure(gtin14: string, rules: readonly VariableMeasureRule[]): VariableMeasureMatch | ScanFailure | null {
  if (gtin14[0] !== '0') return null;
  const ean13 = gtin14.slice(1);
  const rule = rules.find((candidate) => ean13.startsWith(candidate.prefix));
  if (rule === undefined) return null;
  const valueLength = ruleValueLength(rule);
  if (typeof valueLength === 'string') return fail(SCAN_ERROR.BAD_CONFIG, `Price/weight barcode config is wrong: ${valueLength}.`);
  const itemEnd = rule.prefix.length + rule.itemReferenceLength;
  const itemReference = ean13.slice(0, itemEnd);
  const valueStart = itemEnd + (rule.priceCheckDigit ? 1 : 0);
  const valueDigits = ean13.slice(valueStart, valueStart + valueLength);
  if (rule.priceCheckDigit) {
    const expected = priceCheckDigit(valueDigits);
    if (String(expected) !== ean13[itemEnd]) {
      return fail(SCAN_ERROR.BAD_PRICE_CHECK_DIGIT, `The ${rule.valueKind} ${valueDigits} in this barcode fails its price check digit (misread?).`);
    }
  }
  return {
    ok: true,
    rule: rule.name,
    lookupGtin: lookupGtinOf(itemReference),
    itemReference,
    valueKind: rule.valueKind,
    value: scannedDecimal(valueDigits, rule.decimals),
  };
}

/** The product's own code under a rule: the item reference followed by zeros, as stored (GTIN-14). */
function lookupGtinOf(itemReference: string): string {
  return withCheckDigit(itemReference + '0'.repeat(12 - itemReference.length)).padStart(14, '0');
}

/**
 * What a scale prints: the EAN-13 carrying `value` (an integer in the rule's smallest unit — cents
 * for a 2-decimal price, grams for a 3-decimal weight) for the item `itemDigits` (the digits after
 * the prefix), and the GTIN-14 the product is stored under, which `matchVariableMeasure` looks up.
 * @throws GtinInputError when the rule is unusable or the item or value do not fit its layout.
 */
export function variableMeasureCode(rule: VariableMeasureRule, itemDigits: string, value: number): { ean13: string; lookupGtin: string } {
  const valueLength = ruleValueLength(rule);
  if (typeof valueLength === 'string') throw new GtinInputError(valueLength);
  if (itemDigits.length !== rule.itemReferenceLength || !isDigits(itemDigits)) throw new GtinInputError(`rule "${rule.name}" needs an item reference of ${rule.itemReferenceLength} digits, got "${itemDigits}"`);
  const digits = Number.isInteger(value) && value >= 0 ? String(value).padStart(valueLength, '0') : '';
  if (digits.length !== valueLength) throw new GtinInputError(`rule "${rule.name}" holds a value of ${valueLength} digits, got ${value}`);
  const itemReference = rule.prefix + itemDigits;
  const ean13 = withCheckDigit(itemReference + (rule.priceCheckDigit ? String(priceCheckDigit(digits)) : '') + digits);
  return { ean13, lookupGtin: lookupGtinOf(itemReference) };
}
