// Quantities by how a product is sold: pieces are whole numbers (1.5 apples-by-the-piece is an
// error); measured goods (kg, l, m) take a decimal quantity — a weight typed in or read from a
// scale barcode — and show it with its unit ("0.750 kg × 3.20/kg").
export const isMeasured = (unit: string): boolean => unit !== 'unit';

/** Why a quantity cannot be sold in this unit, or null when it can. */
export function quantityProblem(qty: number, unit: string): string | null {
  if (!Number.isFinite(qty) || qty <= 0) return isMeasured(unit) ? `Enter the weight in ${unit}, e.g. 0.750` : 'Enter a quantity';
  if (!isMeasured(unit) && !Number.isInteger(qty)) return 'Sold by the piece: enter a whole number';
  // Three decimals: what scales print (grams, millilitres) and what the sale document keeps.
  if (isMeasured(unit) && Math.round(qty * 1000) !== qty * 1000) return `Weigh to the gram: at most 3 decimals of ${unit}`;
  return null;
}

/** "0.750 kg" for measured goods, "2" for pieces. */
export function formatQuantity(qty: number, unit: string): string {
  return isMeasured(unit) ? `${qty.toFixed(3)} ${unit}` : String(qty);
}
