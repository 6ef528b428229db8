import { describe, expect, it } from 'vitest';
import { defaultScanConfig, GS, parseScan } from './index.ts';
import type { ScanConfig } from './index.ts';
import { parseReceiptCode, receiptCode } from '../receipt/receipt-code.ts';

const config: ScanConfig = { ...defaultScanConfig, referenceYear: 2026 };

describe('parseScan: retail codes', () => {
  it('normalises EAN-13, EAN-8, UPC-A and ITF-14 to GTIN-14', () => {
    expect(parseScan('4006381333931', config)).toMatchObject({ kind: 'gtin', format: 'EAN-13', gtin: '04006381333931' });
    expect(parseScan('96385074', config)).toMatchObject({ kind: 'gtin', format: 'EAN-8', gtin: '00000096385074' });
    expect(parseScan('036000291452', config)).toMatchObject({ kind: 'gtin', format: 'UPC-A', gtin: '00036000291452' });
    expect(parseScan(']I110614141000415', config)).toMatchObject({ kind: 'gtin', format: 'GTIN-14', gtin: '10614141000415' });
  });

  it('strips the keyboard-wedge terminator and surrounding spaces', () => {
    for (const raw of ['4006381333931\r', '4006381333931\n', '4006381333931\r\n', '4006381333931\t', '  4006381333931  ']) {
      expect(parseScan(raw, config)).toMatchObject({ kind: 'gtin', gtin: '04006381333931', raw });
    }
  });

  it('uses the AIM id to tell UPC-E (]E0) from EAN-8 (]E4)', () => {
    expect(parseScan(']E001234565', config)).toMatchObject({ kind: 'gtin', format: 'UPC-E', gtin: '00012345000065', scanned: '01234565' });
    expect(parseScan(']E401234565', config)).toMatchObject({ kind: 'gtin', format: 'EAN-8', gtin: '00000001234565' });
    expect(parseScan(']E004252614', config)).toMatchObject({ kind: 'gtin', gtin: '00042100005264' });
    expect(parseScan(']E021234565', config)).toMatchObject({ kind: 'invalid', code: 'BAD_UPC_E' });
    expect(parseScan(']E40123456X', config)).toMatchObject({ kind: 'invalid', code: 'UNRECOGNISED' });
  });

  it('guesses 8-digit codes without AIM id by the configured preference', () => {
    // 04252614 is a valid UPC-E but not a valid EAN-8: it can only be UPC-E.
    expect(parseScan('04252614', config)).toMatchObject({ format: 'UPC-E' });
    // 01234565 is valid both ways.
    expect(parseScan('01234565', config)).toMatchObject({ format: 'EAN-8' });
    expect(parseScan('01234565', { ...config, eightDigitCodes: 'upce-first' })).toMatchObject({ format: 'UPC-E' });
  });

  it('reads an EAN-13 with add-on under ]E3', () => {
    expect(parseScan(']E3977123456700352', config)).toMatchObject({ kind: 'gtin', gtin: '09771234567003', addOn: '52' });
  });

  it('rejects wrong check digits and impossible lengths with a reason', () => {
    expect(parseScan('4006381333932', config)).toMatchObject({ kind: 'invalid', code: 'BAD_CHECK_DIGIT' });
    expect(parseScan('96385075', config)).toMatchObject({ kind: 'invalid', code: 'BAD_CHECK_DIGIT' });
    expect(parseScan('12345', config)).toMatchObject({ kind: 'invalid', code: 'BAD_LENGTH' });
    expect(parseScan('123456789012345', config)).toMatchObject({ kind: 'invalid', code: 'BAD_LENGTH' });
  });
});

describe('parseScan: symbology and GS1 detection', () => {
  it('reports unknown AIM ids by id and reads their content', () => {
    const result = parseScan(']A0LOC:B-12', config);
    expect(result).toMatchObject({ kind: 'location', code: 'B-12', symbology: { aimId: ']A0', name: 'Code 39', gs1: false } });
    expect(parseScan(']Z94006381333931', config)).toMatchObject({ kind: 'gtin', symbology: { aimId: ']Z9', name: 'AIM ]Z9' } });
  });

  it('treats GS, brackets or a leading key AI as GS1 without an AIM id', () => {
    expect(parseScan(`0109501101530003${GS}10A`, config)).toMatchObject({ kind: 'gs1', gtin: '09501101530003' });
    expect(parseScan('010950110153000310A', config)).toMatchObject({ kind: 'gs1', fields: { lot: 'A' } });
    expect(parseScan('(10)A', config)).toMatchObject({ kind: 'gs1', fields: { lot: 'A' } });
    expect(parseScan(']C1(10)A', config)).toMatchObject({ kind: 'gs1', fields: { lot: 'A' }, symbology: { name: 'GS1-128' } });
  });

  it('maps configured GS substitutes (e.g. a wedge that types <GS>) to the separator', () => {
    const withSubstitute: ScanConfig = { ...config, groupSeparatorSubstitutes: ['<GS>'] };
    expect(parseScan(']d21012<GS>21X', withSubstitute)).toMatchObject({ kind: 'gs1', fields: { lot: '12', serial: 'X' } });
    expect(parseScan('1012<GS>21X', withSubstitute)).toMatchObject({ kind: 'gs1', fields: { lot: '12', serial: 'X' } });
  });
});

describe('parseScan: internal codes', () => {
  it('recognises location, receipt and employee codes by prefix, case-insensitively', () => {
    expect(parseScan('LOC:WH1-A-01-02\r', config)).toMatchObject({ kind: 'location', code: 'WH1-A-01-02' });
    expect(parseScan('loc:WH1-A', config)).toMatchObject({ kind: 'location', code: 'WH1-A' });
    expect(parseScan('RCT:T03-000123', config)).toMatchObject({ kind: 'receipt', receiptRef: 'T03-000123' });
    expect(parseScan(']Q1RCT:0193a5b2-7c1e-7000-8000-000000000001', config)).toMatchObject({ kind: 'receipt', receiptRef: '0193a5b2-7c1e-7000-8000-000000000001' });
    expect(parseScan('EMP:0042', config)).toMatchObject({ kind: 'employee', badge: '0042' });
  });

  it('supports numeric prefixes and picks the longest matching prefix', () => {
    const custom: ScanConfig = { ...config, internalCodes: { location: ['9'], receipt: ['98'], employee: ['990'] } };
    expect(parseScan('9812345', custom)).toMatchObject({ kind: 'receipt', receiptRef: '12345' });
    expect(parseScan('99012', custom)).toMatchObject({ kind: 'employee', badge: '12' });
    expect(parseScan('91', custom)).toMatchObject({ kind: 'location', code: '1' });
  });

  it('rejects a prefix with nothing after it', () => {
    expect(parseScan('EMP:', config)).toMatchObject({ kind: 'invalid', code: 'EMPTY_INTERNAL_CODE' });
  });
});

describe('parseScan: bad input', () => {
  it('never throws and names the problem', () => {
    expect(parseScan('', config)).toMatchObject({ kind: 'invalid', code: 'EMPTY' });
    expect(parseScan('\r\n', config)).toMatchObject({ kind: 'invalid', code: 'EMPTY' });
    expect(parseScan(']C1', config)).toMatchObject({ kind: 'invalid', code: 'EMPTY' });
    expect(parseScan('4006\u0000381333931', config)).toMatchObject({ kind: 'invalid', code: 'BAD_CHARACTER' });
    expect(parseScan('hello world', config)).toMatchObject({ kind: 'invalid', code: 'UNRECOGNISED' });
  });

  it('works with the default config when none is given', () => {
    expect(parseScan('4006381333931')).toMatchObject({ kind: 'gtin' });
  });
});

describe('receipt codes printed by Aisle', () => {
  it('reads the QR code a receipt carries as a receipt reference with the default config', () => {
    const code = receiptCode({ id: '0193a5b2-7c1e-7000-8000-000000000001', tillId: 'till-1', receiptNo: 'T1-000042' });
    const scanned = parseScan(code);
    expect(scanned).toMatchObject({ kind: 'receipt' });
    if (scanned.kind !== 'receipt') return;
    expect(parseReceiptCode(`AISLE:R:${scanned.receiptRef}`)).toMatchObject({ saleId: '0193a5b2-7c1e-7000-8000-000000000001', receiptNo: 'T1-000042' });
  });
});
