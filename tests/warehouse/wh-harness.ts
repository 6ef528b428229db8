// Helpers for the warehouse integration tests: products with exact stock, a second warehouse,
// scanner events pushed over HTTP, and the reservation invariants checked straight in SQL.
import { v7 as uuidv7 } from 'uuid';
import type { PackageMove } from '../../shared/schemas/package-move.ts';
import type { PickedLine, PickingEvent } from '../../shared/schemas/picking-event.ts';
import type { PickingPartner } from '../../shared/schemas/picking.ts';
import { computeOrder } from '../../shared/tax/index.ts';
import type { Db } from '../../sync-server/db/db.ts';
import { applyMoves } from '../../sync-server/stock/moves.ts';
import type { TestServer } from '../support/test-server.ts';

export interface StockSpec {
  site: string;
  qty: number;
  lot?: string;
  expiry?: string;
  /** full_name of the location; default `<site>/Stock`. */
  location?: string;
}

let n = 0;

/** A product with exactly this stock (received from each site's supplier location). */
export async function makeProduct(db: Db, stock: readonly StockSpec[], opts: { price?: number; cost?: number; tracking?: 'none' | 'lot' | 'serial'; unit?: string } = {}): Promise<string> {
  const id = uuidv7();
  n += 1;
  await db.transaction(async (tx) => {
    await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
    await tx.query(`INSERT INTO products (id, sku, name, price, cost, tracking, unit) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      id, `WT-${id.slice(-12)}-${n}`, `Warehouse test ${n}`, opts.price ?? 1200, opts.cost ?? 700, opts.tracking ?? 'none', opts.unit ?? 'unit',
    ]);
    await tx.query(`INSERT INTO product_taxes (product_id, tax_id) VALUES ($1, 'tax-standard')`, [id]);
    for (const s of stock) {
      const [loc] = await tx.query<{ id: string; supplier: string }>(
        `SELECT l.id, (SELECT v.id FROM locations v WHERE v.site_id = l.site_id AND v.usage = 'supplier') AS supplier
         FROM locations l JOIN sites si ON si.id = l.site_id WHERE si.code = $1 AND l.full_name = $2`,
        [s.site, s.location ?? `${s.site}/Stock`],
      );
      if (!loc) throw new Error(`no location ${s.location ?? `${s.site}/Stock`}`);
      await applyMoves(tx, [{ productId: id, qty: s.qty, fromLocationId: loc.supplier, toLocationId: loc.id, reason: 'receipt', ...(s.lot ? { lot: s.lot } : {}), ...(s.expiry ? { expiry: s.expiry } : {}) }]);
    }
  });
  return id;
}

/** A second warehouse (or, with kind 'store', a store) like the seed's: root, Stock, two shelves, virtual locations. */
export async function addWarehouse(db: Db, code: string, kind: 'warehouse' | 'store' = 'warehouse'): Promise<string> {
  const siteId = uuidv7();
  await db.transaction(async (tx) => {
    await tx.query(`INSERT INTO sites (id, code, name, kind) VALUES ($1, $2, $2, $3)`, [siteId, code, kind]);
    const root = uuidv7();
    const stock = uuidv7();
    await tx.query(`INSERT INTO locations (id, site_id, name, full_name, usage) VALUES ($1, $2, $3, $3, 'view')`, [root, siteId, code]);
    await tx.query(`INSERT INTO locations (id, site_id, parent_id, name, full_name, usage) VALUES ($1, $2, $3, 'Stock', $4, 'internal')`, [stock, siteId, root, `${code}/Stock`]);
    for (const shelf of ['S1', 'S2']) {
      await tx.query(`INSERT INTO locations (id, site_id, parent_id, name, full_name, usage) VALUES ($1, $2, $3, $4, $5, 'internal')`, [uuidv7(), siteId, stock, shelf, `${code}/Stock/${shelf}`]);
    }
    for (const usage of ['supplier', 'customer', 'inventory_loss', 'scrap', 'transit']) {
      await tx.query('INSERT INTO locations (id, site_id, name, full_name, usage) VALUES ($1, $2, $3, $4, $3)', [uuidv7(), siteId, usage, `${code}/Virtual/${usage}`]);
    }
  });
  return siteId;
}

export async function locationId(db: Db, fullName: string): Promise<string> {
  const [row] = await db.query<{ id: string }>('SELECT id FROM locations WHERE full_name = $1', [fullName]);
  if (!row) throw new Error(`no location ${fullName}`);
  return row.id;
}

export interface Device {
  deviceId: string;
  siteId: string;
  token: string;
}

export function pickingEvent(device: Device, kind: PickingEvent['kind'], pickingId: string, extra: Partial<PickingEvent> = {}): PickingEvent {
  return { id: uuidv7(), kind, pickingId, deviceId: device.deviceId, siteId: device.siteId, userId: 'pat', createdAt: new Date().toISOString(), ...extra };
}

export async function pushEvents(server: TestServer, device: Device, events: readonly PickingEvent[]): Promise<void> {
  const res = await server.api('/api/sync/picking_events/push', { token: device.token, body: events.map((e) => ({ newDocumentState: e })) });
  if (res.status !== 200) throw new Error(`push failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A station's move of a whole package: what it showed as the contents, from where to where. */
export function packageMove(device: Device, sscc: string, fromLocationId: string, toLocationId: string, contents: PackageMove['contents']): PackageMove {
  return { id: uuidv7(), deviceId: device.deviceId, siteId: device.siteId, userId: 'pat', createdAt: new Date().toISOString(), sscc, fromLocationId, toLocationId, contents };
}

export async function pushPackageMoves(server: TestServer, device: Device, moves: readonly PackageMove[]): Promise<void> {
  const res = await server.api('/api/sync/package_moves/push', { token: device.token, body: moves.map((e) => ({ newDocumentState: e })) });
  if (res.status !== 200) throw new Error(`push failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export interface AckRow {
  status: string;
  problems: { code: string; severity: string; message: string }[];
}

export async function ackOf(db: Db, eventId: string): Promise<AckRow | undefined> {
  const [row] = await db.query<{ doc: AckRow }>(`SELECT doc FROM replicated_docs WHERE collection = 'acks' AND id = $1`, [eventId]);
  return row?.doc;
}

export interface PickingDocLine {
  lineId: string;
  productId: string;
  qty: number;
  fromLocationId: string;
  toLocationId: string;
  lot?: string;
}

export interface PickingDoc {
  id: string;
  kind: string;
  step: string;
  state: string;
  claimedBy?: string;
  orderId?: string;
  partner?: PickingPartner;
  lines: PickingDocLine[];
}

/** The pickings documents a device of the site pulls, by order. */
export async function pickingDocs(db: Db, orderId?: string): Promise<PickingDoc[]> {
  const rows = await db.query<{ doc: PickingDoc }>(
    `SELECT doc FROM replicated_docs WHERE collection = 'pickings' AND ($1::text IS NULL OR doc->>'orderId' = $1) ORDER BY change_seq`,
    [orderId ?? null],
  );
  return rows.map((r) => r.doc);
}

/** Picks every line exactly as planned. */
export function pickAll(doc: PickingDoc, fraction = 1): PickedLine[] {
  return doc.lines.map((l) => ({ lineId: l.lineId, productId: l.productId, qty: Math.floor(l.qty * fraction * 10_000) / 10_000, fromLocationId: l.fromLocationId, ...(l.lot ? { lot: l.lot } : {}) }));
}

/** Quants that break 0 ≤ reserved ≤ on_hand, or whose reserved ≠ Σ reservations. */
export async function reservationViolations(db: Db): Promise<object[]> {
  return db.query(
    `SELECT q.product_id, q.location_id, q.lot, q.on_hand, q.reserved, coalesce(r.total, 0) AS held
     FROM quants q LEFT JOIN (SELECT product_id, location_id, lot, sum(qty) AS total FROM reservations GROUP BY 1, 2, 3) r
       USING (product_id, location_id, lot)
     WHERE q.reserved < 0 OR (q.reserved > 0 AND q.reserved > q.on_hand) OR q.reserved <> coalesce(r.total, 0)`,
  );
}

export async function idemPost(server: TestServer, token: string, key: string, body: unknown): Promise<{ status: number; body: unknown; headers: Headers }> {
  return server.api('/api/orders', { token, body, headers: { 'idempotency-key': key } });
}

/** What a site holds of a product on its internal locations, and how much of it is reserved. */
export async function siteStock(db: Db, productId: string, site: string): Promise<{ onHand: number; reserved: number }> {
  const [row] = await db.query<{ on_hand: string; reserved: string }>(
    `SELECT coalesce(sum(q.on_hand), 0) AS on_hand, coalesce(sum(q.reserved), 0) AS reserved FROM quants q JOIN locations l ON l.id = q.location_id
     JOIN sites si ON si.id = l.site_id WHERE q.product_id = $1 AND si.code = $2 AND l.usage = 'internal'`,
    [productId, site],
  );
  return { onHand: Number(row?.on_hand), reserved: Number(row?.reserved) };
}

/** The webhook event types written to the outbox for an order, in sequence. */
export async function outboxTypes(db: Db, orderId: string): Promise<string[]> {
  return (await db.query<{ type: string }>('SELECT type FROM webhook_events WHERE resource = $1 ORDER BY sequence', [`order:${orderId}`])).map((r) => r.type);
}

/** The pickings document the server publishes under `id` (what store and warehouse devices pull). */
export async function publishedPicking<T = PickingDoc>(db: Db, id: string): Promise<T | undefined> {
  return (await db.query<{ doc: T }>(`SELECT doc FROM replicated_docs WHERE collection = 'pickings' AND id = $1`, [id]))[0]?.doc;
}

/** A tax-inclusive line at the standard 20 % as the invoices compute it. */
export const standardLineTotal = (unitPrice: number, qty: number): number =>
  computeOrder({ lines: [{ qty, unitPrice, discount: 0, priceIncludesTax: true, taxes: [{ taxId: 'tax-standard', rate: 20 }] }] }).lines[0]?.amounts.total ?? NaN;
