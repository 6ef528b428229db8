// Taxes of one sale line, for tax-inclusive and tax-exclusive prices, with several taxes per line
// and compound taxes. Each line is rounded on its own (per-line rounding) so that a line's numbers
// never change when other lines are added, and order totals are plain sums of line numbers.
//
// Rounding rule (also in docs/domain.md "## Tax"):
// - Exclusive prices: `base` is the line amount. Each tax is base × rate / 100 (compound taxes:
//   (base + the already-rounded earlier taxes) × rate / 100), rounded to the minor unit with
//   halves away from zero. total = base + Σ taxes.
// - Inclusive prices: `total` is the line amount. The total tax is total × (M − 1) / M rounded
//   half away from zero, where M is the exact gross/net multiplier of the tax list
//   (1 + Σ rates for plain taxes; compound taxes multiply in). base = total − total tax. The total
//   tax is split over the taxes by largest remainder in proportion to each tax's exact share,
//   ties to the earlier tax, so Σ taxes = total − base exactly.
// All arithmetic is exact (BigInt over the decimal rates), and every rounding is odd-symmetric,
// so a negative (return) line gives exactly the negated numbers of the positive one.
import type { LineTax } from '../schemas/sale.ts';
import { allocateByRatios } from '../money/allocate.ts';
import { divideRounded, powerOfTen, toCommonScale, toDecimal } from '../money/decimal.ts';
import { assertMinorUnits, fromBigInt } from '../money/minor-units.ts';
import { TaxError } from './tax-error.ts';

/** A tax as applied to a line, in application order. */
export interface TaxRule {
  taxId: string;
  /** Percent, e.g. 20 for 20 %, 9.975 for Québec QST. */
  rate: number;
  /** Applies to base + all earlier taxes of the line instead of the base alone. */
  compound?: boolean;
}

export interface LineTaxResult {
  /** Net amount, tax excluded. */
  base: number;
  /** Gross amount, tax included: base + Σ taxes.amount. */
  total: number;
  taxes: LineTax[];
}

interface ScaledRates {
  /** Rate i as an integer numerator over `denominator` (i.e. rate/100 = numerators[i]/denominator). */
  numerators: bigint[];
  denominator: bigint;
}

function scaleRates(taxes: readonly TaxRule[]): ScaledRates {
  const seen = new Set<string>();
  const decimals = taxes.map((tax) => {
    if (seen.has(tax.taxId)) {
      throw new TaxError('TAX_DUPLICATE', `tax ${tax.taxId} appears twice on one line`);
    }
    seen.add(tax.taxId);
    if (!Number.isFinite(tax.rate) || tax.rate < 0) {
      throw new TaxError(
        'TAX_INVALID_RATE',
        `tax ${tax.taxId} has rate ${String(tax.rate)}; need a finite percent ≥ 0`,
      );
    }
    return toDecimal(tax.rate, `rate of ${tax.taxId}`);
  });
  const { units, scale } = toCommonScale(decimals);
  return { numerators: units, denominator: 100n * powerOfTen(scale) };
}

function describe(taxes: readonly TaxRule[], amounts: readonly bigint[]): LineTax[] {
  return taxes.map((tax, i) => ({
    taxId: tax.taxId,
    rate: tax.rate,
    amount: fromBigInt(amounts[i] ?? 0n, `tax ${tax.taxId}`),
  }));
}

function exclusive(base: bigint, taxes: readonly TaxRule[], rates: ScaledRates): LineTaxResult {
  const amounts: bigint[] = [];
  let taxSoFar = 0n;
  taxes.forEach((tax, i) => {
    const taxable = tax.compound === true ? base + taxSoFar : base;
    const amount = divideRounded(taxable * (rates.numerators[i] ?? 0n), rates.denominator);
    amounts.push(amount);
    taxSoFar += amount;
  });
  return {
    base: fromBigInt(base, 'line base'),
    total: fromBigInt(base + taxSoFar, 'line total'),
    taxes: describe(taxes, amounts),
  };
}

function inclusive(total: bigint, taxes: readonly TaxRule[], rates: ScaledRates): LineTaxResult {
  // Work over Q = denominator^n so every compound product stays an exact integer:
  // `multiplier` is M·Q and `shares[i]` is tax i per unit of base, times Q.
  const q = rates.denominator ** BigInt(taxes.length);
  let multiplier = q;
  const shares = taxes.map((tax, i) => {
    const numerator = rates.numerators[i] ?? 0n;
    const share =
      tax.compound === true
        ? (multiplier * numerator) / rates.denominator
        : (q * numerator) / rates.denominator;
    multiplier += share;
    return share;
  });
  const taxTotal = divideRounded(total * (multiplier - q), multiplier);
  return {
    base: fromBigInt(total - taxTotal, 'line base'),
    total: fromBigInt(total, 'line total'),
    taxes: describe(taxes, allocateByRatios(taxTotal, shares)),
  };
}

/**
 * Taxes of a line whose amount (quantity × unit price − discounts, in minor units) is `amount`.
 * With `priceIncludesTax` the amount is the gross total and the taxes are contained in it;
 * otherwise it is the net base and the taxes are added to it.
 */
export function computeLineTaxes(
  amount: number,
  taxes: readonly TaxRule[],
  priceIncludesTax: boolean,
): LineTaxResult {
  const value = BigInt(assertMinorUnits(amount, 'line amount'));
  const rates = scaleRates(taxes);
  return priceIncludesTax ? inclusive(value, taxes, rates) : exclusive(value, taxes, rates);
}
