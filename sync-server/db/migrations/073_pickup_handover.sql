-- Click-and-collect at the till (issue 16 point 1; docs/channels.md "Click-and-collect"): the
-- hand-over pushed by a till, orders paid at pickup, and the release of orders nobody collects.
-- Numbered before 084 (which adds orders.fulfillment and the pickup queue) but independent of it:
-- on a fresh database this file runs first, on an existing one after 084. The pickup details of
-- the pickings documents are added when they are published (warehouse/pickup-docs.ts), not in the
-- picking_docs view, which 084 redefines after this file on a fresh database.

-- false (default): the channel took the payment; true: the customer pays at the till on pickup.
ALTER TABLE orders ADD COLUMN pay_at_pickup boolean NOT NULL DEFAULT false;
-- When everything of a pickup order was first held in its store (the collection period starts).
ALTER TABLE orders ADD COLUMN pickup_ready_at timestamptz;
-- Why an order was cancelled when the server did it ('not_collected'); NULL for a channel's cancel.
ALTER TABLE orders ADD COLUMN cancel_reason text;
CREATE INDEX orders_pickup_ready ON orders (pickup_ready_at) WHERE pickup_ready_at IS NOT NULL AND state = 'open';

-- How many days a store keeps a ready pickup order before releasing it.
ALTER TABLE sites ADD COLUMN pickup_hold_days integer NOT NULL DEFAULT 7 CHECK (pickup_hold_days BETWEEN 1 AND 365);

-- One row per till hand-over applied to an order (the till event's id): what it booked against
-- the order's reservation, per order line. Replicated in the pickup documents as `handedOverBy`, so
-- a till tells which of its own hand-overs the server's quantities already include.
CREATE TABLE pickup_handovers (
  event_id text PRIMARY KEY REFERENCES events(id),
  order_id text NOT NULL REFERENCES orders(id),
  site_id text NOT NULL REFERENCES sites(id),
  handed_at timestamptz NOT NULL,
  -- [{orderLineId, qty}]
  lines jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pickup_handovers_order ON pickup_handovers (order_id);

-- Pickup orders already waiting in their store when this runs (a database that has 084): their
-- collection period starts now. Dynamic, because on a fresh database the columns come later.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'pickup_site_id') THEN
    EXECUTE $q$UPDATE orders o SET pickup_ready_at = now()
      WHERE o.fulfillment = 'pickup' AND o.state = 'open'
        AND NOT EXISTS (SELECT 1 FROM pickings p WHERE p.order_id = o.id AND p.state = 'waiting')$q$;
  END IF;
END $$;
