-- Channels that poll (issue 16 point 9: GET /api/orders?channel=&since=&cursor=): every change of
-- an order takes the next number of the feed sequence, like quants do (migration 050). Writers of
-- orders, order lines and pickings hold the feed lock (warehouse/orders.ts, picking validations),
-- so the numbers are in commit order and a cursor (the last number a channel saw) never skips an
-- order that changed behind it. An order changes when it is made, cancelled or closed, when a line
-- is delivered or cancelled, and when one of its pickings changes state (a backorder served, a
-- step validated).
ALTER TABLE orders ADD COLUMN change_seq bigint, ADD COLUMN updated_at timestamptz;
UPDATE orders o SET change_seq = s.seq, updated_at = coalesce(o.cancelled_at, o.created_at)
FROM (SELECT id, nextval('feed_seq') AS seq FROM (SELECT id FROM orders ORDER BY created_at, id) x) s
WHERE s.id = o.id;
ALTER TABLE orders ALTER COLUMN change_seq SET NOT NULL, ALTER COLUMN updated_at SET NOT NULL, ALTER COLUMN updated_at SET DEFAULT now();
CREATE UNIQUE INDEX orders_change_seq ON orders (change_seq);
CREATE INDEX orders_channel_changes ON orders (channel, change_seq);

CREATE FUNCTION orders_change_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_seq := nextval('feed_seq');
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
CREATE TRIGGER orders_change_seq_insert BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION orders_change_seq();
CREATE TRIGGER orders_change_seq_update BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION orders_change_seq();

CREATE FUNCTION orders_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE orders SET updated_at = now() WHERE id = NEW.order_id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER order_lines_touch_order AFTER UPDATE OF delivered, cancelled ON order_lines
  FOR EACH ROW WHEN (OLD.delivered IS DISTINCT FROM NEW.delivered OR OLD.cancelled IS DISTINCT FROM NEW.cancelled)
  EXECUTE FUNCTION orders_touch();
CREATE TRIGGER pickings_touch_order AFTER UPDATE OF state ON pickings
  FOR EACH ROW WHEN (NEW.order_id IS NOT NULL AND OLD.state IS DISTINCT FROM NEW.state)
  EXECUTE FUNCTION orders_touch();
