-- The invoicing policy of a channel (docs/warehouse.md "Invoicing policy"): `delivery` (the default,
-- what every channel did before) invoices each shipment's quantities when it ships; `order` invoices
-- the ordered quantities once, right after the order is accepted (a prepaid web order), and its
-- shipments then post only their cost. The order intake writes nothing more for it: the invoice is
-- issued in a transaction of its own after the order commits (warehouse/order-invoice.ts), kicked by
-- the intake and swept every 30 s, so the intake's batch is not slowed down.
--
-- Which orders are invoiced on order: those of a channel on `order` made at or after the moment the
-- policy took that value (`invoice_policy_since`) — never retroactively. A trigger, not the admin
-- code, keeps the moment, as the policy may be set by the admin API, the CLI or hand-made SQL.
ALTER TABLE channels
  ADD COLUMN invoice_policy text NOT NULL DEFAULT 'delivery' CHECK (invoice_policy IN ('delivery', 'order')),
  ADD COLUMN invoice_policy_since timestamptz;

-- Units of an order line that credit notes of its cancellation took back from its invoice on order
-- (a returned unit is credited by its return's own credit note and counted in `returned`).
ALTER TABLE order_lines ADD COLUMN credited numeric(18, 4) NOT NULL DEFAULT 0 CHECK (credited >= 0);

-- The sweep's place in each on-order channel's orders, by their change number (orders.change_seq is
-- taken in commit order, migration 095): every order of the channel numbered up to `after_seq` has
-- been looked at. Read through the orders_channel_changes index, so a sweep with nothing to do reads
-- nothing but this row. Not a column of `channels`: writing there would bump the master data
-- version (migration 112) at every sweep and make every order batch read its master data again.
-- No foreign key: the row is written by the BEFORE trigger below, before a new channel's own row.
CREATE TABLE order_invoice_sweep (
  channel text PRIMARY KEY,
  after_seq bigint NOT NULL DEFAULT 0
);

-- When a channel takes the `order` policy, its orders up to now are left as they are (the sweep
-- starts after the highest number committed so far), and the moment is taken after that read: an
-- order made after the moment commits after it, so it is numbered after the sweep's start.
CREATE FUNCTION channels_invoice_policy_since() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.invoice_policy IS NOT DISTINCT FROM OLD.invoice_policy THEN
    RETURN NEW;
  END IF;
  IF NEW.invoice_policy = 'order' THEN
    INSERT INTO order_invoice_sweep (channel, after_seq)
    SELECT NEW.code, coalesce((SELECT max(change_seq) FROM orders WHERE channel = NEW.code AND change_seq IS NOT NULL), 0)
    ON CONFLICT (channel) DO UPDATE SET after_seq = EXCLUDED.after_seq;
  END IF;
  NEW.invoice_policy_since := clock_timestamp();
  RETURN NEW;
END;
$$;
CREATE TRIGGER channels_invoice_policy BEFORE INSERT OR UPDATE OF invoice_policy ON channels
  FOR EACH ROW EXECUTE FUNCTION channels_invoice_policy_since();

-- Channel sales in the reports (migration 090) count what was invoiced: a credit note of a cancelled
-- on-order invoice (filed under the order, no till sale: sale_id NULL) takes the cancelled units back
-- out of the channel's sales on its own day — its lines and total are negative, so the same sums
-- apply; it is not an order more, and no return (nothing came back: it was never shipped). A credit
-- note of a till return (sale_id set) stays out, as before: the till's return is counted as a POS
-- return.
CREATE OR REPLACE FUNCTION reports_invoice_fold(inv invoices) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  ch text;
  zone text := coalesce((SELECT time_zone FROM sites WHERE id = inv.site_id), 'UTC');
  d date := (inv.issued_at AT TIME ZONE zone)::date;
  h smallint := extract(hour FROM inv.issued_at AT TIME ZONE zone)::smallint;
  credit boolean := inv.kind = 'credit_note';
  first_invoice boolean;
  tax bigint := coalesce((inv.tax_lines ->> 'tax')::bigint, 0);
  cost bigint;
  discount bigint;
BEGIN
  IF inv.order_id IS NULL OR inv.site_id IS NULL OR (credit AND inv.sale_id IS NOT NULL) THEN RETURN; END IF;
  SELECT o.channel INTO ch FROM orders o WHERE o.id = inv.order_id;
  IF ch IS NULL THEN RETURN; END IF;
  -- An order counts once, on its first invoice (a backorder ships and invoices again).
  first_invoice := NOT credit AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.order_id = inv.order_id AND i.id <> inv.id
                               AND (i.issued_at < inv.issued_at OR (i.issued_at = inv.issued_at AND i.id < inv.id)));
  SELECT coalesce(sum(round((l ->> 'qty')::numeric * coalesce(p.cost, 0))), 0), coalesce(sum((l ->> 'discount')::bigint), 0)
    INTO cost, discount
    FROM jsonb_array_elements(inv.lines) l LEFT JOIN products p ON p.id = l ->> 'productId';
  INSERT INTO sales_daily AS s (day, hour, site_id, channel, cashier_id, orders, returns, lines, gross, tax, net, cost, discount, sold_gross, returned_gross)
  VALUES (d, h, inv.site_id, ch, '', CASE WHEN first_invoice THEN 1 ELSE 0 END, 0, CASE WHEN credit THEN 0 ELSE jsonb_array_length(inv.lines) END,
          inv.total, tax, inv.total - tax, cost, discount, inv.total, 0)
  ON CONFLICT (day, site_id, channel, cashier_id, hour) DO UPDATE SET
    orders = s.orders + EXCLUDED.orders, lines = s.lines + EXCLUDED.lines, gross = s.gross + EXCLUDED.gross, tax = s.tax + EXCLUDED.tax,
    net = s.net + EXCLUDED.net, cost = s.cost + EXCLUDED.cost, discount = s.discount + EXCLUDED.discount, sold_gross = s.sold_gross + EXCLUDED.sold_gross;
  INSERT INTO tender_daily AS t (day, site_id, channel, method, payments, amount)
  VALUES (d, inv.site_id, ch, 'account', CASE WHEN credit THEN 0 ELSE 1 END, inv.total)
  ON CONFLICT (day, site_id, channel, method) DO UPDATE SET payments = t.payments + EXCLUDED.payments, amount = t.amount + EXCLUDED.amount;
  INSERT INTO product_sales_daily AS ps (day, site_id, channel, product_id, qty_sold, qty_returned, gross, net, tax, cost)
  SELECT d, inv.site_id, ch, x.product_id, sum(x.qty), 0, sum(x.total), sum(x.total - x.tax), sum(x.tax), sum(round(x.qty * coalesce(p.cost, 0)))
  FROM (SELECT l ->> 'productId' AS product_id, (l ->> 'qty')::numeric AS qty, (l ->> 'total')::bigint AS total,
               (SELECT coalesce(sum((t ->> 'amount')::bigint), 0) FROM jsonb_array_elements(coalesce(l -> 'taxes', '[]'::jsonb)) t) AS tax
        FROM jsonb_array_elements(inv.lines) l) x
  LEFT JOIN products p ON p.id = x.product_id
  GROUP BY x.product_id ORDER BY x.product_id
  ON CONFLICT (day, site_id, channel, product_id) DO UPDATE SET
    qty_sold = ps.qty_sold + EXCLUDED.qty_sold, gross = ps.gross + EXCLUDED.gross, net = ps.net + EXCLUDED.net,
    tax = ps.tax + EXCLUDED.tax, cost = ps.cost + EXCLUDED.cost;
END;
$$;
