// FEFO allocation, pure: which quants a quantity is taken from — the warehouse's reservation, the
// server's lot for a till line that names none, and the till's default lot. First expiring first
// (lots without expiry last), then location and lot names for a stable order. Expired lots and
// quants with nothing available are skipped; a quant never gives more than on-hand − reserved.
import { round4 } from './quantity.ts';

export interface QuantState {
  productId: string;
  locationId: string;
  locationName: string;
  lot: string;
  /** YYYY-MM-DD, or undefined when the lot does not expire. */
  expiry?: string;
  onHand: number;
  reserved: number;
}

export interface Allocation {
  quant: QuantState;
  qty: number;
}

export function available(q: Pick<QuantState, 'onHand' | 'reserved'>): number {
  return Math.max(0, round4(q.onHand - q.reserved));
}

export function fefoOrder(a: QuantState, b: QuantState): number {
  if (a.expiry !== b.expiry) {
    if (a.expiry === undefined) return 1;
    if (b.expiry === undefined) return -1;
    return a.expiry < b.expiry ? -1 : 1;
  }
  if (a.locationName !== b.locationName) return a.locationName < b.locationName ? -1 : 1;
  if (a.lot !== b.lot) return a.lot < b.lot ? -1 : 1;
  return 0;
}

/** Plans up to `qty` of one product over `quants` (all of that product); never mutates them. */
export function planFefo(quants: readonly QuantState[], qty: number, today: string): Allocation[] {
  const out: Allocation[] = [];
  let remaining = round4(qty);
  for (const q of [...quants].filter((x) => x.expiry === undefined || x.expiry >= today).sort(fefoOrder)) {
    if (remaining <= 0) break;
    const take = Math.min(available(q), remaining);
    if (take <= 0) continue;
    out.push({ quant: q, qty: take });
    remaining = round4(remaining - take);
  }
  return out;
}
