// What a store configures about its barcodes: which restricted-circulation prefixes carry a
// price or a weight and how, which prefixes mark internal codes, how its scanners send GS.

/**
 * A restricted-circulation (in-store) price/weight barcode layout, read on the 13-digit EAN-13
 * form of the code: `prefix` + item reference + [price check digit] + value + check digit.
 * The value length is what is left: 12 − prefix − itemReferenceLength − (priceCheckDigit ? 1 : 0).
 * UPC-A number system 2 is prefix "02" here (a UPC-A is an EAN-13 with a leading 0).
 */
export interface VariableMeasureRule {
  /** Shown in the result (`rule`), e.g. "price 20". */
  name: string;
  /** Digits the EAN-13 form starts with: "20"–"29", or "02" for UPC-A number system 2. */
  prefix: string;
  itemReferenceLength: number;
  valueKind: 'price' | 'weight';
  /** Implied decimals of the value (2 for a price in cents, 3 for kilograms in grams). */
  decimals: number;
  /** A GS1 price check digit sits between item reference and value (value must be 4 or 5 digits). */
  priceCheckDigit: boolean;
}

export interface InternalCodePrefixes {
  /** Warehouse location labels, e.g. "LOC:WH1-A-01-02". */
  location: readonly string[];
  /** Receipt barcodes/QR printed for returns, e.g. "RCT:<sale reference>". */
  receipt: readonly string[];
  /** Employee badges, e.g. "EMP:0042". */
  employee: readonly string[];
}

export interface ScanConfig {
  /** Tried in order; the first rule whose prefix matches wins. */
  variableMeasureRules: readonly VariableMeasureRule[];
  /** Prefixes are matched case-insensitively (a wedge with Caps Lock on flips case). */
  internalCodes: InternalCodePrefixes;
  /**
   * Strings a scanner sends instead of ASCII 29 (GS) — e.g. when a keyboard layout turns
   * Ctrl+] into something else. ASCII 29 itself is always understood.
   */
  groupSeparatorSubstitutes: readonly string[];
  /**
   * An 8-digit code without an AIM id can be EAN-8 or UPC-E. "ean8-first" reads it as EAN-8
   * when its check digit fits and falls back to UPC-E; "upce-first" does the opposite.
   * With an AIM id (]E4 = EAN-8, ]E0 = UPC-E) there is no guessing.
   */
  eightDigitCodes: 'ean8-first' | 'upce-first';
  /** Year the GS1 YY century rule is applied against; the current UTC year when absent. */
  referenceYear?: number;
}

/**
 * Defaults: US-style UPC-A number system 2 price codes (2 IIIII P VVVV C), and two common
 * in-store EAN-13 layouts — 20 IIIII VVVVV C (price, 2 decimals) and 21 IIIII VVVVV C (weight
 * in kg, 3 decimals). Prefixes 22–29 are left unconfigured: they read as plain GTINs.
 */
export const defaultScanConfig: ScanConfig = {
  variableMeasureRules: [
    { name: 'UPC-A price (number system 2)', prefix: '02', itemReferenceLength: 5, valueKind: 'price', decimals: 2, priceCheckDigit: true },
    { name: 'EAN-13 price (20)', prefix: '20', itemReferenceLength: 5, valueKind: 'price', decimals: 2, priceCheckDigit: false },
    { name: 'EAN-13 weight kg (21)', prefix: '21', itemReferenceLength: 5, valueKind: 'weight', decimals: 3, priceCheckDigit: false },
  ],
  // Receipts print their return code as `AISLE:R:…` (shared/receipt/receipt-code.ts); `RCT:` is for
  // labels printed by other systems.
  internalCodes: { location: ['LOC:'], receipt: ['AISLE:R:', 'RCT:'], employee: ['EMP:'] },
  groupSeparatorSubstitutes: [],
  eightDigitCodes: 'ean8-first',
};
