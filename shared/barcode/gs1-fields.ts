// Typed decoding of checked GS1 elements: dates to ISO, measures and prices with their implied
// decimals, counts to numbers, keys (GTIN/SSCC/GLN) copied as they are. Elements with no typed
// field stay only in the element list.

import { aiDefinition } from './gs1-ai-table.ts';
import { gs1DateToIso } from './gs1-date.ts';
import { scannedDecimal } from './scanned-decimal.ts';
import { fail, SCAN_ERROR } from './scan-result.ts';
import type { Gs1Element, Gs1Fields, Gs1MeasureKind, ScanFailure } from './scan-result.ts';

export type FieldsResult = { ok: true; fields: Gs1Fields } | ScanFailure;

type StringField =
  | 'sscc' | 'gtin' | 'contentGtin' | 'mtoGtin' | 'lot' | 'variant' | 'serial' | 'orderNumber'
  | 'shipToGln' | 'billToGln' | 'purchasedFromGln' | 'shipForGln' | 'locationGln' | 'payToGln'
  | 'productionLocationGln';
type DateField = 'productionDate' | 'dueDate' | 'packagingDate' | 'bestBeforeDate' | 'sellByDate' | 'expiryDate';

const STRING_FIELDS: Readonly<Record<string, StringField>> = {
  '00': 'sscc', '01': 'gtin', '02': 'contentGtin', '03': 'mtoGtin', '10': 'lot', '20': 'variant',
  '21': 'serial', '400': 'orderNumber', '410': 'shipToGln', '411': 'billToGln',
  '412': 'purchasedFromGln', '413': 'shipForGln', '414': 'locationGln', '415': 'payToGln',
  '416': 'productionLocationGln',
};

const DATE_FIELDS: Readonly<Record<string, DateField>> = {
  '11': 'productionDate', '12': 'dueDate', '13': 'packagingDate', '15': 'bestBeforeDate',
  '16': 'sellByDate', '17': 'expiryDate',
};

const MEASURE_STEMS: Readonly<Record<string, Gs1MeasureKind>> = {
  '310': 'netWeightKg', '311': 'lengthM', '312': 'widthM', '313': 'depthM', '314': 'areaM2',
  '315': 'netVolumeL', '316': 'netVolumeM3',
};

/**
 * Typed fields for `elements`. Fails only on a date that is not a calendar date. When an AI
 * repeats, the first occurrence wins the typed field (all stay in the element list).
 */
export function decodeGs1Fields(elements: readonly Gs1Element[], referenceYear: number): FieldsResult {
  const fields: Gs1Fields = {};
  for (const { ai, data } of elements) {
    const stringField = STRING_FIELDS[ai];
    if (stringField !== undefined) {
      fields[stringField] ??= data;
      continue;
    }
    const dateField = DATE_FIELDS[ai];
    if (dateField !== undefined) {
      const iso = gs1DateToIso(data, referenceYear);
      if (iso === null) return fail(SCAN_ERROR.BAD_DATE, `AI (${ai}) date ${data} is not a calendar date (YYMMDD).`, ai);
      fields[dateField] ??= iso;
      continue;
    }
    if (ai === '30') {
      fields.variableCount ??= Number(data);
      continue;
    }
    if (ai === '37') {
      fields.count ??= Number(data);
      continue;
    }
    const decimals = aiDefinition(ai)?.decimals;
    if (decimals === undefined) continue;
    const stem = ai.slice(0, 3);
    const measure = MEASURE_STEMS[stem];
    if (measure !== undefined) {
      fields[measure] ??= scannedDecimal(data, decimals);
    } else if (stem === '392') {
      fields.price ??= scannedDecimal(data, decimals);
    } else if (stem === '393') {
      fields.price ??= { ...scannedDecimal(data.slice(3), decimals), currency: data.slice(0, 3) };
    }
  }
  return { ok: true, fields };
}
