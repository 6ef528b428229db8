// Reorder rules (min/max per product and warehouse, an optional pack multiple and usual supplier)
// and the purchase proposals they produce: when forecast = on-hand − reserved + incoming (open
// purchase orders) falls below the minimum, an open proposal asks for max − forecast, rounded up
// to the multiple. One open proposal per product and warehouse; it is refreshed, not duplicated,
// each time the rules run, and dismissed when the forecast recovers or the rule is deleted.
import { byName, folded } from '../db/name-sql.ts';
import { v7 as uuidv7 } from 'uuid';
import type { Proposal, ReorderRule, ReorderRuleBody, ReorderRulePage, ReorderRuleQuery } from '../../shared/admin-api/warehouse-purchasing.ts';
import type { ProductRef } from '../../shared/admin-api/warehouse.ts';
import type { Db, Queryable, Tx } from '../db/db.ts';
import { prefixPattern } from '../db/prefix-pattern.ts';
import { round4, WarehouseError } from './errors.ts';
import { productRefSql } from './product-ref.ts';
import { createPurchaseOrderIn, type PurchaseOrderView } from './purchase.ts';
import { warehouseByCode } from './sites.ts';
import { publishTouched, WorkContext } from './work-context.ts';

/** Forecast of the rule row aliased `r`: on hand − reserved in its warehouse's stock, plus what open purchase orders still bring. */
const FORECAST = `
  coalesce((SELECT sum(q.on_hand - q.reserved) FROM quants q JOIN locations l ON l.id = q.location_id
            WHERE q.product_id = r.product_id AND l.site_id = r.site_id AND l.usage = 'internal'), 0)
  + coalesce((SELECT sum(greatest(pl.qty - pl.received, 0)) FROM purchase_order_lines pl JOIN purchase_orders po ON po.id = pl.purchase_order_id
            WHERE po.site_id = r.site_id AND po.state = 'open' AND NOT pl.closed AND pl.product_id = r.product_id), 0)`;

interface RuleRow {
  product_id: string;
  product: ProductRef;
  code: string;
  min_qty: string;
  max_qty: string;
  qty_multiple: string | null;
  supplier: string | null;
  forecast: string;
  updated_at: Date;
  total?: number;
}

const RULE_COLUMNS = `r.product_id, ${productRefSql('p')} AS product, s.code, r.min_qty, r.max_qty, r.qty_multiple, r.supplier, (${FORECAST}) AS forecast, r.updated_at`;
const RULE_FROM = 'reorder_rules r JOIN products p ON p.id = r.product_id JOIN sites s ON s.id = r.site_id';

const toRule = (r: RuleRow): ReorderRule => ({
  productId: r.product_id,
  product: r.product,
  warehouse: r.code,
  min: Number(r.min_qty),
  max: Number(r.max_qty),
  multiple: r.qty_multiple === null ? null : Number(r.qty_multiple),
  supplier: r.supplier,
  forecast: round4(Number(r.forecast)),
  updatedAt: new Date(r.updated_at).toISOString(),
});

export async function listReorderRules(q: Queryable, query: ReorderRuleQuery): Promise<ReorderRulePage> {
  const text = (query.q ?? '').trim().toLowerCase();
  const rows = await q.query<RuleRow>(
    `SELECT count(*) OVER ()::int AS total, ${RULE_COLUMNS} FROM ${RULE_FROM}
     WHERE ($1::text IS NULL OR s.code = $1) AND ($2 = '' OR ${folded('p.name')} LIKE ${folded('$3')} OR lower(p.sku) LIKE $3)
     ORDER BY ${byName('p.name')}, s.code OFFSET $4 LIMIT $5`,
    [query.warehouse ?? null, text, prefixPattern(text), query.offset ?? 0, query.limit ?? 50],
  );
  return { rules: rows.map(toRule), total: rows[0]?.total ?? 0 };
}

export async function reorderRule(q: Queryable, warehouse: string, productId: string): Promise<ReorderRule | null> {
  const [row] = await q.query<RuleRow>(`SELECT ${RULE_COLUMNS} FROM ${RULE_FROM} WHERE s.code = $1 AND r.product_id = $2`, [warehouse, productId]);
  return row ? toRule(row) : null;
}

/**
 * Creates or replaces the rule of a product in a warehouse. `multiple` and `supplier` left out keep
 * their value; 0 and "" (or spaces) clear them. Returns the rule as it was before (null: new) and as it is now.
 */
export async function setReorderRule(db: Db, r: ReorderRuleBody): Promise<{ before: ReorderRule | null; rule: ReorderRule }> {
  if (r.max < r.min) throw new WarehouseError('bad_request', `The maximum (${r.max}) must be at least the minimum (${r.min}).`);
  return db.transaction(async (tx) => {
    const w = await warehouseByCode(tx, r.warehouse);
    const known = await tx.query('SELECT 1 FROM products WHERE id = $1', [r.productId]);
    if (known.length === 0) throw new WarehouseError('unknown_product', `no product ${r.productId}`);
    const before = await reorderRule(tx, r.warehouse, r.productId);
    await tx.query(
      `INSERT INTO reorder_rules (product_id, site_id, min_qty, max_qty, qty_multiple, supplier) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (product_id, site_id) DO UPDATE SET min_qty = EXCLUDED.min_qty, max_qty = EXCLUDED.max_qty,
         qty_multiple = CASE WHEN $7 THEN EXCLUDED.qty_multiple ELSE reorder_rules.qty_multiple END,
         supplier = CASE WHEN $8 THEN EXCLUDED.supplier ELSE reorder_rules.supplier END, updated_at = now()`,
      [r.productId, w.siteId, r.min, r.max, r.multiple || null, r.supplier?.trim() || null, r.multiple !== undefined, r.supplier !== undefined],
    );
    const rule = await reorderRule(tx, r.warehouse, r.productId);
    if (!rule) throw new Error('the reorder rule just written is missing');
    return { before, rule };
  });
}

/** Deletes a rule and dismisses its open proposal; returns the rule deleted, or null when there was none. */
export async function deleteReorderRule(db: Db, warehouse: string, productId: string): Promise<ReorderRule | null> {
  return db.transaction(async (tx) => {
    const rule = await reorderRule(tx, warehouse, productId);
    if (!rule) return null;
    const w = await warehouseByCode(tx, warehouse);
    await tx.query('DELETE FROM reorder_rules WHERE product_id = $1 AND site_id = $2', [productId, w.siteId]);
    await tx.query(`UPDATE purchase_proposals SET state = 'dismissed', updated_at = now() WHERE product_id = $1 AND site_id = $2 AND state = 'open'`, [productId, w.siteId]);
    return rule;
  });
}

/** What a rule proposes for a forecast below its minimum: up to the maximum, rounded up to the multiple. */
export function proposedQty(forecast: number, max: number, multiple: number | null): number {
  const need = max - forecast;
  return multiple ? round4(Math.ceil(round4(need / multiple)) * multiple) : round4(need);
}

/** Runs the rules (of `productIds` only, when given) and returns the open proposals they touched. */
export async function runReorderRules(tx: Tx, productIds?: readonly string[]): Promise<number> {
  const rules = await tx.query<{ product_id: string; site_id: string; min_qty: string; max_qty: string; qty_multiple: string | null; forecast: string }>(
    `SELECT r.product_id, r.site_id, r.min_qty, r.max_qty, r.qty_multiple, (${FORECAST}) AS forecast
     FROM reorder_rules r ${productIds ? 'WHERE r.product_id = ANY($1::text[])' : ''} ORDER BY r.product_id, r.site_id`,
    productIds ? [[...productIds]] : [],
  );
  let touched = 0;
  for (const r of rules) {
    const forecast = round4(Number(r.forecast));
    if (forecast >= Number(r.min_qty)) {
      await tx.query(`UPDATE purchase_proposals SET state = 'dismissed', updated_at = now() WHERE product_id = $1 AND site_id = $2 AND state = 'open'`, [r.product_id, r.site_id]);
      continue;
    }
    const qty = proposedQty(forecast, Number(r.max_qty), r.qty_multiple === null ? null : Number(r.qty_multiple));
    await tx.query(
      `INSERT INTO purchase_proposals (id, product_id, site_id, qty, forecast) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (product_id, site_id) WHERE state = 'open' DO UPDATE SET qty = EXCLUDED.qty, forecast = EXCLUDED.forecast, updated_at = now()`,
      [uuidv7(), r.product_id, r.site_id, qty, forecast],
    );
    touched++;
  }
  return touched;
}

export async function listProposals(q: Queryable): Promise<Proposal[]> {
  const rows = await q.query<{ id: string; product_id: string; product: ProductRef; code: string; qty: string; forecast: string; state: string; min_qty: string | null; max_qty: string | null; supplier: string | null; updated_at: Date }>(
    `SELECT p.id, p.product_id, ${productRefSql('pr')} AS product, s.code, p.qty, p.forecast, p.state, r.min_qty, r.max_qty, r.supplier, p.updated_at
     FROM purchase_proposals p JOIN sites s ON s.id = p.site_id JOIN products pr ON pr.id = p.product_id
       LEFT JOIN reorder_rules r ON r.product_id = p.product_id AND r.site_id = p.site_id
     WHERE p.state = 'open' ORDER BY p.created_at, p.id`,
  );
  return rows.map((r) => ({
    id: r.id, productId: r.product_id, warehouse: r.code, qty: Number(r.qty), forecast: Number(r.forecast), state: r.state,
    product: r.product, min: Number(r.min_qty ?? 0), max: Number(r.max_qty ?? 0), supplier: r.supplier, updatedAt: new Date(r.updated_at).toISOString(),
  }));
}

export interface OrderedProposal extends PurchaseOrderView {
  supplier: string;
  qty: number;
  product: ProductRef;
  warehouse: string;
}

/** Turns an open proposal into a purchase order (with its receipt) from `supplier`, or from its rule's supplier. */
export async function orderProposal(db: Db, proposalId: string, supplier?: string): Promise<OrderedProposal> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
    const [p] = await tx.query<{ product_id: string; code: string; qty: string; product: ProductRef; supplier: string | null }>(
      `SELECT p.product_id, s.code, p.qty, ${productRefSql('pr')} AS product, r.supplier
       FROM purchase_proposals p JOIN sites s ON s.id = p.site_id JOIN products pr ON pr.id = p.product_id
         LEFT JOIN reorder_rules r ON r.product_id = p.product_id AND r.site_id = p.site_id
       WHERE p.id = $1 AND p.state = 'open' FOR UPDATE OF p`,
      [proposalId],
    );
    if (!p) throw new WarehouseError('unknown_order', `no open purchase proposal ${proposalId}`);
    const from = supplier?.trim() || p.supplier;
    if (!from) throw new WarehouseError('bad_request', `Name the supplier to order ${p.product.name} from: its reorder rule in ${p.code} names none.`);
    const ctx = new WorkContext(tx);
    const qty = Number(p.qty);
    const po = await createPurchaseOrderIn(ctx, { supplier: from, warehouse: p.code, lines: [{ productId: p.product_id, qty }] });
    await tx.query(`UPDATE purchase_proposals SET state = 'ordered', purchase_order_id = $2, updated_at = now() WHERE id = $1`, [proposalId, po.purchaseOrderId]);
    await publishTouched(ctx);
    return { ...po, supplier: from, qty, product: p.product, warehouse: p.code };
  });
}
