-- Warehouse (issue 6): channel orders with idempotency keys, reservations per quant, pickings
-- and their lines (deliveries with 1-, 2- or 3-step routes, receipts, transfers, counts),
-- purchase orders, reorder rules and proposals, channel safety buffers, count approvals.
-- Written by sync-server/warehouse/ in the same transaction as the stock moves it causes.

-- A reservation never exceeds what the quant holds. on_hand may still go negative where
-- nothing is reserved (a real till sale is never refused), hence "reserved = 0 OR …".
ALTER TABLE quants ADD CONSTRAINT quants_reserved_covered CHECK (reserved = 0 OR reserved <= on_hand);

-- Channel API keys for POST /api/orders; the key itself is shown once, stored as SHA-256.
CREATE TABLE channel_api_keys (
  id text PRIMARY KEY,
  channel text NOT NULL CHECK (channel ~ '^[a-z0-9_-]{1,32}$'),
  name text NOT NULL,
  key_hash text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

-- Per-channel safety buffer, subtracted per warehouse from what GET /api/availability shows.
CREATE TABLE channel_buffers (
  channel text PRIMARY KEY CHECK (channel ~ '^[a-z0-9_-]{1,32}$'),
  qty numeric(18, 4) NOT NULL CHECK (qty >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Delivery route per warehouse: 1 = ship, 2 = pick → ship, 3 = pick → pack → ship.
-- Routing tries warehouses by ascending priority, then code.
CREATE TABLE warehouse_config (
  site_id text PRIMARY KEY REFERENCES sites(id),
  delivery_steps smallint NOT NULL DEFAULT 1 CHECK (delivery_steps IN (1, 2, 3)),
  priority integer NOT NULL DEFAULT 100,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Company-wide warehouse policy (one row).
CREATE TABLE warehouse_policy (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  shortage_policy text NOT NULL DEFAULT 'backorder' CHECK (shortage_policy IN ('split', 'backorder')),
  count_approval_threshold bigint NOT NULL DEFAULT 1000000 CHECK (count_approval_threshold >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO warehouse_policy (id) VALUES (true);

CREATE TABLE orders (
  id text PRIMARY KEY,
  channel text NOT NULL CHECK (channel ~ '^[a-z0-9_-]{1,32}$'),
  external_ref text NOT NULL CHECK (length(external_ref) BETWEEN 1 AND 100),
  customer_id text REFERENCES customers(id),
  customer jsonb,
  currency char(3) NOT NULL DEFAULT 'EUR',
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  cancelled_at timestamptz,
  UNIQUE (channel, external_ref)
);

CREATE TABLE order_lines (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES orders(id),
  position integer NOT NULL,
  product_id text NOT NULL REFERENCES products(id),
  qty numeric(18, 4) NOT NULL CHECK (qty > 0),
  unit_price bigint NOT NULL CHECK (unit_price >= 0),
  price_includes_tax boolean NOT NULL,
  delivered numeric(18, 4) NOT NULL DEFAULT 0 CHECK (delivered >= 0),
  cancelled numeric(18, 4) NOT NULL DEFAULT 0 CHECK (cancelled >= 0),
  invoiced numeric(18, 4) NOT NULL DEFAULT 0 CHECK (invoiced >= 0),
  CHECK (delivered + cancelled <= qty),
  UNIQUE (order_id, position)
);
CREATE INDEX order_lines_product ON order_lines (product_id);

-- Idempotency-Key per caller (channel key or user): same key + same body → the stored response.
CREATE TABLE order_requests (
  principal text NOT NULL,
  idem_key text NOT NULL CHECK (length(idem_key) BETWEEN 1 AND 200),
  request_hash text NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
  status_code integer NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, idem_key)
);

CREATE TABLE purchase_orders (
  id text PRIMARY KEY,
  reference text NOT NULL UNIQUE,
  supplier text NOT NULL CHECK (length(supplier) BETWEEN 1 AND 200),
  site_id text NOT NULL REFERENCES sites(id),
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'cancelled')),
  expected_at date,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE purchase_order_lines (
  id text PRIMARY KEY,
  purchase_order_id text NOT NULL REFERENCES purchase_orders(id),
  product_id text NOT NULL REFERENCES products(id),
  qty numeric(18, 4) NOT NULL CHECK (qty > 0),
  received numeric(18, 4) NOT NULL DEFAULT 0 CHECK (received >= 0),
  closed boolean NOT NULL DEFAULT false,
  unit_cost bigint NOT NULL DEFAULT 0 CHECK (unit_cost >= 0)
);
CREATE INDEX purchase_order_lines_product ON purchase_order_lines (product_id);

CREATE SEQUENCE picking_number_seq;

-- Warehouse work. 'waiting' pickings (nothing reserved yet) are server-only: devices see a
-- picking once it is ready. A step's successor and a backorder point back at their origin.
CREATE TABLE pickings (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('delivery', 'receipt', 'transfer', 'count')),
  step text NOT NULL CHECK (step IN ('pick', 'pack', 'ship', 'receive', 'transfer', 'count')),
  -- Delivery route length when the picking was made (1, 2 or 3 steps); 1 for other kinds.
  route_steps smallint NOT NULL DEFAULT 1 CHECK (route_steps IN (1, 2, 3)),
  site_id text NOT NULL REFERENCES sites(id),
  reference text NOT NULL UNIQUE,
  state text NOT NULL CHECK (state IN ('waiting', 'ready', 'in_progress', 'done', 'cancelled')),
  claimed_by text REFERENCES devices(id),
  claimed_at timestamptz,
  order_id text REFERENCES orders(id),
  purchase_order_id text REFERENCES purchase_orders(id),
  backorder_of text REFERENCES pickings(id),
  previous_step text REFERENCES pickings(id),
  location_id text REFERENCES locations(id),
  validated_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  done_at timestamptz,
  CHECK (claimed_by IS NULL OR state = 'in_progress'),
  CHECK ((state = 'done') = (done_at IS NOT NULL))
);
CREATE INDEX pickings_site_state ON pickings (site_id, state);
CREATE INDEX pickings_order ON pickings (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX pickings_waiting ON pickings (site_id, created_at) WHERE state = 'waiting';

CREATE TABLE picking_lines (
  id text PRIMARY KEY,
  picking_id text NOT NULL REFERENCES pickings(id),
  position integer NOT NULL,
  order_line_id text REFERENCES order_lines(id),
  purchase_order_line_id text REFERENCES purchase_order_lines(id),
  product_id text NOT NULL REFERENCES products(id),
  qty numeric(18, 4) NOT NULL CHECK (qty >= 0),
  done_qty numeric(18, 4) NOT NULL DEFAULT 0 CHECK (done_qty >= 0),
  from_location_id text NOT NULL REFERENCES locations(id),
  to_location_id text NOT NULL REFERENCES locations(id),
  lot text NOT NULL DEFAULT '',
  expiry date,
  -- false: the line waits for stock (no reservation yet).
  reserved boolean NOT NULL DEFAULT false
);
CREATE INDEX picking_lines_picking ON picking_lines (picking_id, position);
CREATE INDEX picking_lines_order_line ON picking_lines (order_line_id) WHERE order_line_id IS NOT NULL;

-- Units held for a picking line on one quant. Σ qty per quant = quants.reserved.
CREATE TABLE reservations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  picking_line_id text NOT NULL UNIQUE REFERENCES picking_lines(id),
  order_line_id text REFERENCES order_lines(id),
  product_id text NOT NULL,
  location_id text NOT NULL,
  lot text NOT NULL DEFAULT '',
  qty numeric(18, 4) NOT NULL CHECK (qty > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (product_id, location_id, lot) REFERENCES quants (product_id, location_id, lot)
);
CREATE INDEX reservations_quant ON reservations (product_id, location_id, lot);
CREATE INDEX reservations_order_line ON reservations (order_line_id) WHERE order_line_id IS NOT NULL;

CREATE TABLE reorder_rules (
  product_id text NOT NULL REFERENCES products(id),
  site_id text NOT NULL REFERENCES sites(id),
  min_qty numeric(18, 4) NOT NULL CHECK (min_qty >= 0),
  max_qty numeric(18, 4) NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (product_id, site_id),
  CHECK (max_qty >= min_qty)
);

CREATE TABLE purchase_proposals (
  id text PRIMARY KEY,
  product_id text NOT NULL REFERENCES products(id),
  site_id text NOT NULL REFERENCES sites(id),
  qty numeric(18, 4) NOT NULL CHECK (qty > 0),
  forecast numeric(18, 4) NOT NULL,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'ordered', 'dismissed')),
  purchase_order_id text REFERENCES purchase_orders(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX purchase_proposals_one_open ON purchase_proposals (product_id, site_id) WHERE state = 'open';

-- Count adjustments worth more than the threshold wait here for a manager.
CREATE TABLE count_approvals (
  id text PRIMARY KEY,
  event_id text,
  site_id text NOT NULL REFERENCES sites(id),
  location_id text NOT NULL REFERENCES locations(id),
  -- [{productId, lot, delta}] computed when the count arrived.
  deltas jsonb NOT NULL,
  value bigint NOT NULL CHECK (value >= 0),
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_by text REFERENCES users(id),
  decided_at timestamptz,
  CHECK ((state = 'pending') = (decided_at IS NULL))
);
CREATE INDEX count_approvals_pending ON count_approvals (created_at) WHERE state = 'pending';

-- The `pickings` documents devices pull (shared/schemas/picking.ts); waiting pickings are not work yet.
CREATE VIEW picking_docs AS
SELECT p.id, 'site:' || p.site_id AS scope, jsonb_strip_nulls(jsonb_build_object(
  'id', p.id, 'kind', p.kind, 'step', p.step, 'siteId', p.site_id, 'reference', p.reference,
  'state', p.state, 'claimedBy', p.claimed_by, 'orderId', p.order_id,
  'lines', coalesce((SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
      'lineId', l.id, 'productId', l.product_id, 'qty', l.qty,
      'fromLocationId', l.from_location_id, 'toLocationId', l.to_location_id,
      'lot', nullif(l.lot, ''), 'expiry', to_char(l.expiry, 'YYYY-MM-DD'))) ORDER BY l.position)
    FROM picking_lines l WHERE l.picking_id = p.id AND l.qty > 0), '[]'::jsonb),
  'createdAt', iso_utc(p.created_at), 'updatedAt', iso_utc(p.updated_at)
)) AS doc
FROM pickings p WHERE p.state <> 'waiting';
