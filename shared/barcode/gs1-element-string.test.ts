import { describe, expect, it } from 'vitest';
import { knownAis, PREDEFINED_TOTAL_LENGTH } from './gs1-ai-table.ts';
import { GS, splitElementString } from './gs1-element-string.ts';
import { parseScan } from './parse-scan.ts';
import { defaultScanConfig } from './scan-config.ts';
import type { ScanConfig, ScanResult } from './index.ts';

const config: ScanConfig = { ...defaultScanConfig, referenceYear: 2026 };

function gs1(raw: string): Extract<ScanResult, { kind: 'gs1' }> {
  const result = parseScan(raw, config);
  if (result.kind !== 'gs1') throw new Error(`expected gs1, got ${JSON.stringify(result)}`);
  return result;
}

describe('GS1 element strings', () => {
  it('reads the GS1 General Specifications example (01)09501101530003(17)140704(10)AB-123', () => {
    const result = gs1('(01)09501101530003(17)140704(10)AB-123');
    expect(result.gtin).toBe('09501101530003');
    expect(result.fields).toEqual({ gtin: '09501101530003', expiryDate: '2014-07-04', lot: 'AB-123' });
    expect(result.elements.map((e) => e.ai)).toEqual(['01', '17', '10']);
  });

  it('reads the same data scanned as GS1-128, GS1 DataMatrix, GS1 QR and DataBar', () => {
    for (const aim of [']C1', ']d2', ']Q3', ']e0']) {
      const result = gs1(`${aim}01095011015300031714070410AB-123${GS}21XYZ`);
      expect(result.symbology).toMatchObject({ aimId: aim, gs1: true });
      expect(result.fields).toMatchObject({ gtin: '09501101530003', expiryDate: '2014-07-04', lot: 'AB-123', serial: 'XYZ' });
    }
  });

  it('needs no GS after predefined-length AIs and runs a variable field without GS to the end', () => {
    const result = gs1(`]C1000061414112345678900109501101530003${'11'}250101${'3103'}001250${'10'}LOT${'17'}261231`);
    expect(result.fields).toMatchObject({
      sscc: '006141411234567890',
      gtin: '09501101530003',
      productionDate: '2025-01-01',
      netWeightKg: { digits: '001250', decimals: 3, value: 1.25 },
      lot: 'LOT17261231', // no GS after the lot: it swallows the rest, as the standard says
    });
  });

  it('decodes counts, prices with and without currency, order numbers and GLNs', () => {
    const result = gs1(
      `]d2${GS}0209501101530003${'37'}24${GS}3922${'1999'}${GS}400PO-778${GS}41054123450000134145412345000013${'30'}7`,
    );
    expect(result.fields).toMatchObject({
      contentGtin: '09501101530003',
      count: 24,
      price: { digits: '1999', decimals: 2, value: 19.99 },
      orderNumber: 'PO-778',
      shipToGln: '5412345000013',
      locationGln: '5412345000013',
      variableCount: 7,
    });
    expect(result.fields.price?.currency).toBeUndefined();
    expect(gs1(']C13932978001999').fields.price).toEqual({ digits: '001999', decimals: 2, value: 19.99, currency: '978' });
  });

  it('decodes 310n–316n with their decimals and keeps every raw AI, typed or not', () => {
    const result = gs1('(3100)000012(3113)001500(3122)000250(3133)000001(3144)123456(3155)000750(3160)000003(7003)2612311200');
    expect(result.fields).toMatchObject({
      netWeightKg: { value: 12 },
      lengthM: { value: 1.5 },
      widthM: { value: 2.5 },
      depthM: { value: 0.001 },
      areaM2: { value: 12.3456 },
      netVolumeL: { value: 0.0075 },
      netVolumeM3: { value: 3 },
    });
    expect(result.elements.at(-1)).toEqual({ ai: '7003', title: 'EXPIRY TIME', data: '2612311200' });
  });

  it('reads day 00 as the end of the month and applies the century rule to YY', () => {
    const result = gs1('(15)250200(13)990101(11)240200');
    expect(result.fields).toMatchObject({ bestBeforeDate: '2025-02-28', packagingDate: '1999-01-01', productionDate: '2024-02-29' });
  });

  it('accepts a leading FNC1 (GS), a GS after a fixed field and a trailing GS', () => {
    expect(gs1(`${GS}0109501101530003${GS}10A${GS}`).fields).toMatchObject({ gtin: '09501101530003', lot: 'A' });
  });

  it('rejects wrong check digits in GTIN, SSCC and GLN with the AI at fault', () => {
    expect(parseScan('(01)09501101530004', config)).toMatchObject({ kind: 'invalid', code: 'BAD_CHECK_DIGIT', ai: '01' });
    expect(parseScan('(00)006141411234567891', config)).toMatchObject({ kind: 'invalid', code: 'BAD_CHECK_DIGIT', ai: '00' });
    expect(parseScan('(414)5412345000014', config)).toMatchObject({ kind: 'invalid', code: 'BAD_CHECK_DIGIT', ai: '414' });
  });

  it('names the problem for bad element strings', () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      [']C1010950110153000', 'TRUNCATED'], // GTIN cut short
      [`]C101095011015${GS}0003`, 'TRUNCATED'], // GS inside a fixed-length field
      [']C1040123', 'UNKNOWN_AI'],
      ['(01)09501101530003(99', 'BAD_AI_DATA'], // "(99" is data of a fixed field: too long
      ['(01)0950110153000', 'BAD_AI_DATA'],
      ['(17)251301', 'BAD_DATE'],
      ['(17)250230', 'BAD_DATE'],
      ['(30)12a', 'BAD_AI_DATA'],
      ['(10)ABCDEFGHIJKLMNOPQRSTU', 'BAD_AI_DATA'], // 21 characters, max 20
      ['(10)', 'BAD_AI_DATA'],
      ['(7777)1', 'UNKNOWN_AI'],
      [']C1', 'EMPTY'],
      [']C110ÄB', 'BAD_AI_DATA'],
    ];
    for (const [raw, code] of cases) {
      const result = parseScan(raw, config);
      expect({ raw, kind: result.kind, code: result.kind === 'invalid' ? result.code : null }).toEqual({ raw, kind: 'invalid', code });
      if (result.kind === 'invalid') expect(result.reason.length).toBeGreaterThan(10);
    }
  });

  it('keeps the AI table consistent with the predefined-length table', () => {
    for (const def of knownAis()) {
      const total = PREDEFINED_TOTAL_LENGTH[def.ai.slice(0, 2)];
      if (total !== undefined) {
        expect({ ai: def.ai, min: def.min, max: def.max }).toEqual({ ai: def.ai, min: total - def.ai.length, max: total - def.ai.length });
      }
      expect(def.min).toBeLessThanOrEqual(def.max);
    }
    const ais = new Set(knownAis().map((def) => def.ai));
    const prefixed = [...ais].filter((ai) => [2, 3].some((length) => length < ai.length && ais.has(ai.slice(0, length))));
    expect(prefixed).toEqual([]); // AIs are prefix-free, so matching needs no lookahead
  });

  it('splits without a symbology prefix too (module level)', () => {
    expect(splitElementString('10ABC')).toEqual({ ok: true, elements: [{ ai: '10', title: 'BATCH/LOT', data: 'ABC' }] });
  });
});
