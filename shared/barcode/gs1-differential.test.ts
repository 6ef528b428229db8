// Differential test: our GS1 element-string parser against the independent npm parser
// gs1-barcode-parser-mod, on generated element strings. Where the two disagree on purpose,
// the disagreement has its own test below saying which side is right and why.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseBarcode } from 'gs1-barcode-parser-mod';
import type { ParsedElement } from 'gs1-barcode-parser-mod';
import { gs1ElementListArbitrary, renderElementString } from './gs1-arbitraries.test-support.ts';
import { defaultScanConfig, parseScan } from './index.ts';
import type { Gs1Fields, Gs1Scan, ScanConfig, ScannedDecimal } from './index.ts';

/** The other parser resolves YY against the current year; so must we, to compare. */
const YEAR = new Date().getUTCFullYear();
const config: ScanConfig = { ...defaultScanConfig, referenceYear: YEAR };

type Comparable = readonly [ai: string, value: string | number, unit: string];

const DATE_FIELDS: Readonly<Record<string, keyof Gs1Fields>> = {
  '11': 'productionDate', '13': 'packagingDate', '15': 'bestBeforeDate', '17': 'expiryDate',
};
const MEASURE_FIELDS: Readonly<Record<string, keyof Gs1Fields>> = {
  '310': 'netWeightKg', '311': 'lengthM', '312': 'widthM', '313': 'depthM', '314': 'areaM2', '315': 'netVolumeL', '316': 'netVolumeM3',
};

/** Our result in the other parser's terms: ISO date, number for measures/prices, raw text otherwise. */
function ours(result: Gs1Scan): Comparable[] {
  return result.elements.map(({ ai, data }): Comparable => {
    const dateField = DATE_FIELDS[ai];
    if (dateField !== undefined) return [ai, String(result.fields[dateField]), ''];
    const measureField = MEASURE_FIELDS[ai.slice(0, 3)];
    if (measureField !== undefined) return [ai, (result.fields[measureField] as ScannedDecimal).value, ''];
    if (ai.startsWith('392')) return [ai, result.fields.price?.value ?? NaN, ''];
    if (ai.startsWith('393')) return [ai, result.fields.price?.value ?? NaN, result.fields.price?.currency ?? ''];
    return [ai, data, ''];
  });
}

/** Theirs, keeping the unit only where it carries data (the currency of 393n). */
function theirs(items: readonly ParsedElement[]): Comparable[] {
  return items.map((item): Comparable => {
    const unit = item.ai.startsWith('393') ? item.unit : '';
    if (item.isoDate !== '') return [item.ai, item.isoDate, unit];
    return [item.ai, typeof item.data === 'number' ? item.data : String(item.data), unit];
  });
}

function parseOurs(raw: string): Gs1Scan {
  const result = parseScan(raw, config);
  if (result.kind !== 'gs1') throw new Error(`${JSON.stringify(raw)} → ${JSON.stringify(result)}`);
  return result;
}

function theirsThrows(raw: string): boolean {
  try {
    parseBarcode(raw);
    return false;
  } catch (error: unknown) {
    expect(typeof error).toBe('string'); // it throws bare string messages
    return true;
  }
}

describe('GS1 differential test against gs1-barcode-parser-mod', () => {
  it('decodes the same elements and values from generated element strings', () => {
    fc.assert(
      fc.property(
        gs1ElementListArbitrary(YEAR),
        fc.constantFrom('scanned', 'bracketed'),
        fc.constantFrom(']C1', ']d2', ']Q3', ']e0'),
        fc.boolean(),
        (elements, form, aim, gsEverywhere) => {
          const raw = renderElementString(elements, form, aim, gsEverywhere);
          expect(ours(parseOurs(raw))).toEqual(theirs(parseBarcode(raw).parsedCodeItems));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('agrees on the GS1 General Specifications example and on day 00 = last day of the month', () => {
    for (const raw of ['(01)09501101530003(17)140704(10)AB-123', ']C11725020010X', ']d2152402003103001250']) {
      expect(ours(parseOurs(raw))).toEqual(theirs(parseBarcode(raw).parsedCodeItems));
    }
  });

  describe('deliberate disagreements', () => {
    it('check digits: it accepts a GTIN/SSCC/GLN with a wrong check digit; we reject the misread', () => {
      for (const raw of [']C10109501101530004', ']C100006141411234567891', ']C14145412345000014']) {
        expect(theirsThrows(raw)).toBe(false);
        expect(parseScan(raw, config)).toMatchObject({ kind: 'invalid', code: 'BAD_CHECK_DIGIT' });
      }
    });

    it('impossible dates: it rolls 13th months and 30 February over into the next month; we reject them', () => {
      expect(parseBarcode(']C117251301').parsedCodeItems[0]?.isoDate).toBe('2026-01-01'); // "month 13 of 2025"
      expect(parseBarcode(']C117250230').parsedCodeItems[0]?.isoDate).toMatch(/-03-02$/);
      expect(parseScan(']C117251301', config)).toMatchObject({ kind: 'invalid', code: 'BAD_DATE' });
      expect(parseScan(']C117250230', config)).toMatchObject({ kind: 'invalid', code: 'BAD_DATE' });
    });

    it('formats: it accepts over-long variable fields and letters in numeric AIs; we enforce the AI format', () => {
      const tooLongLot = `]C110${'A'.repeat(21)}`; // AI 10 is an..20
      expect(theirsThrows(tooLongLot)).toBe(false);
      expect(parseScan(tooLongLot, config)).toMatchObject({ kind: 'invalid', code: 'BAD_AI_DATA', ai: '10' });
      expect(parseBarcode(']C13012a').parsedCodeItems[0]?.data).toBe('12a'); // AI 30 is n..8
      expect(parseScan(']C13012a', config)).toMatchObject({ kind: 'invalid', code: 'BAD_AI_DATA', ai: '30' });
    });

    it('decimals: with fewer price digits than decimals it misplaces the point (3925 "12" → 0.12); we read 0.00012', () => {
      expect(parseBarcode(']C1392512').parsedCodeItems[0]?.data).toBe(0.12);
      expect(parseOurs(']C1392512').fields.price).toEqual({ digits: '12', decimals: 5, value: 0.00012 });
    });

    it('AI coverage: it knows AIs we do not (7250 date of birth, 310n with n > 5); we reject them as unknown', () => {
      expect(theirsThrows(']C1725019850630')).toBe(false);
      expect(parseScan(']C1725019850630', config)).toMatchObject({ kind: 'invalid', code: 'UNKNOWN_AI' });
      // GS1 defines 3100–3105 only; it reads 3106 as six decimals.
      expect(parseBarcode(']C13106123456').parsedCodeItems[0]?.data).toBe(0.123456);
      expect(parseScan(']C13106123456', config)).toMatchObject({ kind: 'invalid', code: 'UNKNOWN_AI' });
    });

    it('leading FNC1: it throws on a GS right after the AIM id; we skip it (some scanners send FNC1 in first position)', () => {
      expect(theirsThrows(']C1\u001d10ABC')).toBe(true);
      expect(parseOurs(']C1\u001d10ABC').fields.lot).toBe('ABC');
    });
  });
});
