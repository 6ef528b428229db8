-- Orders cancelled before migration 121 with nothing delivered give their coupon codes back too, as
-- an order cancelled since does (warehouse/cancel.ts): their uses are marked released at the time
-- the order was cancelled. Found by key (code, order) through each cancelled order's own codes.
UPDATE coupon_uses u SET released_at = coalesce(o.cancelled_at, now())
FROM orders o
WHERE o.state = 'cancelled' AND u.code = ANY(o.coupon_codes) AND u.sale_id = o.id AND u.source = 'order'
  AND u.released_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.delivered > 0);
