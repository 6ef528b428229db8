// Words the warehouse pages show for states and quantities: people read "In transit", not
// "done" with an arrival that is "ready".
import { PICKING_STATE_LABELS } from '../../shared/admin-api/choice-labels.ts';
import type { PickingState, ProductRef } from '../../shared/admin-api/warehouse.ts';

export const PICKING_STATES: readonly PickingState[] = ['requested', 'waiting', 'ready', 'in_progress', 'done', 'cancelled'];

export const pickingStateLabel = (s: PickingState): string => PICKING_STATE_LABELS[s];

/** A quantity with its unit when the product is not sold by the unit: "18", "2.5 kg". */
export function qtyOf(qty: number, product: Pick<ProductRef, 'unit'>): string {
  const n = qty.toLocaleString('en', { maximumFractionDigits: 4 });
  return product.unit === 'unit' ? n : `${n} ${product.unit}`;
}

/** "18 × Organic Apples #1, 4 × Fresh Tea #12 and 3 more" */
export function linesSummary(lines: readonly { product: ProductRef; qty: number }[], shown = 2): string {
  const head = lines.slice(0, shown).map((l) => `${qtyOf(l.qty, l.product)} × ${l.product.name}`).join(', ');
  return lines.length > shown ? `${head} and ${lines.length - shown} more` : head;
}

/** A quantity typed in a form (comma or point): more than 0 — or 0 and more with `zero` — else null. */
export function parseQty(text: string, zero = false): number | null {
  const n = Number(text.trim().replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(n) && (n > 0 || (zero && n === 0)) ? n : null;
}
