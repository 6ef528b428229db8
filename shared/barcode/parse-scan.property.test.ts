import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expectedFields, gs1ElementListArbitrary, renderElementString } from './gs1-arbitraries.test-support.ts';
import { defaultScanConfig, isValidGtin, parseScan, SCAN_ERROR, withCheckDigit } from './index.ts';
import type { ScanConfig, ScanResult } from './index.ts';

const REFERENCE_YEAR = 2026;
const config: ScanConfig = { ...defaultScanConfig, referenceYear: REFERENCE_YEAR };
const noPriceRules: ScanConfig = { ...config, variableMeasureRules: [] };
const terminator = fc.constantFrom('', '\r', '\n', '\r\n', '\t');
const ERROR_CODES = new Set<string>(Object.values(SCAN_ERROR));

/** Invariants every result holds, whatever the input. */
function expectWellFormed(result: ScanResult, raw: string): void {
  expect(result.raw).toBe(raw);
  switch (result.kind) {
    case 'invalid':
      expect(ERROR_CODES.has(result.code)).toBe(true);
      expect(result.reason.length).toBeGreaterThan(0);
      break;
    case 'gtin':
    case 'variable-measure':
      expect(isValidGtin(result.gtin) && result.gtin.length === 14).toBe(true);
      break;
    case 'gs1':
      expect(result.elements.length).toBeGreaterThan(0);
      if (result.gtin !== undefined) expect(isValidGtin(result.gtin)).toBe(true);
      break;
    case 'location':
      expect(result.code.length).toBeGreaterThan(0);
      break;
    case 'receipt':
      expect(result.receiptRef.length).toBeGreaterThan(0);
      break;
    case 'employee':
      expect(result.badge.length).toBeGreaterThan(0);
      break;
  }
}

describe('parseScan properties', () => {
  it('reads every valid GTIN back as the same GTIN-14, with or without AIM id and terminator', () => {
    const gtin = fc.constantFrom(7, 11, 12, 13).chain((length) => fc.stringMatching(new RegExp(`^[0-9]{${length}}$`)).map(withCheckDigit));
    fc.assert(
      fc.property(gtin, fc.boolean(), terminator, (code, withAim, end) => {
        const aim = !withAim ? '' : code.length === 8 ? ']E4' : code.length === 14 ? ']I1' : ']E0';
        const result = parseScan(aim + code + end, noPriceRules);
        expect(result).toMatchObject({ kind: 'gtin', gtin: code.padStart(14, '0') });
        // The same GTIN inside a GS1 element string gives the same key.
        expect(parseScan(`]C101${code.padStart(14, '0')}`, noPriceRules)).toMatchObject({ kind: 'gs1', gtin: code.padStart(14, '0') });
      }),
    );
  });

  it('rejects every single-digit misread of an EAN-13', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{12}$/), fc.nat(12), fc.integer({ min: 1, max: 9 }), (body, at, delta) => {
        const code = withCheckDigit(body);
        const misread = code.slice(0, at) + String((code.charCodeAt(at) - 48 + delta) % 10) + code.slice(at + 1);
        expect(parseScan(`]E0${misread}`, config)).toMatchObject({ kind: 'invalid', code: 'BAD_CHECK_DIGIT' });
      }),
    );
  });

  it('round-trips generated GS1 element strings in every form (scanned/bracketed, AIM/GS/none, extra GS)', () => {
    fc.assert(
      fc.property(
        gs1ElementListArbitrary(REFERENCE_YEAR),
        fc.constantFrom('scanned', 'bracketed'),
        fc.constantFrom(']C1', ']d2', ']Q3', ']e0', '\u001d', ''),
        fc.boolean(),
        terminator,
        (elements, form, prefix, gsEverywhere, end) => {
          // Without AIM id or leading GS, scanned data is taken for GS1 only when it opens with a
          // key AI (00–03) or holds a GS; "11770100300" could be anything, so it is not generated.
          fc.pre(!(form === 'scanned' && prefix === '' && !/^0[0-3]/.test(elements[0]?.ai ?? '')));
          const raw = renderElementString(elements, form, prefix, gsEverywhere) + end;
          const result = parseScan(raw, config);
          if (result.kind !== 'gs1') throw new Error(`${JSON.stringify(raw)} → ${JSON.stringify(result)}`);
          expect(result.elements.map((e) => [e.ai, e.data])).toEqual(elements.map((e) => [e.ai, e.data]));
          expect(result.fields).toEqual(expectedFields(elements));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on garbage and always returns a well-formed result', () => {
    const garbage = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.string({ unit: fc.constantFrom(...'0123456789()]\u001dCdQeE1234LOC:RCT:EMP:\r\n\t '), maxLength: 40 }),
      fc.tuple(fc.constantFrom(']C1', ']d2', ']Q3', ']E0', ']E3', ']E4', ']e0', '(', '(01)', '01', 'LOC:', ''), fc.string({ unit: 'binary-ascii', maxLength: 40 })).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(garbage, (raw) => {
        expectWellFormed(parseScan(raw, config), raw);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on damaged element strings (a character dropped, doubled or replaced)', () => {
    fc.assert(
      fc.property(gs1ElementListArbitrary(REFERENCE_YEAR), fc.constantFrom('scanned', 'bracketed'), fc.nat(), fc.string({ unit: 'binary-ascii', maxLength: 2 }), (elements, form, at, insert) => {
        const clean = renderElementString(elements, form, ']C1', false);
        const position = at % clean.length;
        const damaged = clean.slice(0, position) + insert + clean.slice(position + 1);
        expectWellFormed(parseScan(damaged, config), damaged);
      }),
      { numRuns: 600 },
    );
  });
});
