import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseReceiptCode, receiptCode } from './receipt-code.ts';

describe('receipt code', () => {
  it('is AISLE:R:<tillId>:<receiptNo>:<saleId>', () => {
    const sale = { tillId: 'till-1', receiptNo: 'T1-000042', id: '0193a5c2-7b1e-7c3d-8a4f-1e2d3c4b5a69' };
    expect(receiptCode(sale)).toBe('AISLE:R:till-1:T1-000042:0193a5c2-7b1e-7c3d-8a4f-1e2d3c4b5a69');
    expect(parseReceiptCode('AISLE:R:till-1:T1-000042:0193a5c2-7b1e-7c3d-8a4f-1e2d3c4b5a69\r\n')).toEqual({
      tillId: 'till-1',
      receiptNo: 'T1-000042',
      saleId: '0193a5c2-7b1e-7c3d-8a4f-1e2d3c4b5a69',
    });
  });

  it('round-trips any parts, even ones containing : or %', () => {
    const part = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom(':', '%', '%3A', 'a:b%25c')).filter((s) => s.trim() === s);
    fc.assert(
      fc.property(part, part, part, (tillId, receiptNo, id) => {
        expect(parseReceiptCode(receiptCode({ tillId, receiptNo, id }))).toEqual({ tillId, receiptNo, saleId: id });
      }),
      { numRuns: 1000 },
    );
  });

  it('says null for anything that is not a receipt code', () => {
    for (const text of ['', '4006381333931', 'AISLE:R:till-1:T1', 'AISLE:R:a:b:c:d', 'AISLE:X:a:b:c', 'AISLE:R::b:c', 'AISLE:R:a:b%zz:c', 'aisle:r:a:b:c']) {
      expect(parseReceiptCode(text)).toBeNull();
    }
  });
});
