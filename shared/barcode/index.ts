// Public face of shared/barcode: parse a scan, plus the GTIN helpers the server uses.

export { parseScan } from './parse-scan.ts';
export { defaultScanConfig } from './scan-config.ts';
export type { InternalCodePrefixes, ScanConfig, VariableMeasureRule } from './scan-config.ts';
export { SCAN_ERROR } from './scan-result.ts';
export type {
  EmployeeScan,
  Gs1Element,
  Gs1Fields,
  Gs1MeasureKind,
  Gs1Price,
  Gs1Scan,
  GtinScan,
  InvalidScan,
  LocationScan,
  ReceiptScan,
  RetailFormat,
  ScanErrorCode,
  ScannedDecimal,
  ScanResult,
  Symbology,
  VariableMeasureScan,
} from './scan-result.ts';
export { GtinInputError, gtinCheckDigit, hasValidCheckDigit, isValidGtin, toGtin14, withCheckDigit } from './gtin.ts';
export { expandUpcE } from './upc-e.ts';
export { priceCheckDigit } from './price-check-digit.ts';
export { validateVariableMeasureRules, variableMeasureCode } from './restricted-circulation.ts';
export { aiDefinition, knownAis } from './gs1-ai-table.ts';
export type { Gs1AiDef } from './gs1-ai-table.ts';
export { GS } from './gs1-element-string.ts';
