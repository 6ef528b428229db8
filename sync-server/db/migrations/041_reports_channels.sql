-- Central reports (issue 8), channel sales: an invoice issued for a channel order (on delivery,
-- warehouse/delivery-invoice.ts) is folded into the same daily aggregates as till sales, under
-- the order's channel, by a trigger in the invoicing transaction. Its numbers mirror the
-- invoice's journal entries: revenue = total − tax, cost = Σ round(qty × product cost).
-- Till invoices (sale_id set, no order) are already counted as POS sales and are skipped.

CREATE FUNCTION reports_invoice_fold(inv invoices) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  ch text;
  d date := (inv.issued_at AT TIME ZONE 'UTC')::date;
  h smallint := extract(hour FROM inv.issued_at AT TIME ZONE 'UTC')::smallint;
  first_invoice boolean;
  tax bigint := coalesce((inv.tax_lines ->> 'tax')::bigint, 0);
  cost bigint;
  discount bigint;
BEGIN
  IF inv.order_id IS NULL OR inv.kind <> 'invoice' OR inv.site_id IS NULL THEN RETURN; END IF;
  SELECT o.channel INTO ch FROM orders o WHERE o.id = inv.order_id;
  IF ch IS NULL THEN RETURN; END IF;
  -- An order counts once, on its first invoice (a backorder ships and invoices again).
  first_invoice := NOT EXISTS (SELECT 1 FROM invoices i WHERE i.order_id = inv.order_id AND i.id <> inv.id
                               AND (i.issued_at < inv.issued_at OR (i.issued_at = inv.issued_at AND i.id < inv.id)));
  SELECT coalesce(sum(round((l ->> 'qty')::numeric * coalesce(p.cost, 0))), 0), coalesce(sum((l ->> 'discount')::bigint), 0)
    INTO cost, discount
    FROM jsonb_array_elements(inv.lines) l LEFT JOIN products p ON p.id = l ->> 'productId';
  INSERT INTO sales_daily AS s (day, hour, site_id, channel, cashier_id, orders, returns, lines, gross, tax, net, cost, discount, sold_gross, returned_gross)
  VALUES (d, h, inv.site_id, ch, '', CASE WHEN first_invoice THEN 1 ELSE 0 END, 0, jsonb_array_length(inv.lines), inv.total, tax, inv.total - tax, cost, discount, inv.total, 0)
  ON CONFLICT (day, site_id, channel, cashier_id, hour) DO UPDATE SET
    orders = s.orders + EXCLUDED.orders, lines = s.lines + EXCLUDED.lines, gross = s.gross + EXCLUDED.gross, tax = s.tax + EXCLUDED.tax,
    net = s.net + EXCLUDED.net, cost = s.cost + EXCLUDED.cost, discount = s.discount + EXCLUDED.discount, sold_gross = s.sold_gross + EXCLUDED.sold_gross;
  INSERT INTO tender_daily AS t (day, site_id, channel, method, payments, amount)
  VALUES (d, inv.site_id, ch, 'account', 1, inv.total)
  ON CONFLICT (day, site_id, channel, method) DO UPDATE SET payments = t.payments + 1, amount = t.amount + EXCLUDED.amount;
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

CREATE FUNCTION reports_invoice_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM reports_invoice_fold(NEW);
  RETURN NULL;
END;
$$;
CREATE TRIGGER invoices_report_aggregates AFTER INSERT ON invoices
  FOR EACH ROW WHEN (NEW.order_id IS NOT NULL) EXECUTE FUNCTION reports_invoice_add();

-- The full rebuild: till sales and the journal (reports_rebuild, 040), then channel invoices, oldest first.
CREATE FUNCTION reports_rebuild_all() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  inv invoices;
BEGIN
  PERFORM reports_rebuild();
  FOR inv IN SELECT * FROM invoices WHERE order_id IS NOT NULL ORDER BY issued_at, id LOOP
    PERFORM reports_invoice_fold(inv);
  END LOOP;
END;
$$;

SELECT reports_rebuild_all();
