// Public surface of the money module: exact integer minor units, allocation and cash rounding.
export { MoneyError, type MoneyErrorCode } from './money-error.ts';
export {
  type Money,
  money,
  add,
  subtract,
  negate,
  multiply,
  sum,
  isZero,
  equals,
} from './money.ts';
export { assertMinorUnits, multiplyMinor, addMinor, subtractMinor } from './minor-units.ts';
export { allocate, allocateByRatios } from './allocate.ts';
export {
  roundCash,
  type CashRounding,
  type CashRoundingMode,
  type CashRoundingResult,
} from './cash-rounding.ts';
export {
  amountDue,
  isCashAmount,
  saleCashRounding,
  siteCashRounding,
  type AmountDue,
  type IsCashTender,
  type TenderedAmount,
} from './sale-rounding.ts';
export { type Decimal, toDecimal, divideRounded } from './decimal.ts';
