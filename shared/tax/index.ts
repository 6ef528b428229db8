// Public surface of the tax module: one line's taxes, and a whole order's amounts.
export { TaxError, type TaxErrorCode } from './tax-error.ts';
export { computeLineTaxes, type TaxRule, type LineTaxResult } from './line-tax.ts';
export {
  computeOrder,
  type OrderInput,
  type OrderLineInput,
  type OrderAmounts,
  type ComputedLine,
  type SaleLineAmounts,
  type TaxSummaryEntry,
} from './order-tax.ts';
export { nextTaxSwitch, taxInForce } from './rate-at.ts';
export { ratePercent } from './rate-text.ts';
