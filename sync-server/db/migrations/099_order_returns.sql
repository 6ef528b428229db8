-- Channel orders returned at a till (issue 16 point 4, docs/channels.md "Returns at a store").

-- What came back of each order line (never more than was delivered).
ALTER TABLE order_lines ADD COLUMN returned numeric(18, 4) NOT NULL DEFAULT 0 CHECK (returned >= 0);
ALTER TABLE order_lines ADD CONSTRAINT order_lines_returned_delivered CHECK (returned <= delivered);
CREATE TRIGGER order_lines_touch_order_returned AFTER UPDATE OF returned ON order_lines
  FOR EACH ROW WHEN (OLD.returned IS DISTINCT FROM NEW.returned)
  EXECUTE FUNCTION orders_touch();

-- A credit note names the invoice it credits (an order's return: the order's invoice of its lines).
ALTER TABLE invoices ADD COLUMN credit_of text REFERENCES invoices(id);
CREATE INDEX invoices_order ON invoices (order_id) WHERE order_id IS NOT NULL;

-- One row per till return applied to an order (the till event's id): what it took back per order
-- line, and the refund the channel is to execute on the order's own payment (minor units, ≥ 0).
CREATE TABLE order_returns (
  event_id text PRIMARY KEY REFERENCES events(id),
  order_id text NOT NULL REFERENCES orders(id),
  site_id text NOT NULL REFERENCES sites(id),
  returned_at timestamptz NOT NULL,
  receipt_no text NOT NULL,
  -- [{orderLineId, qty, restock}]
  lines jsonb NOT NULL,
  refund_to_order bigint NOT NULL DEFAULT 0 CHECK (refund_to_order >= 0),
  credit_note text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_returns_order ON order_returns (order_id);
