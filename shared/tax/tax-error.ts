// The one error type of the tax module. Amount errors (non-integer prices, overflow) surface as
// `MoneyError` from shared/money; this covers what is specific to taxes and orders.

export type TaxErrorCode =
  /** A rate was not a finite percentage ≥ 0. */
  | 'TAX_INVALID_RATE'
  /** The same taxId appears twice on one line. */
  | 'TAX_DUPLICATE'
  /** An order discount was given but no line moves in its direction to carry it. */
  | 'TAX_DISCOUNT_WITHOUT_LINES';

export class TaxError extends Error {
  readonly code: TaxErrorCode;

  constructor(code: TaxErrorCode, message: string) {
    super(message);
    this.name = 'TaxError';
    this.code = code;
  }
}
