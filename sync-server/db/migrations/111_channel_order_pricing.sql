-- Channel orders priced like till sales (issue 17 point 2, docs/pricing.md "Channel orders"): each
-- order line keeps the catalog price it was listed at, the pricelist rule that set its unit price and
-- what promotions took off it; each promotion's share per line is kept for "promotion cost per
-- promotion" by channel; an order's coupon codes are counted with the tills' (coupon_uses).
ALTER TABLE order_lines
  ADD COLUMN list_price bigint CHECK (list_price >= 0),   -- NULL: orders before this migration (= unit_price)
  ADD COLUMN pricelist_item_id text,
  ADD COLUMN discount bigint NOT NULL DEFAULT 0 CHECK (discount >= 0),
  ADD CONSTRAINT order_lines_discount_within_amount CHECK (discount <= round(qty * unit_price));

-- The coupon codes the order was priced with (normalised), as the channel sent them.
ALTER TABLE orders ADD COLUMN coupon_codes text[] NOT NULL DEFAULT '{}';

CREATE TABLE order_line_promotions (
  order_id text NOT NULL REFERENCES orders(id),
  line_id text NOT NULL REFERENCES order_lines(id),
  promotion_id text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  -- The order the promotions were applied in (priceCart's order).
  position smallint NOT NULL,
  PRIMARY KEY (line_id, promotion_id)
);
CREATE INDEX order_line_promotions_promotion ON order_line_promotions (promotion_id);

-- A coupon use is a till sale's (sale_id = the sale's id) or a channel order's (sale_id = the
-- order's id): one limit for both, counted under the coupon's row lock (sync-server/pricing/coupon-uses.ts).
ALTER TABLE coupon_uses ADD COLUMN source text NOT NULL DEFAULT 'sale' CHECK (source IN ('sale', 'order'));
