// The invoices and credit notes filed under channel orders (`invoices.order_id`): issued on delivery
// (delivery-invoice.ts, a till's hand-over: pos/documents.ts), on order (order-invoice.ts), and the
// credit notes of cancels and returns. Read for GET /api/orders/:id and the back office's orders,
// never by the intake (order-batch.ts answers its 201 without them) nor the webhooks: one query for
// any number of orders, on the `invoices_order` index (migration 099).
import type { OrderDocument } from '../../shared/channel-api/order-documents.ts';
import type { Queryable } from '../db/db.ts';
import { orderView, type OrderView } from './order-view.ts';

/** GET /api/orders/:id: the order as POST answers it, and its documents. */
export interface OrderDetailView extends OrderView {
  /** Oldest first; empty while nothing was invoiced. */
  documents: OrderDocument[];
}

/** Each order's documents, oldest first (an invoice before a credit note issued at the same instant); orders without any are absent. */
export async function orderDocuments(q: Queryable, orderIds: readonly string[]): Promise<Map<string, OrderDocument[]>> {
  const byOrder = new Map<string, OrderDocument[]>();
  if (orderIds.length === 0) return byOrder;
  const rows = await q.query<{ order_id: string; number: string; kind: OrderDocument['kind']; total: string; currency: string; issued_at: Date | string; credit_of: string | null }>(
    // Credit notes are stored negative (the till returns' sign); both read as what they charge or give back.
    `SELECT i.order_id, i.number, i.kind, CASE i.kind WHEN 'credit_note' THEN -i.total ELSE i.total END AS total,
            i.currency::text AS currency, i.issued_at, c.number AS credit_of
     FROM invoices i LEFT JOIN invoices c ON c.id = i.credit_of
     WHERE i.order_id = ANY($1::text[])
     ORDER BY i.order_id, i.issued_at, i.kind DESC, i.number`,
    [[...orderIds]],
  );
  for (const r of rows) {
    const list = byOrder.get(r.order_id) ?? [];
    list.push({
      number: r.number, kind: r.kind, total: Number(r.total), currency: r.currency, issuedAt: new Date(r.issued_at).toISOString(),
      creditOf: r.kind === 'credit_note' ? r.credit_of : null,
    });
    byOrder.set(r.order_id, list);
  }
  return byOrder;
}

export async function orderDetailView(q: Queryable, orderId: string): Promise<OrderDetailView> {
  const view = await orderView(q, orderId);
  return { ...view, documents: (await orderDocuments(q, [orderId])).get(orderId) ?? [] };
}
