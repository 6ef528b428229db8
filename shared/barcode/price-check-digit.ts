// The GS1 price check digit carried inside some price/weight barcodes (GS1 General
// Specifications 7.9.3): 4-digit values use weights 2-, 2-, 3, 5-; 5-digit values use
// 5+, 2-, 5-, 5+, 2- and map the result back through the 5- weighting.

/** Weighted products per digit 0–9 ("2-": units of 2d minus its tens; "5+": plus; "5-": minus). */
const TWO_MINUS = [0, 2, 4, 6, 8, 9, 1, 3, 5, 7] as const;
const THREE = [0, 3, 6, 9, 2, 5, 8, 1, 4, 7] as const;
const FIVE_PLUS = [0, 5, 1, 6, 2, 7, 3, 8, 4, 9] as const;
const FIVE_MINUS = [0, 5, 9, 4, 8, 3, 7, 2, 6, 1] as const;

type Weighting = readonly number[];

function weightedSum(value: string, weights: readonly Weighting[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i]?.[value.charCodeAt(i) - 48] ?? 0;
  }
  return sum;
}

/**
 * The price check digit of a 4- or 5-digit price/weight value, or null for any other input.
 * Examples from the GS1 General Specifications: "2875" → 9, "14685" → 6.
 */
export function priceCheckDigit(value: string): number | null {
  if (!/^[0-9]+$/.test(value)) return null;
  if (value.length === 4) {
    return (weightedSum(value, [TWO_MINUS, TWO_MINUS, THREE, FIVE_MINUS]) * 3) % 10;
  }
  if (value.length === 5) {
    const sum = weightedSum(value, [FIVE_PLUS, TWO_MINUS, FIVE_MINUS, FIVE_PLUS, TWO_MINUS]);
    const target = (10 - (sum % 10)) % 10;
    return FIVE_MINUS.indexOf(target as (typeof FIVE_MINUS)[number]);
  }
  return null;
}
