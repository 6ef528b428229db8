// fast-check generators of valid GS1 element strings, shared by the property test and the
// differential test. Each element carries what a correct parser must decode from it, computed
// here independently of the parser (dates from a generated calendar date, decimals from text).

import fc from 'fast-check';
import { daysInMonth } from './gs1-date.ts';
import { GS } from './gs1-element-string.ts';
import { withCheckDigit } from './gtin.ts';
import type { Gs1Fields } from './scan-result.ts';

export interface GeneratedElement {
  ai: string;
  data: string;
  /** Typed fields this element must produce. */
  expected: Gs1Fields;
}

/** GS1 character set 82 without "(" and ")": inside the bracketed form those would be ambiguous. */
const CSET82_NO_BRACKETS = [...'!"%&\'*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz'];

const digits = (length: number): fc.Arbitrary<string> => fc.stringMatching(new RegExp(`^[0-9]{${length}}$`));
const digitRange = (min: number, max: number): fc.Arbitrary<string> => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
const text = (max: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...CSET82_NO_BRACKETS), minLength: 1, maxLength: max });

/** Decimal text of `digitString` with `decimals` implied decimals, e.g. ("001250", 3) → 1.25. */
function expectedValue(digitString: string, decimals: number): number {
  const whole = digitString.slice(0, digitString.length - decimals) || '0';
  const fraction = digitString.slice(digitString.length - decimals);
  return Number(decimals === 0 ? whole : `${whole}.${fraction}`);
}

interface GeneratedDate {
  yymmdd: string;
  iso: string;
}

/** A calendar date (or day 00 = end of month) within the GS1 century window of `referenceYear`. */
export function gs1DateArbitrary(referenceYear: number): fc.Arbitrary<GeneratedDate> {
  return fc
    .record({ year: fc.integer({ min: referenceYear - 49, max: referenceYear + 50 }), month: fc.integer({ min: 1, max: 12 }), dayPick: fc.nat(31) })
    .map(({ year, month, dayPick }) => {
      const last = daysInMonth(year, month);
      const day = dayPick % (last + 1); // 0 … last
      const pad = (n: number): string => String(n).padStart(2, '0');
      return { yymmdd: `${pad(year % 100)}${pad(month)}${pad(day)}`, iso: `${year}-${pad(month)}-${pad(day === 0 ? last : day)}` };
    });
}

function el(ai: string, data: string, expected: Gs1Fields = {}): GeneratedElement {
  return { ai, data, expected };
}

const DATE_AIS: ReadonlyArray<readonly [string, keyof Gs1Fields]> = [
  ['11', 'productionDate'], ['13', 'packagingDate'], ['15', 'bestBeforeDate'], ['17', 'expiryDate'],
];
const MEASURE_AIS: ReadonlyArray<readonly [string, keyof Gs1Fields]> = [
  ['310', 'netWeightKg'], ['311', 'lengthM'], ['312', 'widthM'], ['313', 'depthM'],
  ['314', 'areaM2'], ['315', 'netVolumeL'], ['316', 'netVolumeM3'],
];
const GLN_AIS: ReadonlyArray<readonly [string, keyof Gs1Fields]> = [
  ['410', 'shipToGln'], ['411', 'billToGln'], ['412', 'purchasedFromGln'], ['413', 'shipForGln'], ['414', 'locationGln'],
];

/** One element of one of the AIs the brief names (00, 01, 02, 10, 11 … 414). */
export function gs1ElementArbitrary(referenceYear: number): fc.Arbitrary<GeneratedElement> {
  return fc.oneof(
    digits(17).map((body) => { const v = withCheckDigit(body); return el('00', v, { sscc: v }); }),
    digits(13).map((body) => { const v = withCheckDigit(body); return el('01', v, { gtin: v }); }),
    digits(13).map((body) => { const v = withCheckDigit(body); return el('02', v, { contentGtin: v }); }),
    text(20).map((v) => el('10', v, { lot: v })),
    text(20).map((v) => el('21', v, { serial: v })),
    fc.tuple(fc.constantFrom(...DATE_AIS), gs1DateArbitrary(referenceYear)).map(([[ai, field], d]) => el(ai, d.yymmdd, { [field]: d.iso })),
    digitRange(1, 8).map((v) => el('30', v, { variableCount: Number(v) })),
    digitRange(1, 8).map((v) => el('37', v, { count: Number(v) })),
    fc.tuple(fc.constantFrom(...MEASURE_AIS), fc.integer({ min: 0, max: 5 }), digits(6)).map(([[stem, field], n, v]) =>
      el(`${stem}${n}`, v, { [field]: { digits: v, decimals: n, value: expectedValue(v, n) } }),
    ),
    // Prices keep more digits than decimals: see the differential test for why.
    fc.integer({ min: 0, max: 9 }).chain((n) =>
      digitRange(n + 1, 15).map((v) => el(`392${n}`, v, { price: { digits: v, decimals: n, value: expectedValue(v, n) } })),
    ),
    fc.integer({ min: 0, max: 9 }).chain((n) =>
      fc.tuple(digits(3), digitRange(n + 1, 15)).map(([currency, v]) =>
        el(`393${n}`, currency + v, { price: { digits: v, decimals: n, value: expectedValue(v, n), currency } }),
      ),
    ),
    text(30).map((v) => el('400', v, { orderNumber: v })),
    fc.tuple(fc.constantFrom(...GLN_AIS), digits(12)).map(([[ai, field], body]) => { const v = withCheckDigit(body); return el(ai, v, { [field]: v }); }),
  );
}

/**
 * 1–6 elements with distinct typed fields (a repeated AI, or 392n next to 393n, keeps only the
 * first typed value, so such lists would need a different expectation).
 */
export function gs1ElementListArbitrary(referenceYear: number): fc.Arbitrary<GeneratedElement[]> {
  return fc.uniqueArray(gs1ElementArbitrary(referenceYear), { minLength: 1, maxLength: 6, selector: (e) => Object.keys(e.expected)[0] ?? e.ai });
}

/** AIs that need no GS after them (GS1 predefined-length table), for the generators below. */
const PREDEFINED_PREFIXES = new Set(['00', '01', '02', '11', '13', '15', '17', '31']);

export type Gs1Form = 'scanned' | 'bracketed';

/**
 * Writes elements as a scan: bracketed `(ai)data…` or scanned (GS only after variable-length
 * fields, or after every field with `gsEverywhere`), behind `prefix` (an AIM id, a GS or "").
 */
export function renderElementString(elements: readonly GeneratedElement[], form: Gs1Form, prefix: string, gsEverywhere: boolean): string {
  if (form === 'bracketed') return prefix + elements.map((e) => `(${e.ai})${e.data}`).join('');
  const parts = elements.map((e, i) => {
    const last = i === elements.length - 1;
    const needsGs = !PREDEFINED_PREFIXES.has(e.ai.slice(0, 2)) || gsEverywhere;
    return e.ai + e.data + (last || !needsGs ? '' : GS);
  });
  return prefix + parts.join('');
}

/** All typed fields a list of distinct-AI elements must yield. */
export function expectedFields(elements: readonly GeneratedElement[]): Gs1Fields {
  return Object.assign({}, ...elements.map((e) => e.expected)) as Gs1Fields;
}
