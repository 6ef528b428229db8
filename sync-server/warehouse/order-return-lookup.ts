// The channel orders a till may take back (GET /api/till/order-returns?q=, docs/channels.md
// "Returns at a store"): orders with something delivered, found by a packing slip's code (the
// delivery picking's reference), the order's reference or id (a scanned URL ending with it too), or
// part of the reference or of the customer's name, e-mail or phone (each read from its trigram
// index, order-search.ts; a code of one or two characters finds only the order it is the whole
// reference of) — with per line what was delivered and already returned, at the order's prices
// (with what promotions took off each line, which a return refunds its share of) and the
// product's taxes. Online only: the till cannot know returns made elsewhere (another store, the
// channel) while it is offline.
import type { ReturnableOrder } from '../../shared/channel-api/order-returns.ts';
import type { Queryable } from '../db/db.ts';
import { folded } from '../db/name-sql.ts';
import { likeEscaped, searchPattern, TRIGRAM_MIN } from '../db/prefix-pattern.ts';
import { orderSearchIds } from './order-search.ts';

/** The last path segment of a scanned URL (a packing slip's QR code), else the text itself. */
export function orderCode(q: string): string {
  const text = q.trim();
  const url = /^https?:\/\/[^/]+\/(.*)$/i.exec(text);
  if (!url) return text;
  const last = (url[1] ?? '').split(/[?#]/)[0]?.split('/').filter(Boolean).pop();
  return last ? decodeURIComponent(last) : text;
}

const LIMIT = 10;

export async function findReturnableOrders(q: Queryable, query: string): Promise<ReturnableOrder[]> {
  const code = orderCode(query);
  const digits = code.replace(/\D/g, '');
  const byParts = [...code].length >= TRIGRAM_MIN;
  const byPhone = byParts && digits.length >= 6;
  // Short codes: the whole reference only (a part of a name would match half the customers).
  const found = byParts
    ? orderSearchIds({ pattern: '$2::text', ...(byPhone ? { phoneDigits: '$3::text' } : {}) })
    : `SELECT x.id FROM orders x WHERE ${folded('x.external_ref')} LIKE ${folded('$2::text')}`;
  const ids = await q.query<{ id: string }>(
    `SELECT o.id FROM orders o
     WHERE EXISTS (SELECT 1 FROM order_lines ol WHERE ol.order_id = o.id AND ol.delivered > 0)
       AND o.id IN (SELECT $1::text UNION SELECT p.order_id FROM pickings p WHERE p.reference = upper($1) AND p.order_id IS NOT NULL UNION ${found})
     ORDER BY o.created_at DESC, o.id LIMIT ${LIMIT}`,
    [code, byParts ? searchPattern(code) : likeEscaped(code), ...(byPhone ? [digits] : [])],
  );
  if (ids.length === 0) return [];
  const orders = await q.query<{ id: string; channel: string; external_ref: string; currency: string; customer_id: string | null; customer_name: string | null; pay_at_pickup: boolean; created_at: Date | string }>(
    `SELECT o.id, o.channel, o.external_ref, o.currency, o.customer_id, coalesce(c.name, o.customer ->> 'name') AS customer_name, o.pay_at_pickup, o.created_at
     FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE o.id = ANY($1::text[]) ORDER BY o.created_at DESC, o.id`,
    [ids.map((r) => r.id)],
  );
  const lines = await q.query<{
    id: string; order_id: string; product_id: string; name: string; sku: string; qty: string; delivered: string; returned: string; unit_price: string; discount: string; price_includes_tax: boolean;
    taxes: { taxId: string; rate: number | string; compound: boolean }[] | null;
  }>(
    `SELECT ol.id, ol.order_id, ol.product_id, p.name, p.sku, ol.qty, ol.delivered, ol.returned, ol.unit_price, ol.discount, ol.price_includes_tax,
       (SELECT jsonb_agg(jsonb_build_object('taxId', t.id, 'rate', t.rate, 'compound', t.compound) ORDER BY pt.position, pt.tax_id)
        FROM product_taxes pt JOIN taxes t ON t.id = pt.tax_id WHERE pt.product_id = ol.product_id) AS taxes
     FROM order_lines ol JOIN products p ON p.id = ol.product_id WHERE ol.order_id = ANY($1::text[]) ORDER BY ol.order_id, ol.position`,
    [ids.map((r) => r.id)],
  );
  return orders.map((o) => ({
    orderId: o.id,
    orderRef: o.external_ref,
    channel: o.channel,
    currency: o.currency.trim(),
    customerId: o.customer_id,
    customerName: o.customer_name,
    paidOnline: !o.pay_at_pickup,
    createdAt: new Date(o.created_at).toISOString(),
    lines: lines.filter((l) => l.order_id === o.id && Number(l.delivered) > 0).map((l) => ({
      orderLineId: l.id,
      productId: l.product_id,
      name: l.name,
      sku: l.sku,
      ordered: Number(l.qty),
      delivered: Number(l.delivered),
      returned: Number(l.returned),
      unitPrice: Number(l.unit_price),
      discount: Number(l.discount),
      priceIncludesTax: l.price_includes_tax,
      taxes: (l.taxes ?? []).map((t) => ({ taxId: t.taxId, rate: Number(t.rate), compound: t.compound })),
    })),
  }));
}
