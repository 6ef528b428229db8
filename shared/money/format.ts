// Money as text for receipts and screens, without `Intl`: the output must be the same on every
// till, browser and Node version (ICU data differs between them), and must use only characters
// a receipt printer can print (plain spaces, never the narrow no-break space Intl emits for fr-FR).
// Default style is the receipt's: `12.34`, `-0.05`, `1234567.89` — no grouping.
import { MoneyError } from './money-error.ts';
import { assertMinorUnits } from './minor-units.ts';

/** ISO 4217 exponents that are not 2. Every other well-formed code has 2 minor digits. */
const MINOR_DIGITS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** How the symbol sits by default when no locale is given. */
interface SymbolStyle {
  symbol: string;
  position: 'before' | 'after';
}

const SYMBOLS: Readonly<Record<string, SymbolStyle>> = {
  EUR: { symbol: '€', position: 'before' },
  USD: { symbol: '$', position: 'before' },
  GBP: { symbol: '£', position: 'before' },
  JPY: { symbol: '¥', position: 'before' },
  CHF: { symbol: 'CHF', position: 'before' },
  SEK: { symbol: 'kr', position: 'after' },
  NOK: { symbol: 'kr', position: 'after' },
  DKK: { symbol: 'kr.', position: 'after' },
  PLN: { symbol: 'zł', position: 'after' },
  CZK: { symbol: 'Kč', position: 'after' },
  HUF: { symbol: 'Ft', position: 'after' },
  INR: { symbol: '₹', position: 'before' },
};

/** Separators and symbol placement. Pass one directly, or a BCP 47 tag that selects one. */
export interface MoneyFormatStyle {
  decimal: string;
  /** Thousands separator; '' for none. */
  group: string;
  /** Where the currency symbol goes; omitted → the currency's usual place. */
  symbolPosition?: 'before' | 'after';
}

/** The receipt default: `.` decimal, no grouping. */
export const RECEIPT_MONEY_STYLE: MoneyFormatStyle = { decimal: '.', group: '' };

const DOT_COMMA: MoneyFormatStyle = { decimal: '.', group: ',', symbolPosition: 'before' };
const COMMA_DOT: MoneyFormatStyle = { decimal: ',', group: '.', symbolPosition: 'after' };
const COMMA_SPACE: MoneyFormatStyle = { decimal: ',', group: ' ', symbolPosition: 'after' };
const SWISS: MoneyFormatStyle = { decimal: '.', group: "'", symbolPosition: 'before' };

const LANGUAGE_STYLES: Readonly<Record<string, MoneyFormatStyle>> = {
  en: DOT_COMMA,
  ja: DOT_COMMA,
  zh: DOT_COMMA,
  ko: DOT_COMMA,
  he: DOT_COMMA,
  th: DOT_COMMA,
  nl: { ...COMMA_DOT, symbolPosition: 'before' },
  de: COMMA_DOT,
  it: COMMA_DOT,
  es: COMMA_DOT,
  pt: COMMA_DOT,
  da: COMMA_DOT,
  id: COMMA_DOT,
  tr: COMMA_DOT,
  el: COMMA_DOT,
  ro: COMMA_DOT,
  fr: COMMA_SPACE,
  sv: COMMA_SPACE,
  pl: COMMA_SPACE,
  cs: COMMA_SPACE,
  sk: COMMA_SPACE,
  fi: COMMA_SPACE,
  nb: COMMA_SPACE,
  no: COMMA_SPACE,
  ru: COMMA_SPACE,
  uk: COMMA_SPACE,
  hu: COMMA_SPACE,
  et: COMMA_SPACE,
  lt: COMMA_SPACE,
  lv: COMMA_SPACE,
};

const CURRENCY_CODE = /^[A-Z]{3}$/;

function checkCurrency(currency: string): string {
  if (!CURRENCY_CODE.test(currency)) {
    throw new MoneyError(
      'MONEY_INVALID_CURRENCY',
      `currency must be an ISO-4217 code, got "${currency}"`,
    );
  }
  return currency;
}

/** Digits after the decimal point for a currency (ISO 4217 exponent): JPY 0, EUR 2, KWD 3. */
export function currencyMinorDigits(currency: string): number {
  return MINOR_DIGITS[checkCurrency(currency)] ?? 2;
}

/** The symbol printed by `formatMoneyWithSymbol`; the code itself for currencies without one here. */
export function currencySymbol(currency: string): string {
  return SYMBOLS[checkCurrency(currency)]?.symbol ?? currency;
}

/**
 * The style for a locale: a tag's language picks it (`de-AT` → `1.234,56`), with Swiss
 * regions using `1'234.56`. Unknown languages and no locale get the receipt style.
 */
export function moneyStyleFor(locale?: string | MoneyFormatStyle): MoneyFormatStyle {
  if (locale === undefined) return RECEIPT_MONEY_STYLE;
  if (typeof locale !== 'string') return locale;
  const [language = '', ...subtags] = locale.toLowerCase().split(/[-_]/);
  if (subtags.includes('ch') || subtags.includes('li')) return SWISS;
  return LANGUAGE_STYLES[language] ?? RECEIPT_MONEY_STYLE;
}

function groupDigits(digits: string, separator: string): string {
  if (separator === '' || digits.length <= 3) return digits;
  const head = digits.length % 3 || 3;
  const groups = [digits.slice(0, head)];
  for (let i = head; i < digits.length; i += 3) groups.push(digits.slice(i, i + 3));
  return groups.join(separator);
}

function formatMagnitude(
  amountMinor: number,
  currency: string,
  style: MoneyFormatStyle,
): { negative: boolean; text: string } {
  const amount = assertMinorUnits(amountMinor);
  const digits = currencyMinorDigits(currency);
  const magnitude = String(Math.abs(amount)).padStart(digits + 1, '0');
  const whole = groupDigits(magnitude.slice(0, magnitude.length - digits), style.group);
  const text =
    digits === 0 ? whole : `${whole}${style.decimal}${magnitude.slice(magnitude.length - digits)}`;
  return { negative: amount < 0, text };
}

/**
 * An amount of minor units as a decimal number in the currency's precision, without symbol:
 * `formatMoney(1234, 'EUR')` → `12.34`, `formatMoney(-5, 'EUR')` → `-0.05`,
 * `formatMoney(1500, 'JPY')` → `1500`, `formatMoney(123456, 'EUR', 'de-DE')` → `1.234,56`.
 * Throws `MoneyError` (`MONEY_NOT_INTEGER`, `MONEY_INVALID_CURRENCY`) for bad input.
 */
export function formatMoney(
  amountMinor: number,
  currency: string,
  locale?: string | MoneyFormatStyle,
): string {
  const { negative, text } = formatMagnitude(amountMinor, currency, moneyStyleFor(locale));
  return negative ? `-${text}` : text;
}

/**
 * Like `formatMoney` with the currency symbol: `€12.34`, `-€0.05`, `CHF 12.34`, `12,34 €` (de),
 * `12.34 kr` (SEK). Letter symbols are set off by a space; the minus sign always leads.
 */
export function formatMoneyWithSymbol(
  amountMinor: number,
  currency: string,
  locale?: string | MoneyFormatStyle,
): string {
  const style = moneyStyleFor(locale);
  const { negative, text } = formatMagnitude(amountMinor, currency, style);
  const known = SYMBOLS[currency];
  const symbol = known?.symbol ?? currency;
  const position = style.symbolPosition ?? known?.position ?? 'before';
  const spaced = position === 'after' || /\p{L}$/u.test(symbol);
  const body = position === 'before' ? `${symbol}${spaced ? ' ' : ''}${text}` : `${text} ${symbol}`;
  return negative ? `-${body}` : body;
}
