-- Report aggregates by store day (issue 19 point 6): sales_daily, tender_daily,
-- product_sales_daily and account_daily bucket every sale, invoice and journal entry on the day
-- and hour of its site's clock (sites.time_zone, migration 060), not UTC — a sale at 00:30 in
-- Paris counts on that Paris day. Company-wide journal entries (no site) stay on UTC days.
-- The incremental writers (reports/aggregates.ts, ledger/journal-store.ts) use the same rule;
-- the rebuild below is what the agreement test compares them with. Changing a site's zone
-- re-buckets its history (the trigger at the end rebuilds).

CREATE OR REPLACE FUNCTION reports_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE sales_daily, tender_daily, product_sales_daily, account_daily;
  INSERT INTO sales_daily (day, hour, site_id, channel, cashier_id, orders, returns, lines, gross, tax, net, cost, discount, sold_gross, returned_gross)
  SELECT (s.created_at AT TIME ZONE st.time_zone)::date, extract(hour FROM s.created_at AT TIME ZONE st.time_zone)::smallint, s.site_id, 'pos', s.cashier_id,
    count(*) FILTER (WHERE s.kind = 'sale'), count(*) FILTER (WHERE s.kind = 'return'),
    sum(l.n), sum(l.gross), sum(l.tax), sum(l.gross - l.tax), sum(l.cost), sum(l.discount),
    coalesce(sum(l.gross) FILTER (WHERE s.kind = 'sale'), 0), coalesce(sum(l.gross) FILTER (WHERE s.kind = 'return'), 0)
  FROM pos_sales s JOIN sites st ON st.id = s.site_id
  JOIN (SELECT sale_id, count(*)::int AS n, sum(total) AS gross, sum(tax) AS tax, sum(cost) AS cost, sum(discount) AS discount
        FROM pos_sale_lines GROUP BY sale_id) l ON l.sale_id = s.id
  GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO tender_daily (day, site_id, channel, method, payments, amount)
  SELECT (s.created_at AT TIME ZONE st.time_zone)::date, s.site_id, 'pos', p.method, count(*), sum(p.amount)
  FROM pos_sales s JOIN sites st ON st.id = s.site_id JOIN events e ON e.id = s.id
  CROSS JOIN LATERAL jsonb_to_recordset(e.payload -> 'payments') AS p(method text, amount bigint)
  GROUP BY 1, 2, 3, 4;
  INSERT INTO product_sales_daily (day, site_id, channel, product_id, qty_sold, qty_returned, gross, net, tax, cost)
  SELECT (s.created_at AT TIME ZONE st.time_zone)::date, s.site_id, 'pos', l.product_id,
    coalesce(sum(l.qty) FILTER (WHERE l.qty > 0), 0), coalesce(-sum(l.qty) FILTER (WHERE l.qty < 0), 0),
    sum(l.total), sum(l.total - l.tax), sum(l.tax), sum(l.cost)
  FROM pos_sales s JOIN sites st ON st.id = s.site_id JOIN pos_sale_lines l ON l.sale_id = s.id
  GROUP BY 1, 2, 3, 4;
  INSERT INTO account_daily (day, site_id, account_code, debit, credit)
  SELECT (e.entry_date AT TIME ZONE coalesce(st.time_zone, 'UTC'))::date, coalesce(e.site_id, ''), l.account_code, sum(l.debit), sum(l.credit)
  FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id LEFT JOIN sites st ON st.id = e.site_id
  GROUP BY 1, 2, 3;
END;
$$;

CREATE OR REPLACE FUNCTION reports_invoice_fold(inv invoices) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  ch text;
  zone text := coalesce((SELECT time_zone FROM sites WHERE id = inv.site_id), 'UTC');
  d date := (inv.issued_at AT TIME ZONE zone)::date;
  h smallint := extract(hour FROM inv.issued_at AT TIME ZONE zone)::smallint;
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

-- A site moved to another zone: its history is re-bucketed on the new store days.
CREATE FUNCTION reports_site_zone_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM reports_rebuild_all();
  RETURN NULL;
END;
$$;
CREATE TRIGGER sites_time_zone_reports AFTER UPDATE OF time_zone ON sites
  FOR EACH STATEMENT EXECUTE FUNCTION reports_site_zone_changed();

SELECT reports_rebuild_all();
