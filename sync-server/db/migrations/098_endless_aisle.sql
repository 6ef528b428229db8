-- Endless aisle (issue 16 point 3; docs/channels.md "Endless aisle"). A till sale may carry
-- `customerOrder`: lines paid at the till that another site (or the store itself, for delivery)
-- serves. The server makes a channel order of them (channel 'pos', reference <store>/<receipt>)
-- reserved at the chosen site, in the sale's transaction, or flags the sale when the stock is gone.
INSERT INTO channels (code, name) VALUES ('pos', 'Store tills (endless aisle)') ON CONFLICT (code) DO NOTHING;

-- What the till took is a customer deposit until the order is invoiced (on delivery, like every
-- channel order): the invoice's receivable is then settled from it (warehouse/delivery-invoice.ts).
INSERT INTO accounts (code, name, type) VALUES ('2400', 'Customer deposits', 'liability') ON CONFLICT (code) DO NOTHING;
INSERT INTO account_roles (role, account_code) VALUES ('customer_deposits', '2400') ON CONFLICT (role) DO NOTHING;

ALTER TABLE orders
  ADD COLUMN delivery_address text CHECK (length(delivery_address) <= 600),
  -- Paid at a till before delivery, minor units, and how much of it invoices have used.
  ADD COLUMN deposit bigint NOT NULL DEFAULT 0 CHECK (deposit >= 0),
  ADD COLUMN deposit_used bigint NOT NULL DEFAULT 0 CHECK (deposit_used >= 0);

-- One row per till sale that carried a customer order, written once with the sale: the order it
-- made, or `unavailable` (no order: the sale is flagged for a refund). A return of these lines
-- takes no stock back into the store (they never left it) and cancels the order when it is open.
CREATE TABLE till_customer_orders (
  sale_id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES sites(id),
  fulfillment text NOT NULL CHECK (fulfillment IN ('delivery', 'pickup')),
  site_id text REFERENCES sites(id),
  line_ids text[] NOT NULL,
  order_id text REFERENCES orders(id),
  state text NOT NULL CHECK (state IN ('ordered', 'unavailable')),
  deposit bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((state = 'ordered') = (order_id IS NOT NULL))
);
CREATE INDEX till_customer_orders_order ON till_customer_orders (order_id) WHERE order_id IS NOT NULL;
