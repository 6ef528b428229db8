// The picking rules of the scanner station, pure: what a scan means for the work in hand
// (location → product → quantity), which mistakes it reveals (wrong location, wrong product,
// wrong or expired lot, over-pick) and what the validate event's lines are. No I/O, no clock:
// the caller passes today's date and the lookups, so every rule is tested alone.
import type { ScanResult } from '../../shared/barcode/index.ts';
import type { PickedLine } from '../../shared/schemas/picking-event.ts';
import type { Picking, PickingLine } from '../../shared/schemas/picking.ts';
import type { Product } from '../../shared/schemas/product.ts';
import { counted } from '../../shared/text/count.ts';

export type Outcome =
  | 'location-ok'
  | 'product-ok'
  | 'qty-ok'
  | 'package-ok'
  | 'line-done'
  | 'put-away'
  | 'wrong-location'
  | 'unknown-location'
  | 'wrong-product'
  | 'unknown-product'
  | 'wrong-lot'
  | 'expired-lot'
  | 'lot-required'
  | 'over-pick'
  | 'weight-required'
  | 'expiry-mismatch'
  | 'wrong-destination'
  | 'scan-destination-first'
  | 'duplicate-serial'
  | 'scan-location-first'
  | 'scan-product-first'
  | 'scan-package-first'
  | 'unknown-package'
  | 'invalid-scan';

export interface Feedback {
  outcome: Outcome;
  message: string;
}

/** One move the picker made: qty of a line's product from a location (with lot, serial, package). */
export interface PickEntry {
  lineId: string;
  productId: string;
  qty: number;
  fromLocationId: string;
  lot?: string;
  expiry?: string;
  serial?: string;
  packageId?: string;
  /** Transfers: where the picker put it (the scanned destination); absent while still in hand. */
  toLocationId?: string;
}

export interface PickState {
  /** Location id the picker stands at (scanned), or null. */
  locationId: string | null;
  /** The line the last product scan matched, with what the scan said. */
  current: { lineId: string; lot?: string; expiry?: string; serial?: string } | null;
  packageId: string | null;
  entries: PickEntry[];
  /** Count tasks: lines the picker said are at zero (typed 0, or "nothing else here"). */
  zeroed: string[];
}

export interface PickContext {
  productByGtin(gtin: string): Product | undefined;
  productById(id: string): Product | undefined;
  /** Location id of a scanned label code, when the station knows it. */
  locationIdByCode(code: string): string | undefined;
  locationName(id: string): string | undefined;
  /** YYYY-MM-DD */
  today: string;
}

export const emptyPickState: PickState = { locationId: null, current: null, packageId: null, entries: [], zeroed: [] };

const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;

/** Where the picker scans for a line: receipts are put away at the destination. */
export function scanLocationOf(picking: Picking, line: PickingLine): string {
  return picking.kind === 'receipt' ? line.toLocationId : line.fromLocationId;
}

export function pickedQty(state: PickState, lineId: string): number {
  return round4(state.entries.filter((e) => e.lineId === lineId).reduce((s, e) => s + e.qty, 0));
}

export function remainingQty(state: PickState, line: PickingLine): number {
  return Math.max(0, round4(line.qty - pickedQty(state, line.lineId)));
}

/** Counts may find more than expected; every other kind refuses to move more than asked. */
function allowsSurplus(picking: Picking): boolean {
  return picking.kind === 'count';
}

function label(ctx: PickContext, id: string): string {
  return ctx.locationName(id) ?? `location …${id.slice(-6)}`;
}

function productName(ctx: PickContext, id: string): string {
  return ctx.productById(id)?.name ?? `product …${id.slice(-6)}`;
}

function fail(outcome: Outcome, message: string): { state: null; feedback: Feedback } {
  return { state: null, feedback: { outcome, message } };
}

type Step = { state: PickState | null; feedback: Feedback };

/** Transfers: what the picker took from a source and has not put at its destination yet. */
export function inHand(picking: Picking, state: PickState): PickEntry[] {
  return picking.kind === 'transfer' ? state.entries.filter((e) => e.toLocationId === undefined) : [];
}

/** The destinations of what is in hand, by label, for messages. */
function destinations(picking: Picking, carried: readonly PickEntry[], ctx: PickContext): string {
  const ids = new Set(carried.map((e) => picking.lines.find((l) => l.lineId === e.lineId)?.toLocationId ?? ''));
  return [...ids].map((id) => label(ctx, id)).join(', ');
}

/** A transfer's destination scanned with goods in hand: they are put there (a wrong one is refused). */
function scanDestination(picking: Picking, state: PickState, id: string | undefined, code: string, ctx: PickContext): Step | null {
  const carried = inHand(picking, state);
  if (carried.length === 0) return null;
  const here = carried.filter((e) => picking.lines.find((l) => l.lineId === e.lineId)?.toLocationId === id);
  if (here.length === 0) {
    const isSource = id !== undefined && picking.lines.some((l) => l.fromLocationId === id && remainingQty(state, l) > 0);
    if (isSource) return null;
    return fail('wrong-destination', `Wrong destination: ${id ? label(ctx, id) : code}. Take what you carry to ${destinations(picking, carried, ctx)}.`);
  }
  const put = new Set(here);
  const entries = state.entries.map((e) => (put.has(e) ? { ...e, toLocationId: id } : e));
  const qty = round4(here.reduce((n, e) => n + e.qty, 0));
  const names = [...new Set(here.map((e) => productName(ctx, e.productId)))].join(', ');
  return { state: { ...state, entries, locationId: null, current: null }, feedback: { outcome: 'put-away', message: `Put away at ${label(ctx, id ?? '')}: ${qty} × ${names}.` } };
}

function scanLocation(picking: Picking, state: PickState, code: string, ctx: PickContext): Step {
  const dropped = scanDestination(picking, state, ctx.locationIdByCode(code), code, ctx);
  if (dropped) return dropped;
  const open = picking.lines.filter((l) => remainingQty(state, l) > 0 || allowsSurplus(picking));
  const wanted = [...new Set(open.map((l) => scanLocationOf(picking, l)))];
  const id = ctx.locationIdByCode(code);
  if (id === undefined) {
    // The station learns location labels while online; a label it never saw cannot be checked.
    const unknownNames = wanted.filter((w) => ctx.locationName(w) === undefined);
    if (unknownNames.length === 0 && wanted.length > 0) {
      // Every place this picking goes is known by its label, and this label is none of them.
      return fail('wrong-location', `Wrong location: ${code}. Go to ${wanted.map((w) => label(ctx, w)).join(', ')}.`);
    }
    if (unknownNames.length === 1 && wanted.length === 1) {
      const only = unknownNames[0] ?? '';
      return { state: { ...state, locationId: only, current: null }, feedback: { outcome: 'location-ok', message: `At ${code} (label not known to this station yet: not verified). Scan the product.` } };
    }
    return fail('unknown-location', `Unknown location label ${code}.`);
  }
  if (!wanted.includes(id)) {
    if (picking.kind === 'transfer' && picking.lines.some((l) => l.toLocationId === id)) {
      return fail('scan-product-first', `${label(ctx, id)} is where the goods go: pick them at ${wanted.map((w) => label(ctx, w)).join(', ')} first.`);
    }
    const go = wanted.map((w) => label(ctx, w)).join(', ');
    return fail('wrong-location', `Wrong location: ${label(ctx, id)}. ${go ? `Go to ${go}.` : 'Nothing left to pick.'}`);
  }
  return { state: { ...state, locationId: id, current: null }, feedback: { outcome: 'location-ok', message: `At ${label(ctx, id)}: scan the product.` } };
}

interface ScannedProduct {
  gtin: string;
  lot?: string;
  expiry?: string;
  serial?: string;
  weightKg?: number;
}

function productOfScan(scan: ScanResult): ScannedProduct | null {
  if (scan.kind === 'gtin') return { gtin: scan.gtin };
  if (scan.kind === 'variable-measure') return { gtin: scan.lookupGtin, ...(scan.valueKind === 'weight' ? { weightKg: scan.value.value } : {}) };
  if (scan.kind === 'gs1' && scan.gtin) {
    const f = scan.fields;
    return {
      gtin: scan.gtin,
      ...(f.lot ? { lot: f.lot } : {}),
      ...(f.expiryDate ?? f.bestBeforeDate ? { expiry: f.expiryDate ?? f.bestBeforeDate } : {}),
      ...(f.serial ? { serial: f.serial } : {}),
      ...(f.netWeightKg ? { weightKg: f.netWeightKg.value } : {}),
    };
  }
  return null;
}

function scanProduct(picking: Picking, state: PickState, scanned: ScannedProduct, ctx: PickContext): Step {
  const product = ctx.productByGtin(scanned.gtin);
  if (!product) return fail('unknown-product', `Unknown barcode ${scanned.gtin}: not in the catalog.`);
  const ofProduct = picking.lines.filter((l) => l.productId === product.id);
  if (ofProduct.length === 0) return fail('wrong-product', `Wrong product: ${product.name} is not on ${picking.reference}.`);
  if (state.locationId === null) return fail('scan-location-first', `Scan the location first (${ofProduct.map((l) => label(ctx, scanLocationOf(picking, l))).join(', ')}).`);
  const here = ofProduct.filter((l) => scanLocationOf(picking, l) === state.locationId);
  if (here.length === 0) {
    return fail('wrong-location', `${product.name} is not picked here: go to ${ofProduct.map((l) => label(ctx, scanLocationOf(picking, l))).join(', ')}.`);
  }
  if (scanned.expiry && scanned.expiry < ctx.today && picking.kind !== 'count') {
    return fail('expired-lot', `Expired lot${scanned.lot ? ` ${scanned.lot}` : ''}: ${product.name} expired on ${scanned.expiry}. Do not pick it.`);
  }
  if (picking.step === 'pack' && state.packageId === null) return fail('scan-package-first', 'Scan or type the package first: this step packs the goods.');
  const needsLot = product.tracking === 'lot' || here.some((l) => l.lot);
  if (needsLot && !scanned.lot) return fail('lot-required', `${product.name} is lot-tracked: scan the GS1 label with the lot.`);
  let candidates = here;
  if (picking.kind === 'delivery' || picking.kind === 'transfer') {
    const lotted = here.filter((l) => !l.lot || l.lot === scanned.lot);
    if (lotted.length === 0) {
      return fail('wrong-lot', `Wrong lot ${scanned.lot ?? ''}: this pick needs lot ${here.map((l) => l.lot).join(', ')} of ${product.name}.`);
    }
    candidates = lotted;
  }
  if (scanned.serial && state.entries.some((e) => e.productId === product.id && e.serial === scanned.serial)) {
    return fail('duplicate-serial', `Serial ${scanned.serial} of ${product.name} was already scanned.`);
  }
  const line = candidates.find((l) => remainingQty(state, l) > 0) ?? (allowsSurplus(picking) ? candidates[0] : undefined);
  if (!line) return fail('over-pick', `Over-pick: ${product.name} is complete here (${candidates.reduce((s, l) => s + l.qty, 0)} asked).`);
  const current = { lineId: line.lineId, ...(scanned.lot ? { lot: scanned.lot } : {}), ...(scanned.expiry ? { expiry: scanned.expiry } : {}), ...(scanned.serial ? { serial: scanned.serial } : {}) };
  // A weighed product's plain barcode carries no weight: counting it as 1 (kg) would be a guess.
  if (product.unit !== 'unit' && scanned.weightKg === undefined) {
    return { state: { ...state, current }, feedback: { outcome: 'weight-required', message: `${product.name} is measured in ${product.unit}: weigh it and type the quantity in ${product.unit}.` } };
  }
  const qty = scanned.weightKg ?? 1;
  const added = addQty(picking, { ...state, current }, qty, ctx);
  if (added.state === null) return added;
  const books = scanned.lot && line.lot === scanned.lot ? line.expiry : undefined;
  if (scanned.expiry && books && scanned.expiry !== books) {
    // The goods are what they are: counted, and the difference travels with the validation.
    return { state: added.state, feedback: { outcome: 'expiry-mismatch', message: `${product.name} lot ${scanned.lot ?? ''}: the label says expiry ${scanned.expiry}, the books say ${books} — flagged for the office. ${added.feedback.message}` } };
  }
  return { state: added.state, feedback: { outcome: added.feedback.outcome === 'line-done' ? 'line-done' : 'product-ok', message: `${product.name}${scanned.lot ? ` lot ${scanned.lot}` : ''}: ${added.feedback.message}` } };
}

/** Adds `qty` of the current line from the current location (the "+1" button and each scan). */
export function addQty(picking: Picking, state: PickState, qty: number, ctx: PickContext): Step {
  const cur = state.current;
  const line = cur ? picking.lines.find((l) => l.lineId === cur.lineId) : undefined;
  if (!cur || !line || state.locationId === null) return fail('scan-product-first', 'Scan a product first.');
  if (!(qty > 0)) return fail('invalid-scan', 'The quantity must be above zero.');
  const remaining = remainingQty(state, line);
  if (!allowsSurplus(picking) && round4(qty) > remaining) {
    return fail('over-pick', `Over-pick: only ${remaining} more of ${productName(ctx, line.productId)} asked (${line.qty} in all).`);
  }
  const entry: PickEntry = {
    lineId: line.lineId,
    productId: line.productId,
    qty: round4(qty),
    fromLocationId: picking.kind === 'receipt' ? line.fromLocationId : state.locationId,
    ...(cur.lot ? { lot: cur.lot } : line.lot ? { lot: line.lot } : {}),
    ...(cur.expiry ? { expiry: cur.expiry } : line.expiry ? { expiry: line.expiry } : {}),
    ...(cur.serial ? { serial: cur.serial } : {}),
    ...(state.packageId ? { packageId: state.packageId } : {}),
  };
  const next: PickState = { ...state, entries: [...state.entries, entry] };
  const done = pickedQty(next, line.lineId);
  const left = remainingQty(next, line);
  // Counts never echo what the books expect (blind counts): only what was counted.
  if (picking.kind === 'count') return { state: next, feedback: { outcome: 'qty-ok', message: `${done} counted` } };
  return { state: next, feedback: { outcome: left === 0 ? 'line-done' : 'qty-ok', message: `${done} of ${line.qty}${left === 0 ? ' — line complete' : ''}` } };
}

/** Sets the current line's quantity picked here (typed quantity): replaces what was entered for it. */
export function setQty(picking: Picking, state: PickState, qty: number, ctx: PickContext): Step {
  const cur = state.current;
  if (!cur) return fail('scan-product-first', 'Scan a product first.');
  if (!(qty >= 0)) return fail('invalid-scan', 'The quantity cannot be negative.');
  const kept = state.entries.filter((e) => e.lineId !== cur.lineId);
  const zeroed = state.zeroed.filter((id) => id !== cur.lineId);
  const base: PickState = { ...state, entries: kept, zeroed };
  if (qty === 0) {
    // On a count, 0 is what was found: the line is counted (at zero), not forgotten.
    if (picking.kind === 'count') return { state: { ...base, zeroed: [...zeroed, cur.lineId] }, feedback: { outcome: 'qty-ok', message: `${productName(ctx, picking.lines.find((l) => l.lineId === cur.lineId)?.productId ?? '')}: 0 counted` } };
    return { state: base, feedback: { outcome: 'qty-ok', message: 'Quantity cleared' } };
  }
  return addQty(picking, base, qty, ctx);
}

/** "All": what is left of the current line. */
export function pickAllOfCurrent(picking: Picking, state: PickState, ctx: PickContext): Step {
  const line = picking.lines.find((l) => l.lineId === state.current?.lineId);
  if (!line) return fail('scan-product-first', 'Scan a product first.');
  const left = remainingQty(state, line);
  if (left === 0) return fail('over-pick', 'Over-pick: this line is already complete.');
  return addQty(picking, state, left, ctx);
}

/** One scan against the picking in hand. */
export function applyScanToPick(picking: Picking, state: PickState, scan: ScanResult, ctx: PickContext): Step {
  if (scan.kind === 'invalid') return fail('invalid-scan', `Unreadable scan: ${scan.reason}`);
  if (scan.kind === 'location') return scanLocation(picking, state, scan.code, ctx);
  if (scan.kind === 'gs1' && !scan.gtin && scan.fields.sscc) {
    return { state: { ...state, packageId: scan.fields.sscc }, feedback: { outcome: 'package-ok', message: `Package ${scan.fields.sscc}` } };
  }
  const product = productOfScan(scan);
  if (!product) return fail('invalid-scan', 'This barcode is neither a location, a product nor a package.');
  return scanProduct(picking, state, product, ctx);
}

/** Count tasks: listed lines nobody counted (neither scanned nor said to be at zero). */
export function uncountedLines(picking: Picking, state: PickState): PickingLine[] {
  if (picking.kind !== 'count') return [];
  return picking.lines.filter((l) => pickedQty(state, l.lineId) === 0 && !state.zeroed.includes(l.lineId));
}

/** "Nothing else here": every listed line not counted is counted at zero. */
export function confirmNothingElse(picking: Picking, state: PickState): Step {
  const lines = uncountedLines(picking, state);
  return { state: { ...state, zeroed: [...state.zeroed, ...lines.map((l) => l.lineId)] }, feedback: { outcome: 'qty-ok', message: `${counted(lines.length, 'line')} counted at zero.` } };
}

/**
 * The validate event's lines: entries merged per line, location, lot, serial, package and
 * destination. A count task reports what was counted — a line nobody counted is not reported (its
 * stock stays as booked); a line counted at zero is reported as 0.
 */
export function validatedLines(picking: Picking, state: PickState): PickedLine[] {
  const merged = new Map<string, PickedLine>();
  if (picking.kind === 'count') {
    for (const l of picking.lines) {
      if (pickedQty(state, l.lineId) > 0 || !state.zeroed.includes(l.lineId)) continue;
      merged.set(`${l.lineId}|zero`, { lineId: l.lineId, productId: l.productId, qty: 0, fromLocationId: l.fromLocationId, ...(l.lot ? { lot: l.lot } : {}) });
    }
  }
  for (const e of state.entries) {
    const key = [e.lineId, e.fromLocationId, e.lot ?? '', e.serial ?? '', e.packageId ?? '', e.toLocationId ?? ''].join('|');
    const prev = merged.get(key);
    if (prev) {
      prev.qty = round4(prev.qty + e.qty);
      continue;
    }
    const line = picking.lines.find((l) => l.lineId === e.lineId);
    merged.set(key, {
      lineId: e.lineId,
      productId: e.productId,
      qty: e.qty,
      fromLocationId: e.fromLocationId,
      ...(line && picking.kind !== 'delivery' ? { toLocationId: e.toLocationId ?? line.toLocationId } : {}),
      ...(e.lot ? { lot: e.lot } : {}),
      ...(e.expiry ? { expiry: e.expiry } : {}),
      ...(e.serial ? { serial: e.serial } : {}),
      ...(e.packageId ? { packageId: e.packageId } : {}),
    });
  }
  return [...merged.values()];
}

/** True when something the picking asked for is not picked: the backorder question applies. */
export function hasRemainder(picking: Picking, state: PickState): boolean {
  return picking.kind !== 'count' && picking.lines.some((l) => remainingQty(state, l) > 0);
}
