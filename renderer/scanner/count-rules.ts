// Free inventory count at one location, pure: scan the location, then each product (GS1 lot and
// weight understood); "+1" and a typed quantity adjust the current product. The result is the
// `counts` event's lines (shared/schemas/stock-count.ts): counted quantity per product and lot,
// which the server sets as the new on-hand (with approval above the value threshold).
import type { ScanResult } from '../../shared/barcode/index.ts';
import type { CountedLine } from '../../shared/schemas/stock-count.ts';
import type { Feedback, PickContext } from './pick-rules.ts';

export interface CountState {
  locationId: string | null;
  /** Key `${productId}|${lot}` → counted. */
  counted: Map<string, CountedLine>;
  current: string | null;
  /** A measured product scanned without its measure: the typed quantity counts it. */
  awaiting: { key: string; line: CountedLine } | null;
}

export const emptyCountState = (): CountState => ({ locationId: null, counted: new Map(), current: null, awaiting: null });

type Step = { state: CountState | null; feedback: Feedback };

const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;

function fail(outcome: Feedback['outcome'], message: string): Step {
  return { state: null, feedback: { outcome, message } };
}

function add(state: CountState, key: string, line: CountedLine, qty: number): CountState {
  const counted = new Map(state.counted);
  const prev = counted.get(key);
  counted.set(key, { ...line, counted: round4((prev?.counted ?? 0) + qty) });
  return { ...state, counted, current: key, awaiting: null };
}

export function applyScanToCount(state: CountState, scan: ScanResult, ctx: PickContext): Step {
  if (scan.kind === 'invalid') return fail('invalid-scan', `Unreadable scan: ${scan.reason}`);
  if (scan.kind === 'location') {
    const id = ctx.locationIdByCode(scan.code);
    if (id === undefined) return fail('unknown-location', `Unknown location label ${scan.code}.`);
    if (state.locationId !== null && state.locationId !== id && state.counted.size > 0) {
      return fail('wrong-location', `Save or discard the count of ${ctx.locationName(state.locationId) ?? 'this location'} first.`);
    }
    return { state: { ...state, locationId: id }, feedback: { outcome: 'location-ok', message: `Counting ${ctx.locationName(id) ?? scan.code}: scan each product.` } };
  }
  let gtin: string | undefined;
  let lot = '';
  let weight: number | undefined;
  if (scan.kind === 'gtin') gtin = scan.gtin;
  else if (scan.kind === 'variable-measure') {
    gtin = scan.lookupGtin;
    if (scan.valueKind === 'weight') weight = scan.value.value;
  } else if (scan.kind === 'gs1') {
    gtin = scan.gtin;
    lot = scan.fields.lot ?? '';
    weight = scan.fields.netWeightKg?.value;
  }
  if (!gtin) return fail('invalid-scan', 'This barcode is neither a location nor a product.');
  const product = ctx.productByGtin(gtin);
  if (!product) return fail('unknown-product', `Unknown barcode ${gtin}: not in the catalog.`);
  if (state.locationId === null) return fail('scan-location-first', 'Scan the location first.');
  if (product.tracking === 'lot' && !lot) return fail('lot-required', `${product.name} is lot-tracked: scan the GS1 label with the lot.`);
  const key = `${product.id}|${lot}`;
  if (product.unit !== 'unit' && weight === undefined) {
    // A weighed product's plain barcode says nothing of the weight: ask, do not count 1.
    const line = state.counted.get(key) ?? { productId: product.id, ...(lot ? { lot } : {}), counted: 0 };
    return { state: { ...state, awaiting: { key, line } }, feedback: { outcome: 'weight-required', message: `${product.name} is measured in ${product.unit}: weigh it and type the quantity in ${product.unit}.` } };
  }
  const qty = weight ?? 1;
  const next = add(state, key, { productId: product.id, ...(lot ? { lot } : {}), counted: 0 }, qty);
  return { state: next, feedback: { outcome: 'product-ok', message: `${product.name}${lot ? ` lot ${lot}` : ''}: ${next.counted.get(key)?.counted ?? 0} counted` } };
}

/** "+1" on the current product. */
export function countOneMore(state: CountState): Step {
  const line = state.current ? state.counted.get(state.current) : undefined;
  if (!state.current || !line) return fail('scan-product-first', 'Scan a product first.');
  const next = add(state, state.current, line, 1);
  return { state: next, feedback: { outcome: 'qty-ok', message: `${next.counted.get(state.current)?.counted ?? 0} counted` } };
}

/** Typed quantity: the current product's count becomes `qty`. */
export function setCounted(state: CountState, qty: number): Step {
  const key = state.awaiting?.key ?? state.current;
  const line = state.awaiting?.line ?? (key ? state.counted.get(key) : undefined);
  if (!key || !line) return fail('scan-product-first', 'Scan a product first.');
  if (!(qty >= 0)) return fail('invalid-scan', 'The counted quantity cannot be negative.');
  const counted = new Map(state.counted);
  counted.set(key, { ...line, counted: round4(qty) });
  return { state: { ...state, counted, current: key, awaiting: null }, feedback: { outcome: 'qty-ok', message: `${qty} counted` } };
}

export function countLines(state: CountState): CountedLine[] {
  return [...state.counted.values()];
}
