// The result of reading one scan: a discriminated union on `kind`, and the named codes an
// `invalid` result carries. Parsing never throws; every way a scan can be wrong has a code here.

/** Named reasons a scan is rejected. The till shows `reason`; code logic branches on `code`. */
export const SCAN_ERROR = {
  /** Nothing left after trimming the terminator and whitespace. */
  EMPTY: 'EMPTY',
  /** Not a GTIN, not a GS1 element string, not a configured internal code. */
  UNRECOGNISED: 'UNRECOGNISED',
  /** A control or non-printable character that no barcode carries. */
  BAD_CHARACTER: 'BAD_CHARACTER',
  /** Digits of a length that no EAN/UPC/GTIN has. */
  BAD_LENGTH: 'BAD_LENGTH',
  /** A GTIN, SSCC or GLN whose last digit is not its mod-10 check digit. */
  BAD_CHECK_DIGIT: 'BAD_CHECK_DIGIT',
  /** A UPC-E whose number system is not 0 or 1. */
  BAD_UPC_E: 'BAD_UPC_E',
  /** A GS1 element string that starts with, or runs into, an AI this parser does not know. */
  UNKNOWN_AI: 'UNKNOWN_AI',
  /** A fixed-length GS1 field cut short (by the end of the data or by a GS). */
  TRUNCATED: 'TRUNCATED',
  /** A GS1 field whose data breaks its format (length, digits, character set). */
  BAD_AI_DATA: 'BAD_AI_DATA',
  /** A GS1 date field that is not a calendar date. */
  BAD_DATE: 'BAD_DATE',
  /** A bracketed element string `(01)…` with unbalanced or empty brackets. */
  BAD_BRACKETS: 'BAD_BRACKETS',
  /** A price/weight barcode whose embedded price check digit is wrong. */
  BAD_PRICE_CHECK_DIGIT: 'BAD_PRICE_CHECK_DIGIT',
  /** An internal-code prefix followed by nothing usable. */
  EMPTY_INTERNAL_CODE: 'EMPTY_INTERNAL_CODE',
  /** The scan config itself is inconsistent (e.g. a price/weight rule whose lengths do not add up). */
  BAD_CONFIG: 'BAD_CONFIG',
} as const;

export type ScanErrorCode = (typeof SCAN_ERROR)[keyof typeof SCAN_ERROR];

/** What the AIM symbology identifier (`]Cm`) said, or `aimId: null` when the scanner sent none. */
export interface Symbology {
  aimId: string | null;
  /** Human name, e.g. "GS1-128", "EAN-13/UPC-A/UPC-E"; "unknown" without an AIM id. */
  name: string;
  /** True for the AIM ids that promise GS1 element-string content (]C1, ]d2, ]Q3, ]e0 …). */
  gs1: boolean;
}

export type RetailFormat = 'EAN-13' | 'EAN-8' | 'UPC-A' | 'UPC-E' | 'GTIN-14';

/** A decimal number as the barcode wrote it: `digits` with `decimals` implied decimals. */
export interface ScannedDecimal {
  /** The digits as scanned (no decimal point), e.g. "001250". Exact: use it for money. */
  digits: string;
  decimals: number;
  /** `digits` with the decimals applied, as a JS number (e.g. 1.25). */
  value: number;
}

/** One GS1 element as found in the data, kept verbatim. */
export interface Gs1Element {
  ai: string;
  title: string;
  data: string;
}

/** GS1 price: 392n has no currency (the local one), 393n carries an ISO 4217 numeric code. */
export interface Gs1Price extends ScannedDecimal {
  /** ISO 4217 numeric currency code, e.g. "978" for EUR; only for AI 393n. */
  currency?: string;
}

export type Gs1MeasureKind =
  | 'netWeightKg'
  | 'lengthM'
  | 'widthM'
  | 'depthM'
  | 'areaM2'
  | 'netVolumeL'
  | 'netVolumeM3';

/** Typed GS1 fields. Absent when the AI is absent; dates are ISO `YYYY-MM-DD`. */
export interface Gs1Fields {
  sscc?: string;
  /** AI 01, as 14 digits, check digit verified. */
  gtin?: string;
  /** AI 02: GTIN of the trade items contained in a logistic unit. */
  contentGtin?: string;
  /** AI 03: made-to-order GTIN. */
  mtoGtin?: string;
  lot?: string;
  productionDate?: string;
  dueDate?: string;
  packagingDate?: string;
  bestBeforeDate?: string;
  sellByDate?: string;
  expiryDate?: string;
  variant?: string;
  serial?: string;
  /** AI 30: count of items in a variable measure trade item. */
  variableCount?: number;
  /** AI 37: count of trade items contained in a logistic unit. */
  count?: number;
  netWeightKg?: ScannedDecimal;
  lengthM?: ScannedDecimal;
  widthM?: ScannedDecimal;
  depthM?: ScannedDecimal;
  areaM2?: ScannedDecimal;
  netVolumeL?: ScannedDecimal;
  netVolumeM3?: ScannedDecimal;
  /** AI 392n / 393n: amount payable for a variable measure item. */
  price?: Gs1Price;
  /** AI 400: customer's purchase order number. */
  orderNumber?: string;
  shipToGln?: string;
  billToGln?: string;
  purchasedFromGln?: string;
  shipForGln?: string;
  /** AI 414: identification of a physical location. */
  locationGln?: string;
  payToGln?: string;
  /** AI 416: GLN of the production or service location. */
  productionLocationGln?: string;
}

interface ScanBase {
  /** The scan exactly as received (terminator included). */
  raw: string;
  symbology: Symbology;
}

/** A plain EAN/UPC/ITF-14 code. `gtin` is the 14-digit form products are stored under. */
export interface GtinScan extends ScanBase {
  kind: 'gtin';
  format: RetailFormat;
  gtin: string;
  /** The digits as scanned (a UPC-E keeps its 8 digits here). */
  scanned: string;
  /** EAN/UPC add-on (2 or 5 digits) when the scanner sent one under ]E3. */
  addOn?: string;
}

/** A GS1 element string (GS1-128, DataMatrix, QR, DataBar, or its bracketed HRI form). */
export interface Gs1Scan extends ScanBase {
  kind: 'gs1';
  /** AI 01 when present (convenience copy of `fields.gtin`). */
  gtin?: string;
  fields: Gs1Fields;
  /** Every element in scan order, including AIs that have no typed field. */
  elements: Gs1Element[];
}

/**
 * A restricted-circulation (in-store) EAN-13/UPC-A with a price or weight inside.
 * The till looks up `lookupGtin`: the same barcode with the value (and price check digit)
 * zeroed and the check digit recomputed — the product is registered under that GTIN-14.
 */
export interface VariableMeasureScan extends ScanBase {
  kind: 'variable-measure';
  /** Name of the config rule that matched. */
  rule: string;
  /** The scanned code as GTIN-14 (value included). */
  gtin: string;
  /** GTIN-14 to match a product: value digits set to zero, check digit recomputed. */
  lookupGtin: string;
  /** Prefix + item reference digits, e.g. "2112345". */
  itemReference: string;
  valueKind: 'price' | 'weight';
  value: ScannedDecimal;
}

export interface LocationScan extends ScanBase {
  kind: 'location';
  /** The location code after the configured prefix. */
  code: string;
}

export interface ReceiptScan extends ScanBase {
  kind: 'receipt';
  /** The receipt / sale reference after the configured prefix (for returns). */
  receiptRef: string;
}

export interface EmployeeScan extends ScanBase {
  kind: 'employee';
  badge: string;
}

export interface InvalidScan extends ScanBase {
  kind: 'invalid';
  code: ScanErrorCode;
  /** A sentence a cashier or picker can read. */
  reason: string;
  /** The GS1 AI at fault, when there is one. */
  ai?: string;
}

export type ScanResult =
  | GtinScan
  | Gs1Scan
  | VariableMeasureScan
  | LocationScan
  | ReceiptScan
  | EmployeeScan
  | InvalidScan;

/**
 * The internal "failure" shape the sub-parsers return; parse-scan.ts turns it into an
 * `InvalidScan` by adding `raw` and `symbology`.
 */
export interface ScanFailure {
  ok: false;
  code: ScanErrorCode;
  reason: string;
  ai?: string;
}

export function fail(code: ScanErrorCode, reason: string, ai?: string): ScanFailure {
  return ai === undefined ? { ok: false, code, reason } : { ok: false, code, reason, ai };
}
