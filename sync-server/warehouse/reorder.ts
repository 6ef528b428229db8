// Reorder rules (min/max per product and warehouse) and the purchase proposals they produce:
// when forecast = on-hand − reserved + incoming (open purchase orders) falls below the minimum,
// an open proposal asks for max − forecast. One open proposal per product and warehouse; it is
// refreshed, not duplicated, each time the rules run.
import { v7 as uuidv7 } from 'uuid';
import type { Db, Tx } from '../db/db.ts';
import { WarehouseError } from './errors.ts';
import { createPurchaseOrderIn, incoming, type PurchaseOrderView } from './purchase.ts';
import { warehouseByCode } from './sites.ts';
import { publishTouched, WorkContext } from './work-context.ts';

export interface ReorderRule {
  productId: string;
  warehouse: string;
  min: number;
  max: number;
}

export interface Proposal {
  id: string;
  productId: string;
  warehouse: string;
  qty: number;
  forecast: number;
  state: string;
}

export async function setReorderRule(db: Db, r: ReorderRule): Promise<void> {
  if (!(r.min >= 0) || !(r.max >= r.min)) throw new WarehouseError('bad_request', 'need 0 ≤ min ≤ max');
  const w = await warehouseByCode(db, r.warehouse);
  const known = await db.query('SELECT 1 FROM products WHERE id = $1', [r.productId]);
  if (known.length === 0) throw new WarehouseError('unknown_product', `no product ${r.productId}`);
  await db.query(
    `INSERT INTO reorder_rules (product_id, site_id, min_qty, max_qty) VALUES ($1, $2, $3, $4)
     ON CONFLICT (product_id, site_id) DO UPDATE SET min_qty = EXCLUDED.min_qty, max_qty = EXCLUDED.max_qty, updated_at = now()`,
    [r.productId, w.siteId, r.min, r.max],
  );
}

/** Runs the rules (of `productIds` only, when given) and returns the open proposals they touched. */
export async function runReorderRules(tx: Tx, productIds?: readonly string[]): Promise<number> {
  const rules = await tx.query<{ product_id: string; site_id: string; min_qty: number; max_qty: number; on_hand: number; reserved: number }>(
    `SELECT r.product_id, r.site_id, r.min_qty, r.max_qty,
       coalesce(sum(q.on_hand) FILTER (WHERE l.usage = 'internal'), 0) AS on_hand, coalesce(sum(q.reserved) FILTER (WHERE l.usage = 'internal'), 0) AS reserved
     FROM reorder_rules r LEFT JOIN quants q ON q.product_id = r.product_id
       LEFT JOIN locations l ON l.id = q.location_id AND l.site_id = r.site_id
     WHERE $1::text[] IS NULL OR r.product_id = ANY($1::text[])
     GROUP BY r.product_id, r.site_id, r.min_qty, r.max_qty ORDER BY r.product_id, r.site_id`,
    [productIds ? [...productIds] : null],
  );
  let touched = 0;
  for (const r of rules) {
    const inc = (await incoming(tx, r.site_id, [r.product_id])).get(r.product_id) ?? 0;
    const forecast = Number(r.on_hand) - Number(r.reserved) + inc;
    if (forecast >= Number(r.min_qty)) {
      await tx.query(`UPDATE purchase_proposals SET state = 'dismissed', updated_at = now() WHERE product_id = $1 AND site_id = $2 AND state = 'open'`, [r.product_id, r.site_id]);
      continue;
    }
    const qty = Number(r.max_qty) - forecast;
    await tx.query(
      `INSERT INTO purchase_proposals (id, product_id, site_id, qty, forecast) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (product_id, site_id) WHERE state = 'open' DO UPDATE SET qty = EXCLUDED.qty, forecast = EXCLUDED.forecast, updated_at = now()`,
      [uuidv7(), r.product_id, r.site_id, qty, forecast],
    );
    touched++;
  }
  return touched;
}

export async function listProposals(db: Db): Promise<Proposal[]> {
  const rows = await db.query<{ id: string; product_id: string; code: string; qty: number; forecast: number; state: string }>(
    `SELECT p.id, p.product_id, s.code, p.qty, p.forecast, p.state FROM purchase_proposals p JOIN sites s ON s.id = p.site_id
     WHERE p.state = 'open' ORDER BY p.created_at, p.id`,
  );
  return rows.map((r) => ({ id: r.id, productId: r.product_id, warehouse: r.code, qty: Number(r.qty), forecast: Number(r.forecast), state: r.state }));
}

/** Turns an open proposal into a purchase order (with its receipt) from `supplier`. */
export async function orderProposal(db: Db, proposalId: string, supplier: string): Promise<PurchaseOrderView> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
    const [p] = await tx.query<{ product_id: string; code: string; qty: number }>(
      `SELECT p.product_id, s.code, p.qty FROM purchase_proposals p JOIN sites s ON s.id = p.site_id WHERE p.id = $1 AND p.state = 'open' FOR UPDATE OF p`,
      [proposalId],
    );
    if (!p) throw new WarehouseError('unknown_order', `no open purchase proposal ${proposalId}`);
    const ctx = new WorkContext(tx);
    const po = await createPurchaseOrderIn(ctx, { supplier, warehouse: p.code, lines: [{ productId: p.product_id, qty: Number(p.qty) }] });
    await tx.query(`UPDATE purchase_proposals SET state = 'ordered', purchase_order_id = $2, updated_at = now() WHERE id = $1`, [proposalId, po.purchaseOrderId]);
    await publishTouched(ctx);
    return po;
  });
}
