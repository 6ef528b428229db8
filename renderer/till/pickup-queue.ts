// The store's click-and-collect queue as the till shows it, from the replicated `pickings`
// documents of its store (docs/channels.md "Click-and-collect") with the till's own hand-overs that
// the server has not applied yet on top — so it works offline and never offers twice what was
// handed over. An order whose goods are not (all) in the store yet is listed too, with what is on
// its way from which site (its waiting picking at the store and `pickup.transfers`, pickings schema
// v4): only what the store holds can be handed over. Pure: the screen (pickup-screen.tsx) and the
// hand-over (pickup-handover.ts) use it.
import type { Picking, PickupOrderLine, PickupTransfer, Sale } from '../../shared/schemas/index.ts';

export interface PickupLineView extends PickupOrderLine {
  /** What the store holds for this line now and can hand over (the order's ready pickings, less
   *  what this till handed over that the server has not counted yet). */
  ready: number;
  /** Units the order waits for at the store (on their way, or in no site's stock yet): never handed over. */
  notHere: number;
}

export interface PickupOrder {
  orderId: string;
  orderRef: string;
  channel: string;
  customerName?: string;
  customerId?: string;
  payAtPickup: boolean;
  collectBy?: string;
  currency?: string;
  /** The store's references of the order's pickings (what a picking label's code says). */
  references: string[];
  lines: PickupLineView[];
  /** The oldest ready picking's creation: the queue shows the longest waiting first. */
  since: string;
  /** Transfers bringing the order's goods to the store. */
  transfers: PickupTransfer[];
}

const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;
const OPEN = new Set<Picking['state']>(['ready', 'in_progress']);
const readyUnits = (o: PickupOrder): number => o.lines.reduce((a, l) => a + l.ready, 0);

/** The orders waiting for collection at the store, oldest first. */
export function pickupQueue(pickings: readonly Picking[], localSales: readonly Sale[]): PickupOrder[] {
  const byOrder = new Map<string, Picking[]>();
  for (const p of pickings) {
    if (!p.pickup || !p.orderId || p.kind !== 'delivery') continue;
    byOrder.set(p.orderId, [...(byOrder.get(p.orderId) ?? []), p]);
  }
  const out: PickupOrder[] = [];
  for (const [orderId, docs] of byOrder) {
    const open = docs.filter((d) => OPEN.has(d.state));
    const waiting = docs.filter((d) => d.state === 'waiting');
    if (open.length === 0 && waiting.length === 0) continue;
    // Every document of the order is republished on each change: the newest says where it stands.
    const latest = docs.reduce((a, b) => (b.updatedAt > a.updatedAt ? b : a));
    const info = latest.pickup;
    if (!info) continue;
    const ready = new Map<string, number>();
    for (const d of open) for (const l of d.lines) if (l.orderLineId) ready.set(l.orderLineId, round4((ready.get(l.orderLineId) ?? 0) + l.qty));
    const notHere = new Map<string, number>();
    for (const d of waiting) for (const l of d.lines) if (l.orderLineId) notHere.set(l.orderLineId, round4((notHere.get(l.orderLineId) ?? 0) + l.qty));
    const applied = new Set(info.handedOverBy ?? []);
    const pending = new Map<string, number>();
    for (const sale of localSales) {
      if (sale.pickup?.orderId !== orderId || applied.has(sale.id)) continue;
      for (const l of sale.pickup.lines) pending.set(l.orderLineId, round4((pending.get(l.orderLineId) ?? 0) + l.qty));
    }
    const lines = (info.lines ?? []).map((l): PickupLineView => {
      const mine = pending.get(l.orderLineId) ?? 0;
      return { ...l, handedOver: round4(l.handedOver + mine), ready: Math.max(0, round4((ready.get(l.orderLineId) ?? 0) - mine)), notHere: notHere.get(l.orderLineId) ?? 0 };
    });
    if (!lines.some((l) => l.ready > 0 || l.notHere > 0)) continue;
    out.push({
      orderId,
      orderRef: info.orderRef,
      channel: info.channel,
      ...(info.customerName ? { customerName: info.customerName } : {}),
      ...(info.customerId ? { customerId: info.customerId } : {}),
      payAtPickup: info.payAtPickup === true,
      ...(info.collectBy ? { collectBy: info.collectBy } : {}),
      ...(info.currency ? { currency: info.currency } : {}),
      references: [...open, ...waiting].map((d) => d.reference),
      lines,
      since: (open.length > 0 ? open : waiting).map((d) => d.createdAt).sort()[0] ?? latest.createdAt,
      transfers: info.transfers ?? [],
    });
  }
  // What can be handed over first (oldest first), then the orders whose goods are not here yet.
  return out.sort((a, b) => Number(readyUnits(b) > 0) - Number(readyUnits(a) > 0) || a.since.localeCompare(b.since) || a.orderRef.localeCompare(b.orderRef));
}

/** One sentence for the cashier about goods of the order that are not in the store. */
export interface ArrivalNote {
  kind: 'in_transit' | 'to_ship' | 'no_stock';
  text: string;
}

/**
 * What the cashier tells a customer about the units not in the store: per transfer, on its way
 * (sent when) or waiting for the sending site; what no transfer covers is in no site's stock yet.
 * `nameOf` gives product names, `when` formats an instant in store time.
 */
export function arrivalNotes(order: PickupOrder, nameOf: (productId: string) => string, when: (iso: string) => string): ArrivalNote[] {
  const items = (lines: readonly { productId: string; qty: number }[]): string => lines.map((l) => `${l.qty} × ${nameOf(l.productId)}`).join(', ');
  const notes: ArrivalNote[] = order.transfers.map((t) => (t.state === 'in_transit'
    ? { kind: 'in_transit', text: `On its way — ${items(t.lines)} from ${t.from}${t.sentAt ? `, sent ${when(t.sentAt)}` : ''}` }
    : { kind: 'to_ship', text: `Waiting for ${t.from} to send ${items(t.lines)}` }));
  const missing = new Map<string, number>();
  for (const l of order.lines) if (l.notHere > 0) missing.set(l.productId, round4((missing.get(l.productId) ?? 0) + l.notHere));
  for (const t of order.transfers) for (const l of t.lines) missing.set(l.productId, round4((missing.get(l.productId) ?? 0) - l.qty));
  const none = [...missing].filter(([, n]) => n > 0).map(([productId, qty]) => ({ productId, qty }));
  if (none.length > 0) notes.push({ kind: 'no_stock', text: `Not in stock yet — ${items(none)}: no site has it to send` });
  return notes;
}

const norm = (s: string): string => s.trim().toLocaleLowerCase();

/** The order a scanned or typed code names: its reference (also at the end of a URL in a QR code), a picking's reference or the order id. */
export function orderByCode(queue: readonly PickupOrder[], code: string): PickupOrder | undefined {
  const c = norm(code);
  if (!c) return undefined;
  const last = c.split(/[/#?=]/).filter(Boolean).at(-1) ?? c;
  return queue.find((o) => [o.orderRef, o.orderId, ...o.references].some((r) => norm(r) === c))
    ?? queue.find((o) => norm(o.orderRef) === last);
}

/** Orders matching what the cashier typed: a code as above, else part of the reference or a customer's name (words in any order). */
export function searchPickups(queue: readonly PickupOrder[], text: string): PickupOrder[] {
  const exact = orderByCode(queue, text);
  if (exact) return [exact];
  const words = norm(text).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...queue];
  return queue.filter((o) => {
    const name = norm(o.customerName ?? '').split(/\s+/);
    return words.every((w) => norm(o.orderRef).includes(w) || name.some((n) => n.startsWith(w)));
  });
}

export class PickupError extends Error {
  constructor(
    readonly code: 'nothing-selected' | 'too-many' | 'not-whole',
    message: string,
  ) {
    super(message);
    this.name = 'PickupError';
  }
}

export interface HandoverChoice {
  line: PickupLineView;
  qty: number;
}

/** The lines the cashier hands over: never more than ready, at least one unit, whole units of pieces. */
export function chooseHandover(order: PickupOrder, quantities: ReadonlyMap<string, number>, nameOf: (productId: string) => string, soldByPiece: (productId: string) => boolean): HandoverChoice[] {
  const chosen: HandoverChoice[] = [];
  for (const line of order.lines) {
    const qty = quantities.get(line.orderLineId) ?? 0;
    if (!(qty > 0)) continue;
    if (qty > line.ready + 1e-9) throw new PickupError('too-many', `Only ${line.ready} of ${nameOf(line.productId)} can be handed over`);
    if (soldByPiece(line.productId) && !Number.isInteger(qty)) throw new PickupError('not-whole', `${nameOf(line.productId)} is sold by the piece: enter a whole number`);
    chosen.push({ line, qty });
  }
  if (chosen.length === 0) throw new PickupError('nothing-selected', 'Enter how many of at least one item the customer takes');
  return chosen;
}
