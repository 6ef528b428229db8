import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gtinCheckDigit, GtinInputError, hasValidCheckDigit, isValidGtin, toGtin14, withCheckDigit } from './gtin.ts';
import { expandUpcE } from './upc-e.ts';

describe('GTIN check digit', () => {
  it('matches published examples (EAN-13, EAN-8, UPC-A, GTIN-14, SSCC, GLN)', () => {
    expect(gtinCheckDigit('400638133393')).toBe(1); // EAN-13 4006381333931
    expect(gtinCheckDigit('9638507')).toBe(4); // EAN-8 96385074
    expect(gtinCheckDigit('03600029145')).toBe(2); // UPC-A 036000291452
    expect(gtinCheckDigit('0950110153000')).toBe(3); // GS1 GenSpecs GTIN 09501101530003
    expect(gtinCheckDigit('00614141123456789')).toBe(0); // GS1 SSCC 006141411234567890
    expect(gtinCheckDigit('541234500001')).toBe(3); // GLN 5412345000013
  });

  it('builds codes with withCheckDigit and validates them', () => {
    expect(withCheckDigit('200000000001')).toBe('2000000000015');
    expect(isValidGtin('2000000000015')).toBe(true);
    expect(isValidGtin('2000000000016')).toBe(false);
    expect(isValidGtin('400638133393')).toBe(false); // 12 digits, but not a valid UPC-A
    expect(isValidGtin('40063813339a')).toBe(false);
    expect(isValidGtin('1234565')).toBe(false); // 7 digits is no GTIN length
    expect(hasValidCheckDigit('')).toBe(false);
  });

  it('normalises every GTIN length to 14 digits and refuses invalid ones', () => {
    expect(toGtin14('4006381333931')).toBe('04006381333931');
    expect(toGtin14('96385074')).toBe('00000096385074');
    expect(toGtin14('036000291452')).toBe('00036000291452');
    expect(toGtin14('09501101530003')).toBe('09501101530003');
    expect(toGtin14('4006381333932')).toBeNull();
  });

  it('throws a named error when asked for the check digit of non-digits', () => {
    expect(() => gtinCheckDigit('12a')).toThrow(GtinInputError);
    expect(() => gtinCheckDigit('')).toThrow(GtinInputError);
  });

  it('detects every single-digit substitution (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{12}$/), fc.nat(12), fc.integer({ min: 1, max: 9 }), (body, position, delta) => {
        const code = withCheckDigit(body);
        const changed = (code.charCodeAt(position) - 48 + delta) % 10;
        const mutated = code.slice(0, position) + String(changed) + code.slice(position + 1);
        expect(isValidGtin(mutated)).toBe(false);
      }),
    );
  });
});

describe('UPC-E expansion', () => {
  it.each([
    ['01234565', '012345000065'], // last digit 5–9: manufacturer 5 digits, item = last digit
    ['04252614', '042100005264'], // last digit 0–2: it moves into the manufacturer number
    ['01234505', '012000003455'],
    ['01234531', '012300000451'], // last digit 3
    ['01234145', '012340000015'], // last digit 4
    ['12345656', '123456000056'], // number system 1
  ])('expands %s to UPC-A %s', (upcE, upcA) => {
    expect(expandUpcE(upcE)).toBe(upcA);
    expect(isValidGtin(upcA)).toBe(true);
  });

  it('refuses a wrong check digit, number system 2–9 and wrong lengths', () => {
    expect(expandUpcE('01234566')).toBeNull();
    expect(expandUpcE('21234565')).toBeNull();
    expect(expandUpcE('1234565')).toBeNull();
    expect(expandUpcE('0123456a')).toBeNull();
  });

  it('always yields a valid UPC-A whose zero-suppressed digits come from the UPC-E (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom('0', '1'), fc.stringMatching(/^[0-9]{6}$/), (numberSystem, data) => {
        const check = [...'0123456789'].find((c) => expandUpcE(numberSystem + data + c) !== null);
        expect(check).toBeDefined();
        const upcA = expandUpcE(`${numberSystem}${data}${check ?? ''}`) ?? '';
        expect(isValidGtin(upcA)).toBe(true);
        expect(upcA[0]).toBe(numberSystem);
        expect(upcA.replaceAll('0', '').length).toBeLessThanOrEqual(data.replaceAll('0', '').length + 2);
      }),
    );
  });
});
