import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  currencyMinorDigits,
  currencySymbol,
  formatMoney,
  formatMoneyWithSymbol,
  moneyStyleFor,
} from './format.ts';
import { MoneyError } from './money-error.ts';

const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'SEK', 'PLN', 'KWD', 'XYZ'];

describe('formatMoney', () => {
  it('prints receipt amounts with a dot and no grouping by default', () => {
    expect(formatMoney(1234, 'EUR')).toBe('12.34');
    expect(formatMoney(-5, 'EUR')).toBe('-0.05');
    expect(formatMoney(0, 'USD')).toBe('0.00');
    expect(formatMoney(-0, 'USD')).toBe('0.00');
    expect(formatMoney(100, 'GBP')).toBe('1.00');
    expect(formatMoney(123456789, 'CHF')).toBe('1234567.89');
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'EUR')).toBe('90071992547409.91');
    expect(formatMoney(-Number.MAX_SAFE_INTEGER, 'EUR')).toBe('-90071992547409.91');
  });

  it('knows the minor digits of each currency', () => {
    expect(formatMoney(1500, 'JPY')).toBe('1500');
    expect(formatMoney(-7, 'JPY')).toBe('-7');
    expect(formatMoney(1999, 'SEK')).toBe('19.99');
    expect(formatMoney(1999, 'PLN')).toBe('19.99');
    expect(formatMoney(1234, 'KWD')).toBe('1.234');
    expect(formatMoney(1, 'XYZ')).toBe('0.01');
    expect(currencyMinorDigits('JPY')).toBe(0);
    expect(currencyMinorDigits('EUR')).toBe(2);
    expect(currencyMinorDigits('BHD')).toBe(3);
  });

  it('follows a locale tag without Intl', () => {
    expect(formatMoney(123456, 'EUR', 'de-DE')).toBe('1.234,56');
    expect(formatMoney(123456, 'EUR', 'fr-FR')).toBe('1 234,56');
    expect(formatMoney(123456789, 'USD', 'en-US')).toBe('1,234,567.89');
    expect(formatMoney(123456, 'CHF', 'de-CH')).toBe("1'234.56");
    expect(formatMoney(-123456, 'PLN', 'pl')).toBe('-1 234,56');
    expect(formatMoney(1234567, 'JPY', 'ja-JP')).toBe('1,234,567');
    expect(formatMoney(123456, 'EUR', 'xx')).toBe('1234.56');
    expect(formatMoney(123456, 'EUR', { decimal: ',', group: '' })).toBe('1234,56');
    expect(moneyStyleFor()).toEqual({ decimal: '.', group: '' });
  });

  it('round-trips: the printed text is the amount divided by 10^digits, for any amount', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.constantFrom(...CURRENCIES), (amount, currency) => {
        const text = formatMoney(amount, currency);
        expect(text).toMatch(/^-?\d+(\.\d+)?$/);
        const digits = currencyMinorDigits(currency);
        expect(BigInt(text.replace('.', ''))).toBe(BigInt(amount));
        expect(text.split('.')[1]?.length ?? 0).toBe(digits);
        expect(formatMoney(-amount, currency)).toBe(
          amount === 0 ? text : amount > 0 ? `-${text}` : text.slice(1),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('groups digits in threes without changing them', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (amount) => {
        const grouped = formatMoney(amount, 'EUR', 'en');
        expect(grouped.replaceAll(',', '')).toBe(formatMoney(amount, 'EUR'));
        expect(grouped).toMatch(/^-?\d{1,3}(,\d{3})*\.\d{2}$/);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses fractional amounts and malformed currency codes with a MoneyError', () => {
    expect(() => formatMoney(12.5, 'EUR')).toThrow(
      expect.objectContaining({ code: 'MONEY_NOT_INTEGER' }),
    );
    expect(() => formatMoney(Number.NaN, 'EUR')).toThrow(MoneyError);
    expect(() => formatMoney(1, 'eur')).toThrow(
      expect.objectContaining({ code: 'MONEY_INVALID_CURRENCY' }),
    );
    expect(() => formatMoneyWithSymbol(1, 'EURO')).toThrow(
      expect.objectContaining({ code: 'MONEY_INVALID_CURRENCY' }),
    );
  });
});

describe('formatMoneyWithSymbol', () => {
  it('puts each currency symbol where it usually goes', () => {
    expect(formatMoneyWithSymbol(1234, 'EUR')).toBe('€12.34');
    expect(formatMoneyWithSymbol(-5, 'EUR')).toBe('-€0.05');
    expect(formatMoneyWithSymbol(1234, 'USD')).toBe('$12.34');
    expect(formatMoneyWithSymbol(1234, 'GBP')).toBe('£12.34');
    expect(formatMoneyWithSymbol(1234, 'CHF')).toBe('CHF 12.34');
    expect(formatMoneyWithSymbol(1500, 'JPY')).toBe('¥1500');
    expect(formatMoneyWithSymbol(1234, 'SEK')).toBe('12.34 kr');
    expect(formatMoneyWithSymbol(-1234, 'PLN')).toBe('-12.34 zł');
    expect(formatMoneyWithSymbol(1234, 'CAD')).toBe('CAD 12.34');
    expect(currencySymbol('EUR')).toBe('€');
  });

  it('follows the locale for placement and separators', () => {
    expect(formatMoneyWithSymbol(123456, 'EUR', 'de-DE')).toBe('1.234,56 €');
    expect(formatMoneyWithSymbol(-123456, 'EUR', 'fr')).toBe('-1 234,56 €');
    expect(formatMoneyWithSymbol(123456, 'EUR', 'nl')).toBe('€1.234,56');
    expect(formatMoneyWithSymbol(123456, 'CHF', 'de-CH')).toBe("CHF 1'234.56");
    expect(formatMoneyWithSymbol(123456, 'USD', 'en-US')).toBe('$1,234.56');
  });
});
