// The hot path of order intake: everything that only reads master data is prepared first; then
// one locking read of the ordered products' quants (in key order: the only shared rows an order
// locks), FEFO planning in memory, and set-based inserts of the order, its lines, the pickings,
// their lines and reservations. No feed counter lock (orders.ts): the feed rows written here are
// numbered at commit.
import { v7 as uuidv7 } from 'uuid';
import { type CustomerInput, defaultCountry } from '../customers/order-customer.ts';
import { siteLocations } from '../pos/site-locations.ts';
import type { Tx } from '../db/db.ts';
import { round4, WarehouseError } from './errors.ts';
import { available, planFefo, type QuantState } from '../../shared/stock/fefo.ts';
import type { OrderLineView, OrderPickingView, OrderView } from './order-view.ts';
import { runReorderRules } from './reorder.ts';
import { channelBuffer, loadPolicy } from './policy.ts';
import { type LockedQuant, lockQuants } from './reservation.ts';
import { clearIntakeWrites, flushIntakeWrites, type IntakeWrites, intakeWrites } from './intake-writes.ts';
import { richestFirst, routeOrder, type ShortagePolicy } from './routing.ts';
import { routingCandidates, type RouteSite } from './channel-routing.ts';
import { pickupStore, routeSteps, stepEnds, warehouseByCode, warehouseLocations } from './sites.ts';
import type { OrderRequest } from './orders.ts';
import { publishTouched, WorkContext } from './work-context.ts';
import { type PickupSources, pickupSources, routePickupShortage } from './pickup-transfer.ts';
import { linePricingView, orderPricingView, orderView } from './order-view.ts';
import type { OrderPrices } from './order-pricing.ts';

interface PreparedWarehouse extends RouteSite {
  first: 'pick' | 'pack' | 'ship';
  stockId: string;
  to: string;
  /** Units per product the router leaves on the site (a store's shelf keeps the channel's buffer for its tills). */
  buffer: number;
  /** May hold the order's backorder (a warehouse, or the pickup store). */
  canWait: boolean;
}

export interface PreparedOrder {
  req: OrderRequest;
  /** Per product: the catalog price, and what pricing reads (cost, category). */
  prices: Map<string, { price: number; includesTax: boolean; cost: number; category: string }>;
  /** Set once the customer is known when pricing rules apply (order-pricing.ts); else catalog prices. */
  pricing?: OrderPrices;
  /** The order's `customer` as posted (kept on the order). */
  customer: CustomerInput | null;
  /** Set by resolveOrderCustomer under the contact-key locks (orders.ts). */
  customerId: string | null;
  /** Reads national phone numbers of the customer. */
  country: string | null;
  /** Click-and-collect: the store that reserves and hands over the order. */
  pickupSiteId: string | null;
  /** Where a pickup store's shortage may come from by transfer (pickup-transfer.ts); null: it waits at the store. */
  pickupSources: PickupSources | null;
  warehouses: PreparedWarehouse[];
  policy: ShortagePolicy;
  /** The channel routes stock-richest: sites are ranked by the locked stock. */
  richest: boolean;
  /** Reserve everything now or nothing (a till's customer order): never a backorder. */
  allOrNothing: boolean;
}

/** What the serving site lacks for an all-or-nothing order (nothing was written). */
export class ShortStockError extends Error {
  constructor(readonly short: readonly { productId: string; wanted: number; available: number }[]) {
    super(`not enough stock: ${short.map((x) => `${x.productId} ${x.available}/${x.wanted}`).join(', ')}`);
    this.name = 'ShortStockError';
  }
}

export interface ProductRow {
  id: string;
  price: number;
  price_includes_tax: boolean;
  unit: string;
  name: string;
  cost: number;
  category: string;
}

/** The active products among `productIds` (what an order may sell). */
export async function readProducts(tx: Tx, productIds: readonly string[]): Promise<ProductRow[]> {
  return tx.query<ProductRow>('SELECT id, price, price_includes_tax, unit, name, cost, category FROM products WHERE id = ANY($1::text[]) AND active', [[...productIds]]);
}

export interface PrepareOptions {
  /** The active products, read once for a batch of orders (order-batch.ts); else read here. */
  products?: ReadonlyMap<string, ProductRow>;
  /** The one site that serves the order (a till's customer order names it), instead of the channel's routing. */
  site?: RouteSite;
  allOrNothing?: boolean;
}

/** Reads and checks master data; runs before any lock. */
export async function prepareOrder(tx: Tx, req: OrderRequest, options: PrepareOptions = {}): Promise<PreparedOrder> {
  if (req.lines.length === 0) throw new WarehouseError('bad_request', 'an order needs at least one line');
  for (const l of req.lines) if (!(l.qty > 0) || round4(l.qty) !== l.qty) throw new WarehouseError('bad_request', `qty of ${l.productId} must be > 0 with at most 4 decimals`);
  const productIds = [...new Set(req.lines.map((l) => l.productId))];
  const rows = options.products ? productIds.flatMap((id) => options.products?.get(id) ?? []) : await readProducts(tx, productIds);
  const prices = new Map(rows.map((p) => [p.id, { price: Number(p.price), includesTax: p.price_includes_tax, cost: Number(p.cost), category: p.category }]));
  const missing = productIds.filter((p) => !prices.has(p));
  if (missing.length > 0) throw new WarehouseError('unknown_product', `unknown or inactive products: ${missing.join(', ')}`);
  // Pieces are not cut: 1.5 of a product sold by the unit is a channel's mistake, not a shortage.
  for (const l of req.lines) {
    const p = rows.find((r) => r.id === l.productId);
    if (p?.unit === 'unit' && !Number.isInteger(l.qty)) {
      throw new WarehouseError('fractional_quantity', `${p.name} (${p.id}) is sold by the unit: qty must be a whole number, got ${l.qty}`);
    }
  }
  const customer = typeof req.customer === 'string' ? { id: req.customer } : (req.customer ?? null);
  if (req.fulfillment?.type === 'pickup' && !req.fulfillment.site) throw new WarehouseError('bad_request', 'a click-and-collect order names its pickup store: fulfillment.site');
  const pickup = req.fulfillment?.type === 'pickup' && req.fulfillment.site ? await pickupStore(tx, req.fulfillment.site) : null;
  if (pickup && req.warehouse) throw new WarehouseError('bad_request', 'a click-and-collect order is served by its pickup store: leave out `warehouse`');
  if (!pickup && req.fulfillment?.payAtPickup) throw new WarehouseError('bad_request', 'only a click-and-collect order is paid at pickup: payAtPickup needs fulfillment.type "pickup"');
  // The channel's routing decides which sites ship a delivery (stores too: ship from store).
  const routing = pickup || req.warehouse || options.site ? null : await routingCandidates(tx, req.channel);
  const list: RouteSite[] = pickup ? [{ ...pickup, kind: 'store' }]
    : options.site ? [options.site]
    : req.warehouse ? [{ ...(await warehouseByCode(tx, req.warehouse)), kind: 'warehouse' }] : (routing?.sites ?? []);
  if (list.length === 0) throw new WarehouseError('unknown_warehouse', 'no warehouse to route the order to');
  // The channel's buffer keeps a store's shelf for its tills; a site chosen at a till takes what it shows.
  const storeBuffer = list.some((w) => w.kind === 'store') && !pickup && !options.site ? await channelBuffer(tx, req.channel) : 0;
  const warehouses: PreparedWarehouse[] = [];
  for (const w of list) {
    if (w.kind === 'store') {
      // A store hands over or ships from its shelves: stock → customer, one step, no dispatch areas.
      const store = await siteLocations(tx, w.siteId);
      warehouses.push({ ...w, first: 'ship', stockId: store.stock, to: store.customer, buffer: storeBuffer, canWait: pickup !== null });
      continue;
    }
    const first = routeSteps(w.steps)[0] ?? 'ship';
    const locs = await warehouseLocations(tx, w.siteId, false);
    warehouses.push({ ...w, first, stockId: locs.stockId, to: stepEnds(first, w.steps, locs).to, buffer: 0, canWait: true });
  }
  // A pickup store keeps what it cannot serve now waiting there (never split to other sites).
  const policy = pickup ? 'backorder' : (await loadPolicy(tx)).shortagePolicy;
  return {
    req, prices, customer, customerId: null, country: customer ? await defaultCountry(tx) : null, pickupSiteId: pickup?.siteId ?? null, warehouses, policy,
    // A till's customer order names its one site (customer-order.ts): never routed by a transfer.
    pickupSources: pickup && !options.site && options.allOrNothing !== true ? await pickupSources(tx, req.channel, pickup.siteId) : null,
    richest: routing?.policy === 'stock-richest', allOrNothing: options.allOrNothing === true,
  };
}

interface PlannedLine {
  id: string;
  orderLineId: string;
  productId: string;
  qty: number;
  from: string;
  to: string;
  lot: string;
  expiry: string | null;
  reserved: boolean;
}

/** Every site whose quants an order may reserve: its warehouses or store, and a pickup's transfer sources. */
export function orderSites(o: PreparedOrder): string[] {
  return [...o.warehouses.map((w) => w.siteId), ...(o.pickupSources?.sources.map((s) => s.siteId) ?? [])];
}

/** How a batch of orders (order-batch.ts) runs one of its orders. */
export interface BatchedIntake {
  /** Collects what the order touched: the batch publishes pickings, hints stock and runs reorder rules once for all its orders. */
  ctx: WorkContext;
  /** The order's quants, locked by the batch in key order and kept current in memory across its orders. */
  quants: LockedQuant[];
  /** The order's rows: the batch writes those of all its orders together (intake-writes.ts). */
  writes: IntakeWrites;
}

/**
 * Creates the order with its reservations and first-step pickings, locking the quants of its
 * products — or, in a batch, on the quants the batch locked, leaving the publishing to the batch.
 */
export async function createOrderLocked(tx: Tx, o: PreparedOrder, now: Date, batch?: BatchedIntake): Promise<OrderView> {
  const { req } = o;
  const ctx = batch?.ctx ?? new WorkContext(tx, now);
  const orderId = uuidv7();
  const lines = req.lines.map((l, i) => ({ key: uuidv7(), productId: l.productId, qty: l.qty, position: i + 1 }));
  // One key-ordered lock of every site the order may take from (a pickup's transfer sources too); a batch locked them already.
  const quants = batch?.quants ?? await lockQuants(tx, orderSites(o), [...o.prices.keys()]);
  const fresh = (w: PreparedWarehouse, q: QuantState & { siteId: string }): boolean =>
    q.siteId === w.siteId && (q.locationId === w.stockId || q.locationName.startsWith(`${w.code}/Stock/`)) && (q.expiry === undefined || q.expiry >= ctx.today);
  const stock = o.warehouses.map((w) => {
    const avail = new Map<string, number>();
    for (const q of quants) if (fresh(w, q)) avail.set(q.productId, round4((avail.get(q.productId) ?? 0) + available(q)));
    if (w.buffer > 0) for (const [p, n] of avail) avail.set(p, Math.max(0, round4(n - w.buffer)));
    return { siteId: w.siteId, available: avail, canWait: w.canWait };
  });
  const parts = routeOrder(lines, o.richest ? richestFirst(lines, stock) : stock, o.policy);
  if (o.allOrNothing && parts.some((p) => p.backorder > 0)) {
    // Nothing is written yet: the caller records why instead of an order.
    throw new ShortStockError(lines.flatMap((l) => {
      const missing = parts.filter((p) => p.key === l.key).reduce((a, p) => a + p.backorder, 0);
      return missing > 0 ? [{ productId: l.productId, wanted: l.qty, available: round4(l.qty - missing) }] : [];
    }));
  }

  const writes = batch?.writes ?? intakeWrites();
  // Priced (order-pricing.ts): the line's unit price after the pricelist and what promotions took off; else the catalog price.
  const priced = lines.map((l, i) => o.pricing?.lines[i] ?? { listPrice: o.prices.get(l.productId)?.price ?? 0, unitPrice: o.prices.get(l.productId)?.price ?? 0, discount: 0, promotions: [] });
  writes.lines.push(...lines.map((l, i) => ({
    id: l.key, order_id: orderId, position: l.position, product_id: l.productId, qty: l.qty, price: priced[i]?.unitPrice ?? 0, inc: o.prices.get(l.productId)?.includesTax ?? true,
    list_price: priced[i]?.listPrice ?? null, discount: priced[i]?.discount ?? 0, pricelist_item_id: priced[i]?.pricelistItemId ?? null,
  })));
  writes.promotions.push(...lines.flatMap((l, i) => (priced[i]?.promotions ?? []).map((p, n) => ({ order_id: orderId, line_id: l.key, promotion_id: p.promotionId, amount: p.amount, position: n + 1 }))));
  const couponCodes = o.pricing?.couponCodes ?? [];
  writes.couponUses.push(...couponCodes.map((code) => ({ code, order_id: orderId })));

  const reservedBy = new Map<string, number>();
  const backorderedBy = new Map<string, number>();
  const pickings: OrderPickingView[] = [];
  for (const w of o.warehouses) {
    const ready: PlannedLine[] = [];
    const waiting: PlannedLine[] = [];
    for (const part of parts.filter((p) => p.siteId === w.siteId)) {
      const line = lines.find((l) => l.key === part.key);
      if (!line) continue;
      for (const a of planFefo(quants.filter((q) => q.productId === line.productId && fresh(w, q)), part.reserve, ctx.today)) {
        a.quant.reserved = round4(a.quant.reserved + a.qty);
        ready.push({ id: uuidv7(), orderLineId: line.key, productId: line.productId, qty: a.qty, from: a.quant.locationId, to: w.to, lot: a.quant.lot, expiry: a.quant.expiry ?? null, reserved: true });
        reservedBy.set(line.key, round4((reservedBy.get(line.key) ?? 0) + a.qty));
      }
      if (part.backorder > 0) {
        waiting.push({ id: uuidv7(), orderLineId: line.key, productId: line.productId, qty: part.backorder, from: w.stockId, to: w.to, lot: '', expiry: null, reserved: false });
        backorderedBy.set(line.key, round4((backorderedBy.get(line.key) ?? 0) + part.backorder));
      }
    }
    const readyId = ready.length > 0 ? planPicking(ctx, writes, w, orderId, 'ready', null, ready, pickings) : null;
    if (waiting.length > 0) planPicking(ctx, writes, w, orderId, 'waiting', readyId, waiting, pickings);
  }
  // Everything of a pickup order is held in its store: the collection period starts now.
  const held = o.pickupSiteId !== null && lines.every((l) => reservedBy.get(l.key) === l.qty);
  writes.orders.push({
    id: orderId, channel: req.channel, external_ref: req.externalRef, customer_id: o.customerId, customer: o.customer, currency: req.currency ?? 'EUR',
    created_at: now.toISOString(), fulfillment: o.pickupSiteId ? 'pickup' : 'delivery', pickup_site_id: o.pickupSiteId,
    pay_at_pickup: o.pickupSiteId !== null && req.fulfillment?.payAtPickup === true, pickup_ready_at: held ? now.toISOString() : null, coupon_codes: couponCodes,
  });
  // What the pickup store lacks comes from another site by transfer when one has it (it still waits at the store until it arrives).
  const short = o.pickupSources ? lines.flatMap((l) => ((backorderedBy.get(l.key) ?? 0) > 0 ? [{ key: l.key, productId: l.productId, qty: backorderedBy.get(l.key) ?? 0 }] : [])) : [];
  let coming = new Map<string, number>();
  if (o.pickupSources && short.length > 0) {
    // The transfer is written at once and names the order: the order's rows go first (in a batch too).
    await flushIntakeWrites(tx, writes);
    clearIntakeWrites(writes);
    coming = await routePickupShortage(ctx, orderId, o.pickupSources, short, quants);
  }
  if (!batch) {
    await flushIntakeWrites(tx, writes);
    // Only new pickings and the locked quants: no feed counter lock needed (orders.ts).
    await publishTouched(ctx, { gate: false });
    await runReorderRules(tx, [...o.prices.keys()]);
  }
  // Routed by a transfer: the order as GET /api/orders/:id shows it (with what is on its way).
  if (coming.size > 0) return orderView(tx, orderId);
  const names = o.pricing ? o.pricing.promotionNames : undefined;
  const lineViews: OrderLineView[] = lines.map((l, i) => ({
    lineId: l.key, productId: l.productId, qty: l.qty, unitPrice: priced[i]?.unitPrice ?? 0,
    ...linePricingView(priced[i]?.listPrice ?? null, priced[i]?.unitPrice ?? 0, (priced[i]?.promotions ?? []).map((p) => ({ ...p, name: names?.get(p.promotionId) ?? p.promotionId }))),
    reserved: reservedBy.get(l.key) ?? 0, backordered: backorderedBy.get(l.key) ?? 0, delivered: 0, cancelled: 0,
  }));
  const pickupSite = o.pickupSiteId ? o.warehouses[0]?.code : undefined;
  const fulfillment = pickupSite ? { fulfillment: { type: 'pickup' as const, site: pickupSite, ...(req.fulfillment?.payAtPickup ? { payAtPickup: true as const } : {}) } } : {};
  return { orderId, channel: req.channel, externalRef: req.externalRef, state: 'open', customerId: o.customerId, ...fulfillment, ...orderPricingView(couponCodes, lineViews), lines: lineViews, pickings };
}

function planPicking(ctx: WorkContext, writes: IntakeWrites, w: PreparedWarehouse, orderId: string, state: 'ready' | 'waiting', backorderOf: string | null, lines: readonly PlannedLine[], out: OrderPickingView[]): string {
  const id = uuidv7();
  const view: OrderPickingView = { id, reference: '', warehouse: w.code, kind: 'delivery', step: w.first, state };
  writes.pickings.push({
    id, step: w.first, route_steps: w.steps, site_id: w.siteId, code: w.code, prefix: w.first === 'ship' ? 'OUT' : w.first === 'pick' ? 'PICK' : 'PACK', state, order_id: orderId, backorder_of: backorderOf, view,
  });
  writes.pickingLines.push(...lines.map((l, i) => ({
    id: l.id, picking_id: id, position: i + 1, order_line_id: l.orderLineId, product_id: l.productId, qty: l.qty, from_id: l.from, to_id: l.to, lot: l.lot, expiry: l.expiry, reserved: l.reserved,
  })));
  for (const l of lines) if (l.reserved) ctx.touchQuant(l.productId, l.from, l.lot);
  // A pickup store's waiting picking is on its tills too (the order is shown on its way, migration 110).
  if (state !== 'waiting' || w.canWait && w.kind === 'store') ctx.pickings.add(id);
  out.push(view);
  return id;
}
