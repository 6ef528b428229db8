-- Returns by post (docs/channels.md "Returns by post"): a channel or a manager announces that a
-- customer sends delivered goods back; a return receipt opens at the warehouse that takes the parcel
-- in, and receiving it credits the order (sync-server/warehouse/return-requests.ts,
-- return-receipt.ts, return-credit.ts).
CREATE TABLE return_requests (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES orders(id),
  -- The warehouse that takes the parcel in.
  site_id text NOT NULL REFERENCES sites(id),
  -- Who announced it (`key:<channel key id>`, `user:<user id>`, `operator`) and under which
  -- Idempotency-Key: the same key from the same caller answers the same return.
  requested_by text NOT NULL,
  request_key text NOT NULL,
  -- The request's canonical body hash: a key reused with another body is refused.
  request_hash text NOT NULL,
  reason text,
  state text NOT NULL DEFAULT 'expected' CHECK (state IN ('expected', 'partly_received', 'received', 'cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  UNIQUE (requested_by, request_key)
);
CREATE INDEX return_requests_order ON return_requests (order_id, created_at);

-- What each order line is announced for, and what came of it so far.
CREATE TABLE return_request_lines (
  request_id text NOT NULL REFERENCES return_requests(id),
  order_line_id text NOT NULL REFERENCES order_lines(id),
  qty numeric(18, 4) NOT NULL CHECK (qty > 0),
  received numeric(18, 4) NOT NULL DEFAULT 0 CHECK (received >= 0),
  restock boolean NOT NULL DEFAULT true,
  PRIMARY KEY (request_id, order_line_id)
);

-- A return's receipts (the first and its backorders) name their return, and each line the order
-- line it brings back. Not `order_id` / `order_line_id`: those mean delivery work of the order
-- (cancelling an order cancels its open pickings; a return must stay expected).
ALTER TABLE pickings ADD COLUMN return_request_id text REFERENCES return_requests(id);
CREATE INDEX pickings_return_request ON pickings (return_request_id) WHERE return_request_id IS NOT NULL;
ALTER TABLE picking_lines ADD COLUMN return_order_line_id text REFERENCES order_lines(id);

-- A return received by post is recorded beside the till returns of orders. Its event is the
-- station's validation — or, received in full from the back office, an operation id that is no
-- device event: the row no longer requires an `events` row.
ALTER TABLE order_returns DROP CONSTRAINT order_returns_event_id_fkey;
ALTER TABLE order_returns ADD COLUMN request_id text REFERENCES return_requests(id);
