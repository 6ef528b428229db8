-- Click-and-collect routed by a transfer (issue 16 point 1; docs/channels.md "Click-and-collect").
-- When the pickup store lacks units of an order, order intake reserves them at another site and
-- ships them to the store by a store transfer (a one-step shipment into the source's transit
-- location, migration 100). The transfer carries no order_id (it is no delivery of the order: it
-- is neither invoiced nor counted as delivered); this link says which order it travels for, so its
-- arrival serves that order first and GET /api/orders/:id shows what is on its way.
CREATE TABLE pickup_transfers (
  shipment_id text PRIMARY KEY REFERENCES pickings(id),
  order_id text NOT NULL REFERENCES orders(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pickup_transfers_order ON pickup_transfers (order_id);
