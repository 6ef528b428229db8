// Warehouse sites and the locations the routes need: the stock root, the output and pack areas
// of multi-step routes (made on first use), and the virtual customer, supplier and loss ends.
import { publishSites } from '../feed/config-docs.ts';
import type { Db, Queryable, Tx } from '../db/db.ts';
import { WarehouseError } from './errors.ts';

export type DeliverySteps = 1 | 2 | 3;

export interface Warehouse {
  siteId: string;
  code: string;
  steps: DeliverySteps;
  priority: number;
}

export interface WarehouseLocations {
  siteId: string;
  code: string;
  stockId: string;
  outputId: string;
  packId: string;
  customerId: string;
  supplierId: string;
  lossId: string;
}

/** Warehouses in routing order: ascending priority, then code. */
export async function listWarehouses(q: Queryable): Promise<Warehouse[]> {
  const rows = await q.query<{ id: string; code: string; steps: number | null; priority: number | null }>(
    `SELECT s.id, s.code, c.delivery_steps AS steps, c.priority FROM sites s LEFT JOIN warehouse_config c ON c.site_id = s.id
     WHERE s.kind = 'warehouse' ORDER BY coalesce(c.priority, 100), s.code`,
  );
  return rows.map((r) => ({ siteId: r.id, code: r.code, steps: (r.steps ?? 1) as DeliverySteps, priority: r.priority ?? 100 }));
}

export async function warehouseByCode(q: Queryable, code: string): Promise<Warehouse> {
  const w = (await listWarehouses(q)).find((x) => x.code === code);
  if (!w) throw new WarehouseError('unknown_warehouse', `no warehouse with code ${code}`);
  return w;
}

/** A store that hands over click-and-collect orders: one step (its stock → the customer). */
export async function pickupStore(q: Queryable, code: string): Promise<Warehouse> {
  const [row] = await q.query<{ id: string }>(`SELECT id FROM sites WHERE code = $1 AND kind = 'store'`, [code]);
  if (!row) throw new WarehouseError('unknown_store', `no store with code ${code} to collect the order from`);
  return { siteId: row.id, code, steps: 1, priority: 0 };
}

export async function setDeliverySteps(tx: Tx, code: string, steps: DeliverySteps, priority?: number): Promise<Warehouse> {
  const w = await warehouseByCode(tx, code);
  await tx.query(
    `INSERT INTO warehouse_config (site_id, delivery_steps, priority) VALUES ($1, $2, $3)
     ON CONFLICT (site_id) DO UPDATE SET delivery_steps = EXCLUDED.delivery_steps,
       priority = CASE WHEN $4 THEN EXCLUDED.priority ELSE warehouse_config.priority END, updated_at = now()`,
    [w.siteId, steps, priority ?? w.priority, priority !== undefined],
  );
  // Make the route's areas now, so that order intake only ever reads locations before the feed lock.
  await warehouseLocations(tx, w.siteId);
  return { ...w, steps, priority: priority ?? w.priority };
}

/** Count tasks of this warehouse show expected quantities (true) or are blind (false, the default). */
export async function setCountShowsExpected(tx: Tx, code: string, show: boolean): Promise<{ code: string; countShowsExpected: boolean }> {
  const w = await warehouseByCode(tx, code);
  await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
  await tx.query('UPDATE sites SET count_shows_expected = $2, updated_at = now() WHERE id = $1', [w.siteId, show]);
  await publishSites(tx, [w.siteId]);
  return { code, countShowsExpected: show };
}

/**
 * The locations of a warehouse; Output and Pack are created (internal, under the site root) on
 * first use — unless `create` is false (callers that do not hold the feed lock yet must not
 * write: see ensureRouteAreas).
 */
export async function warehouseLocations(tx: Tx, siteId: string, create = true): Promise<WarehouseLocations> {
  const rows = await tx.query<{ id: string; usage: string; full_name: string; parent_id: string | null; code: string }>(
    `SELECT l.id, l.usage, l.full_name, l.parent_id, s.code FROM locations l JOIN sites s ON s.id = l.site_id
     WHERE l.site_id = $1 AND (l.usage IN ('customer', 'supplier', 'inventory_loss') OR l.full_name IN (s.code || '/Stock', s.code || '/Output', s.code || '/Pack'))`,
    [siteId],
  );
  const code = rows[0]?.code;
  const stock = rows.find((r) => r.full_name === `${code}/Stock`);
  const byUsage = (u: string): string | undefined => rows.find((r) => r.usage === u)?.id;
  const customerId = byUsage('customer');
  const supplierId = byUsage('supplier');
  const lossId = byUsage('inventory_loss');
  if (!code || !stock || !customerId || !supplierId || !lossId) throw new WarehouseError('unknown_warehouse', `site ${siteId} lacks a stock root or virtual locations`);
  const area = async (name: 'Output' | 'Pack'): Promise<string> => {
    const found = rows.find((r) => r.full_name === `${code}/${name}`);
    if (found) return found.id;
    if (!create) throw new WarehouseError('route_areas_missing', `${code}/${name} does not exist yet`);
    const [made] = await tx.query<{ id: string }>(
      `INSERT INTO locations (id, site_id, parent_id, name, full_name, usage, barcode)
       VALUES (gen_random_uuid()::text, $1, $2, $3, $4, 'internal', $4)
       ON CONFLICT (site_id, full_name) DO UPDATE SET active = true RETURNING id`,
      [siteId, stock.parent_id, name, `${code}/${name}`],
    );
    if (!made) throw new Error(`could not create ${code}/${name}`);
    return made.id;
  };
  return { siteId, code, stockId: stock.id, outputId: await area('Output'), packId: await area('Pack'), customerId, supplierId, lossId };
}

/** The steps of a delivery route, in order. */
export function routeSteps(steps: DeliverySteps): ('pick' | 'pack' | 'ship')[] {
  if (steps === 1) return ['ship'];
  if (steps === 2) return ['pick', 'ship'];
  return ['pick', 'pack', 'ship'];
}

/** Where each step of a route moves goods from and to. */
export function stepEnds(step: 'pick' | 'pack' | 'ship', steps: DeliverySteps, l: WarehouseLocations): { from: string; to: string } {
  if (step === 'pick') return { from: l.stockId, to: steps === 2 ? l.outputId : l.packId };
  if (step === 'pack') return { from: l.packId, to: l.outputId };
  return { from: steps === 1 ? l.stockId : l.outputId, to: l.customerId };
}

/**
 * Creates missing Output/Pack areas in a transaction of their own. Order intake calls it when it
 * finds them missing: inserting them inside the order's transaction, before its feed lock, could
 * deadlock with a device push that holds the feed lock and inserts the same location.
 */
export async function ensureRouteAreas(db: Db): Promise<void> {
  for (const w of await listWarehouses(db)) await db.transaction((tx) => warehouseLocations(tx, w.siteId).then(() => undefined));
}
