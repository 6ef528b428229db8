// The store's lots of a product as the till knows them (the replicated stock levels of its site,
// per location and lot, with expiry), in FEFO order, and the lot a line takes by default: the first
// to expire that is not expired today (store day) and has stock — the same order the server and
// the warehouse use (shared/stock/fefo.ts). Pure, so it is tested without a browser.
import type { StockLevel } from '../../shared/schemas/index.ts';
import { available, fefoOrder, planFefo, type QuantState } from '../../shared/stock/fefo.ts';
import { round4 } from '../../shared/stock/quantity.ts';

export interface LotOption {
  lot: string;
  /** YYYY-MM-DD, absent when the lot does not expire. */
  expiry?: string;
  /** On hand minus reserved over the store's locations (never below 0). */
  available: number;
  expired: boolean;
}

const asQuant = (s: StockLevel): QuantState => ({
  productId: s.productId, locationId: s.locationId, locationName: '', lot: s.lot, onHand: s.onHand, reserved: s.reserved,
  ...(s.expiry ? { expiry: s.expiry } : {}),
});

/** The store's named lots of one product (levels of that product), first to expire first. */
export function lotOptions(levels: readonly StockLevel[], today: string): LotOption[] {
  const byLot = new Map<string, LotOption>();
  for (const q of levels.filter((l) => l.lot !== '').map(asQuant).sort(fefoOrder)) {
    const seen = byLot.get(q.lot);
    if (seen) seen.available = round4(seen.available + available(q));
    else byLot.set(q.lot, { lot: q.lot, ...(q.expiry ? { expiry: q.expiry } : {}), available: available(q), expired: q.expiry !== undefined && q.expiry < today });
  }
  return [...byLot.values()];
}

/** The lot a new line of `qty` takes: FEFO with stock, else the first not expired, else none (the server decides). */
export function defaultLot(levels: readonly StockLevel[], qty: number, today: string): string | undefined {
  const named = levels.filter((l) => l.lot !== '').map(asQuant);
  const [first] = planFefo(named, qty, today);
  return first?.quant.lot ?? lotOptions(levels, today).find((o) => !o.expired)?.lot;
}
