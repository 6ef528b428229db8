-- Endless-aisle orders in the reports (docs/ledger.md "Endless aisle", docs/warehouse.md "Invoicing
-- policy"). The lines of a till sale that are ordered from another site, and the return lines that
-- refund them, are paid into customer deposits, not revenue: the journal books their revenue, tax and
-- cost when the order is invoiced (on delivery or on order) and takes them back with its credit note.
-- The report aggregates counted them twice — as the till's sale (or return) and again as the order's
-- invoice (or credit note) — so an order of 60.00 showed 120.00 of sales. Now the POS aggregates leave
-- those lines out (`pos_sale_lines.deposit`, written with the sale), and the order's documents count:
--   - a till sale or return made of such lines only is no POS order or return (its channel order is
--     counted on its invoice); its payments stay in the tenders (the money was taken or given back);
--   - a credit note filed under a till return (sale_id) still stays out — the till's return is counted
--     as a POS return — except the credit note of a refunded till customer order (invoiced on order),
--     filed under the return whose deposit lines the POS aggregates leave out;
--   - an invoice or credit note of a till customer order adds no `account` tender: the till's
--     tenders paid it (the deposit).

ALTER TABLE pos_sale_lines ADD COLUMN deposit boolean NOT NULL DEFAULT false;

UPDATE pos_sale_lines l SET deposit = true
FROM till_customer_orders t WHERE l.sale_id = t.sale_id AND l.line_id = ANY(t.line_ids);
UPDATE pos_sale_lines l SET deposit = true
FROM till_customer_orders t WHERE l.return_of_sale_id = t.sale_id AND l.return_of_line_id = ANY(t.line_ids)
  AND EXISTS (SELECT 1 FROM pos_sales s WHERE s.id = l.sale_id AND s.kind = 'return');

CREATE OR REPLACE FUNCTION reports_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE sales_daily, tender_daily, product_sales_daily, account_daily;
  INSERT INTO sales_daily (day, hour, site_id, channel, cashier_id, orders, returns, lines, gross, tax, net, cost, discount, sold_gross, returned_gross)
  SELECT (s.created_at AT TIME ZONE st.time_zone)::date, extract(hour FROM s.created_at AT TIME ZONE st.time_zone)::smallint, s.site_id, 'pos', s.cashier_id,
    count(*) FILTER (WHERE s.kind = 'sale' AND NOT l.deposit_only), count(*) FILTER (WHERE s.kind = 'return' AND NOT l.deposit_only),
    sum(l.n), coalesce(sum(l.gross), 0), coalesce(sum(l.tax), 0), coalesce(sum(l.gross - l.tax), 0), coalesce(sum(l.cost), 0), coalesce(sum(l.discount), 0),
    coalesce(sum(l.gross) FILTER (WHERE s.kind = 'sale'), 0), coalesce(sum(l.gross) FILTER (WHERE s.kind = 'return'), 0)
  FROM pos_sales s JOIN sites st ON st.id = s.site_id
  JOIN (SELECT sale_id, count(*) FILTER (WHERE NOT deposit)::int AS n, sum(total) FILTER (WHERE NOT deposit) AS gross, sum(tax) FILTER (WHERE NOT deposit) AS tax,
               sum(cost) FILTER (WHERE NOT deposit) AS cost, sum(discount) FILTER (WHERE NOT deposit) AS discount, bool_and(deposit) AS deposit_only
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
  FROM pos_sales s JOIN sites st ON st.id = s.site_id JOIN pos_sale_lines l ON l.sale_id = s.id AND NOT l.deposit
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
  credit boolean := inv.kind = 'credit_note';
  first_invoice boolean;
  paid_at_till boolean;
  tax bigint := coalesce((inv.tax_lines ->> 'tax')::bigint, 0);
  cost bigint;
  discount bigint;
BEGIN
  IF inv.order_id IS NULL OR inv.site_id IS NULL THEN RETURN; END IF;
  paid_at_till := EXISTS (SELECT 1 FROM till_customer_orders t WHERE t.order_id = inv.order_id);
  IF credit AND inv.sale_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM pos_sale_lines x WHERE x.sale_id = inv.sale_id AND x.deposit) THEN RETURN; END IF;
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
  IF NOT paid_at_till THEN
    INSERT INTO tender_daily AS t (day, site_id, channel, method, payments, amount)
    VALUES (d, inv.site_id, ch, 'account', CASE WHEN credit THEN 0 ELSE 1 END, inv.total)
    ON CONFLICT (day, site_id, channel, method) DO UPDATE SET payments = t.payments + EXCLUDED.payments, amount = t.amount + EXCLUDED.amount;
  END IF;
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

SELECT reports_rebuild_all();
