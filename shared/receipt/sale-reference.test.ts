import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { receiptCode } from './receipt-code.ts';
import { saleReference } from './sale-reference.ts';

describe('sale reference', () => {
  it('reads a scanned receipt code as its sale id, receipt number and till', () => {
    expect(saleReference('AISLE:R:till-1:T1-000042:0193a5c2-7b1e\r\n')).toEqual({ saleId: '0193a5c2-7b1e', receiptNo: 'T1-000042', tillId: 'till-1' });
  });

  it('reads typed text as an id or a receipt number, an RCT: barcode without its prefix, and a bare number as a seq', () => {
    expect(saleReference(' 4F2A1B-000012 ')).toEqual({ saleId: '4F2A1B-000012', receiptNo: '4F2A1B-000012' });
    expect(saleReference('rct:T03-000123')).toEqual({ saleId: 'T03-000123', receiptNo: 'T03-000123' });
    expect(saleReference('000012')).toEqual({ saleId: '000012', receiptNo: '000012', seq: 12 });
    expect(saleReference('12')?.seq).toBe(12);
  });

  it('never gives a seq the seq column cannot hold, and nothing for blank text', () => {
    expect(saleReference('0')?.seq).toBeUndefined();
    expect(saleReference('2147483648')?.seq).toBeUndefined();
    expect(saleReference('99999999999999999999')?.seq).toBeUndefined();
    expect(saleReference('2147483647')?.seq).toBe(2_147_483_647);
    expect(saleReference('  ')).toBeNull();
    expect(saleReference('RCT:')).toBeNull();
  });

  it('finds the sale id of any receipt code the till prints', () => {
    const part = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s);
    fc.assert(
      fc.property(part, part, part, (tillId, receiptNo, id) => {
        expect(saleReference(receiptCode({ tillId, receiptNo, id }))).toEqual({ saleId: id, receiptNo, tillId });
      }),
      { numRuns: 500 },
    );
  });

  it('gives a seq exactly for a bare number of the seq column’s range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_147_483_647 }), fc.nat({ max: 3 }), (seq, zeros) => {
        expect(saleReference(`${'0'.repeat(zeros)}${seq}`)?.seq).toBe(seq);
      }),
    );
  });
});
