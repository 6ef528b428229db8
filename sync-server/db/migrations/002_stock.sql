-- Stock: an append-only ledger of moves, and quants (on hand / reserved per product, internal
-- location and lot) that are updated in the same transaction as each move.

CREATE TABLE stock_moves (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  product_id text NOT NULL REFERENCES products(id),
  lot text NOT NULL DEFAULT '',
  expiry date,
  qty numeric(18, 4) NOT NULL CHECK (qty > 0),
  from_location_id text NOT NULL REFERENCES locations(id),
  to_location_id text NOT NULL REFERENCES locations(id),
  reason text NOT NULL CHECK (reason IN ('seed', 'receipt', 'delivery', 'sale', 'return', 'count', 'transfer', 'scrap')),
  event_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (from_location_id <> to_location_id)
);
CREATE INDEX stock_moves_product ON stock_moves (product_id);
CREATE INDEX stock_moves_event ON stock_moves (event_id) WHERE event_id IS NOT NULL;

-- The ledger is append-only: a correction is a new move, never an edit.
CREATE FUNCTION stock_moves_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'stock_moves is append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER stock_moves_no_update BEFORE UPDATE OR DELETE ON stock_moves
  FOR EACH ROW EXECUTE FUNCTION stock_moves_append_only();

-- Quants exist for internal locations only. on_hand may go negative (a real sale is never
-- refused for lack of stock; the shortage becomes an exception), so reserved <= on_hand cannot
-- be a constraint; reserved >= 0 can. available = on_hand - reserved.
CREATE TABLE quants (
  product_id text NOT NULL REFERENCES products(id),
  location_id text NOT NULL REFERENCES locations(id),
  lot text NOT NULL DEFAULT '',
  expiry date,
  on_hand numeric(18, 4) NOT NULL DEFAULT 0,
  reserved numeric(18, 4) NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (product_id, location_id, lot)
);
CREATE INDEX quants_location ON quants (location_id);
