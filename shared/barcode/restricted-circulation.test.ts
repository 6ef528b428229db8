import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidGtin, withCheckDigit } from './gtin.ts';
import { parseScan } from './parse-scan.ts';
import { priceCheckDigit } from './price-check-digit.ts';
import { matchVariableMeasure, ruleValueLength, validateVariableMeasureRules, variableMeasureCode } from './restricted-circulation.ts';
import { defaultScanConfig } from './scan-config.ts';
import type { ScanConfig, VariableMeasureRule } from './scan-config.ts';

describe('price check digit', () => {
  it('matches the GS1 General Specifications worked examples', () => {
    expect(priceCheckDigit('2875')).toBe(9); // 4-digit: weights 2-, 2-, 3, 5-
    expect(priceCheckDigit('14685')).toBe(6); // 5-digit: weights 5+, 2-, 5-, 5+, 2-
  });

  it('is 0 for a zero value and undefined for other lengths or non-digits', () => {
    expect(priceCheckDigit('0000')).toBe(0);
    expect(priceCheckDigit('00000')).toBe(0);
    expect(priceCheckDigit('123')).toBeNull();
    expect(priceCheckDigit('12a4')).toBeNull();
  });

  it('catches every single-digit error in a 4- or 5-digit value (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{4,5}$/), fc.nat(4), fc.integer({ min: 1, max: 9 }), (value, at, delta) => {
        const position = at % value.length;
        const changed = String((value.charCodeAt(position) - 48 + delta) % 10);
        const mutated = value.slice(0, position) + changed + value.slice(position + 1);
        expect(priceCheckDigit(mutated)).not.toBe(priceCheckDigit(value));
      }),
    );
  });
});

const config: ScanConfig = { ...defaultScanConfig, referenceYear: 2026 };

describe('restricted-circulation price/weight barcodes', () => {
  it('reads an EAN-13 price code (20 IIIII VVVVV C) and the GTIN to look the product up under', () => {
    const code = withCheckDigit('201234501299'); // item 12345, price 12.99
    const result = parseScan(code, config);
    expect(result).toMatchObject({
      kind: 'variable-measure',
      gtin: `0${code}`,
      itemReference: '2012345',
      valueKind: 'price',
      value: { digits: '01299', decimals: 2, value: 12.99 },
      lookupGtin: `0${withCheckDigit('201234500000')}`,
    });
  });

  it('reads an EAN-13 weight code (21 IIIII VVVVV C) in kilograms', () => {
    const result = parseScan(withCheckDigit('211234501250'), config);
    expect(result).toMatchObject({ kind: 'variable-measure', valueKind: 'weight', value: { value: 1.25, decimals: 3 } });
  });

  it('reads a UPC-A number system 2 code with its 4-digit price check digit', () => {
    const upcA = withCheckDigit(`212345${String(priceCheckDigit('2875'))}2875`); // 2 IIIII P VVVV C
    const result = parseScan(upcA, config);
    expect(result).toMatchObject({
      kind: 'variable-measure',
      itemReference: '0212345',
      value: { value: 28.75 },
      lookupGtin: `00${withCheckDigit('21234500000')}`,
    });
  });

  it('rejects a UPC-A price code whose price check digit is wrong', () => {
    const upcA = withCheckDigit('212345' + '0' + '2875');
    expect(parseScan(upcA, config)).toMatchObject({ kind: 'invalid', code: 'BAD_PRICE_CHECK_DIGIT' });
  });

  it('supports a 5-digit price with price check digit (EAN-13 prefix 28 I IIII P VVVVV C)', () => {
    const rule: VariableMeasureRule = { name: 'price 28', prefix: '28', itemReferenceLength: 4, valueKind: 'price', decimals: 2, priceCheckDigit: true };
    const ean = withCheckDigit(`281234${String(priceCheckDigit('14685'))}14685`);
    expect(matchVariableMeasure(`0${ean}`, [rule])).toMatchObject({ ok: true, value: { value: 146.85 }, itemReference: '281234' });
  });

  it('leaves unconfigured prefixes (22–29) as plain GTINs', () => {
    expect(parseScan(withCheckDigit('221234501250'), config)).toMatchObject({ kind: 'gtin', format: 'EAN-13' });
  });

  it('reports an inconsistent rule instead of guessing', () => {
    const bad: VariableMeasureRule = { name: 'bad', prefix: '29', itemReferenceLength: 3, valueKind: 'price', decimals: 2, priceCheckDigit: true };
    expect(validateVariableMeasureRules([bad])).toHaveLength(1);
    expect(validateVariableMeasureRules(defaultScanConfig.variableMeasureRules)).toEqual([]);
    const result = parseScan(withCheckDigit('291234501250'), { ...config, variableMeasureRules: [bad] });
    expect(result).toMatchObject({ kind: 'invalid', code: 'BAD_CONFIG' });
  });

  it('maps every price on the same item to one lookup GTIN (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{5}$/), fc.stringMatching(/^[0-9]{5}$/), (item, price) => {
        const result = parseScan(withCheckDigit(`20${item}${price}`), config);
        if (result.kind !== 'variable-measure') throw new Error(`expected variable-measure, got ${result.kind}`);
        expect(result.lookupGtin).toBe(`0${withCheckDigit(`20${item}00000`)}`);
        expect(isValidGtin(result.lookupGtin)).toBe(true);
        expect(result.value.value).toBeCloseTo(Number(price) / 100, 10);
      }),
    );
  });
});

describe('documented lookup example', () => {
  it('registers item 12345 on prefix 20 under GTIN 02012345000001 (docs/domain.md)', () => {
    const result = parseScan(withCheckDigit('201234501299'), config);
    expect(result).toMatchObject({ kind: 'variable-measure', lookupGtin: '02012345000001' });
  });
});

describe('building a scale barcode (variableMeasureCode)', () => {
  it('makes codes parseScan reads back to the same item and value, under every default rule', () => {
    fc.assert(
      fc.property(fc.constantFrom(...defaultScanConfig.variableMeasureRules), fc.nat(), fc.nat(), (rule, itemSeed, valueSeed) => {
        const valueLength = ruleValueLength(rule) as number;
        const item = String(itemSeed % 10 ** rule.itemReferenceLength).padStart(rule.itemReferenceLength, '0');
        const value = valueSeed % 10 ** valueLength;
        const { ean13, lookupGtin } = variableMeasureCode(rule, item, value);
        const scan = parseScan(ean13, defaultScanConfig);
        expect(scan.kind).toBe('variable-measure');
        if (scan.kind !== 'variable-measure') return;
        expect(scan.lookupGtin).toBe(lookupGtin);
        expect(scan.valueKind).toBe(rule.valueKind);
        expect(Number(scan.value.digits)).toBe(value);
      }),
    );
  });

  it('refuses an item or a value that does not fit the layout', () => {
    const weight = defaultScanConfig.variableMeasureRules.find((r) => r.prefix === '21') as VariableMeasureRule;
    expect(() => variableMeasureCode(weight, '123', 750)).toThrow(/item reference of 5 digits/);
    expect(() => variableMeasureCode(weight, '12345', 123_456)).toThrow(/value of 5 digits/);
    expect(() => variableMeasureCode(weight, '12345', 1.5)).toThrow(/value of 5 digits/);
  });
});
