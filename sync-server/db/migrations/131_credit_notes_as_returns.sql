-- A channel order's credit note (a cancel, a shipment closed short, a refund: docs/warehouse.md
-- "Invoicing policy") counts in the reports as a till's return does: one return, its amount in the
-- returned gross and its units returned — not as a sale of negative amount. Before, it was folded
-- into `sold_gross` and `qty_sold`, so an order cancelled after it was invoiced left Orders at 2 and
-- Returns at 0 while revenue counted one order, and the average basket (sold gross ÷ orders) showed
-- half an order. Revenue, tax, gross, net and cost are unchanged (the credit note still subtracts).

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
  IF credit AND inv.sale_id IS NOT NULL AND inv.id NOT LIKE 'credit_note:order:%' THEN RETURN; END IF;
  SELECT o.channel INTO ch FROM orders o WHERE o.id = inv.order_id;
  IF ch IS NULL THEN RETURN; END IF;
  -- An order counts once, on its first invoice (a backorder ships and invoices again).
  first_invoice := NOT credit AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.order_id = inv.order_id AND i.id <> inv.id
                               AND (i.issued_at < inv.issued_at OR (i.issued_at = inv.issued_at AND i.id < inv.id)));
  SELECT coalesce(sum(round((l ->> 'qty')::numeric * coalesce(p.cost, 0))), 0), coalesce(sum((l ->> 'discount')::bigint), 0)
    INTO cost, discount
    FROM jsonb_array_elements(inv.lines) l LEFT JOIN products p ON p.id = l ->> 'productId';
  INSERT INTO sales_daily AS s (day, hour, site_id, channel, cashier_id, orders, returns, lines, gross, tax, net, cost, discount, sold_gross, returned_gross)
  VALUES (d, h, inv.site_id, ch, '', CASE WHEN first_invoice THEN 1 ELSE 0 END, CASE WHEN credit THEN 1 ELSE 0 END, CASE WHEN credit THEN 0 ELSE jsonb_array_length(inv.lines) END,
          inv.total, tax, inv.total - tax, cost, discount, CASE WHEN credit THEN 0 ELSE inv.total END, CASE WHEN credit THEN inv.total ELSE 0 END)
  ON CONFLICT (day, site_id, channel, cashier_id, hour) DO UPDATE SET
    orders = s.orders + EXCLUDED.orders, returns = s.returns + EXCLUDED.returns, lines = s.lines + EXCLUDED.lines, gross = s.gross + EXCLUDED.gross,
    tax = s.tax + EXCLUDED.tax, net = s.net + EXCLUDED.net, cost = s.cost + EXCLUDED.cost, discount = s.discount + EXCLUDED.discount,
    sold_gross = s.sold_gross + EXCLUDED.sold_gross, returned_gross = s.returned_gross + EXCLUDED.returned_gross;
  IF NOT paid_at_till THEN
    INSERT INTO tender_daily AS t (day, site_id, channel, method, payments, amount)
    VALUES (d, inv.site_id, ch, 'account', CASE WHEN credit THEN 0 ELSE 1 END, inv.total)
    ON CONFLICT (day, site_id, channel, method) DO UPDATE SET payments = t.payments + EXCLUDED.payments, amount = t.amount + EXCLUDED.amount;
  END IF;
  INSERT INTO product_sales_daily AS ps (day, site_id, channel, product_id, qty_sold, qty_returned, gross, net, tax, cost)
  SELECT d, inv.site_id, ch, x.product_id, CASE WHEN credit THEN 0 ELSE sum(x.qty) END, CASE WHEN credit THEN -sum(x.qty) ELSE 0 END,
         sum(x.total), sum(x.total - x.tax), sum(x.tax), sum(round(x.qty * coalesce(p.cost, 0)))
  FROM (SELECT l ->> 'productId' AS product_id, (l ->> 'qty')::numeric AS qty, (l ->> 'total')::bigint AS total,
               (SELECT coalesce(sum((t ->> 'amount')::bigint), 0) FROM jsonb_array_elements(coalesce(l -> 'taxes', '[]'::jsonb)) t) AS tax
        FROM jsonb_array_elements(inv.lines) l) x
  LEFT JOIN products p ON p.id = x.product_id
  GROUP BY x.product_id ORDER BY x.product_id
  ON CONFLICT (day, site_id, channel, product_id) DO UPDATE SET
    qty_sold = ps.qty_sold + EXCLUDED.qty_sold, qty_returned = ps.qty_returned + EXCLUDED.qty_returned, gross = ps.gross + EXCLUDED.gross, net = ps.net + EXCLUDED.net,
    tax = ps.tax + EXCLUDED.tax, cost = ps.cost + EXCLUDED.cost;
END;
$$;

SELECT reports_rebuild_all();
