// The one error type of the money module. Callers branch on `code`, never on message text.

export type MoneyErrorCode =
  /** An amount was not a safe integer of minor units (fractions of a cent do not exist here). */
  | 'MONEY_NOT_INTEGER'
  /** A result would leave the safe-integer range, where arithmetic stops being exact. */
  | 'MONEY_OVERFLOW'
  /** Two amounts in different currencies were combined. */
  | 'MONEY_CURRENCY_MISMATCH'
  /** A currency code was not three upper-case letters (ISO 4217). */
  | 'MONEY_INVALID_CURRENCY'
  /** A quantity or factor was NaN or infinite. */
  | 'MONEY_INVALID_QUANTITY'
  /** Allocation weights were negative, not finite, or all zero for a non-zero total. */
  | 'MONEY_INVALID_WEIGHTS'
  /** A cash-rounding step was not a positive safe integer, or the mode is unknown. */
  | 'MONEY_INVALID_ROUNDING';

export class MoneyError extends Error {
  readonly code: MoneyErrorCode;

  constructor(code: MoneyErrorCode, message: string) {
    super(message);
    this.name = 'MoneyError';
    this.code = code;
  }
}
