// Purchase orders for the back office, newest first, filtered by warehouse, state and supplier or
// reference, a page at a time: each with its lines (names, ordered and received), its value at the
// ordered costs in the warehouse's currency, and its receipts (the first one and any backorders).
import { byName, folded } from '../db/name-sql.ts';
import type { PurchaseOrder, PurchaseOrderPage, PurchaseOrderQuery } from '../../shared/admin-api/warehouse-purchasing.ts';
import { multiplyMinor } from '../../shared/money/index.ts';
import type { Queryable } from '../db/db.ts';
import { productRefSql } from './product-ref.ts';
import { likeEscaped } from '../db/prefix-pattern.ts';

type Row = Omit<PurchaseOrder, 'value' | 'expectedAt' | 'createdAt' | 'lines'> & {
  expected_at: string | null;
  created_at: Date;
  total: number;
  lines: { product: PurchaseOrder['lines'][number]['product']; qty: number; received: number; closed: boolean; unitCost: number }[];
};

export async function listPurchaseOrders(q: Queryable, query: PurchaseOrderQuery): Promise<PurchaseOrderPage> {
  const text = (query.q ?? '').trim().toLowerCase();
  const rows = await q.query<Row>(
    `SELECT count(*) OVER ()::int AS total, po.id, po.reference, po.supplier, s.code AS warehouse, s.currency, po.state,
            to_char(po.expected_at, 'YYYY-MM-DD') AS expected_at, po.created_at,
            (SELECT coalesce(jsonb_agg(jsonb_build_object('product', ${productRefSql('p')}, 'qty', l.qty, 'received', l.received, 'closed', l.closed, 'unitCost', l.unit_cost)
                                       ORDER BY ${byName('p.name')}, p.id), '[]'::jsonb)
             FROM purchase_order_lines l JOIN products p ON p.id = l.product_id WHERE l.purchase_order_id = po.id) AS lines,
            (SELECT coalesce(jsonb_agg(jsonb_build_object('id', pk.id, 'reference', pk.reference, 'state', pk.state) ORDER BY pk.created_at, pk.id), '[]'::jsonb)
             FROM pickings pk WHERE pk.purchase_order_id = po.id) AS receipts
     FROM purchase_orders po JOIN sites s ON s.id = po.site_id
     WHERE ($1::text IS NULL OR s.code = $1) AND ($2::text IS NULL OR po.state = $2)
       AND ($3 = '' OR ${folded('po.supplier')} LIKE '%' || ${folded('$3')} || '%' OR lower(po.reference) LIKE '%' || $3 || '%')
     ORDER BY po.created_at DESC, po.id DESC OFFSET $4 LIMIT $5`,
    [query.warehouse ?? null, query.state ?? null, likeEscaped(text), query.offset ?? 0, query.limit ?? 50],
  );
  const purchaseOrders = rows.map((r): PurchaseOrder => {
    const lines = r.lines.map((l) => ({ product: l.product, qty: Number(l.qty), received: Number(l.received), closed: l.closed, unitCost: Number(l.unitCost) }));
    return {
      id: r.id, reference: r.reference, supplier: r.supplier, warehouse: r.warehouse, currency: r.currency, state: r.state,
      expectedAt: r.expected_at, createdAt: new Date(r.created_at).toISOString(), receipts: r.receipts, lines,
      value: lines.reduce((sum, l) => sum + multiplyMinor(l.unitCost, l.qty, 'purchase order value'), 0),
    };
  });
  return { purchaseOrders, total: rows[0]?.total ?? 0 };
}
