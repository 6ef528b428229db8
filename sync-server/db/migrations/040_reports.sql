-- Central reports (issue 8): daily aggregates kept up to date in the same transaction as the
-- events that change them, so report pages read a few thousand aggregate rows instead of
-- scanning sales lines or the journal. Days and hours are UTC. `reports_rebuild()` recomputes
-- every aggregate from its source tables (backfill, bench seeding, drift checks).

-- Sales per day, hour, site, channel and cashier (POS sales: channel 'pos'). Returns count in
-- `returns` and carry negative amounts, so sums over a period are net of returns.
CREATE TABLE sales_daily (
  day date NOT NULL,
  hour smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  site_id text NOT NULL,
  channel text NOT NULL,
  cashier_id text NOT NULL DEFAULT '',
  orders integer NOT NULL DEFAULT 0,
  returns integer NOT NULL DEFAULT 0,
  lines integer NOT NULL DEFAULT 0,
  gross bigint NOT NULL DEFAULT 0,
  tax bigint NOT NULL DEFAULT 0,
  net bigint NOT NULL DEFAULT 0,
  cost bigint NOT NULL DEFAULT 0,
  discount bigint NOT NULL DEFAULT 0,
  sold_gross bigint NOT NULL DEFAULT 0,
  returned_gross bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (day, site_id, channel, cashier_id, hour)
);

-- Payments per day, site, channel and tender method.
CREATE TABLE tender_daily (
  day date NOT NULL,
  site_id text NOT NULL,
  channel text NOT NULL,
  method text NOT NULL,
  payments integer NOT NULL DEFAULT 0,
  amount bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (day, site_id, channel, method)
);

-- Per product: best and worst sellers, returns per product.
CREATE TABLE product_sales_daily (
  day date NOT NULL,
  site_id text NOT NULL,
  channel text NOT NULL,
  product_id text NOT NULL,
  qty_sold numeric(18, 4) NOT NULL DEFAULT 0,
  qty_returned numeric(18, 4) NOT NULL DEFAULT 0,
  gross bigint NOT NULL DEFAULT 0,
  net bigint NOT NULL DEFAULT 0,
  tax bigint NOT NULL DEFAULT 0,
  cost bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (day, site_id, channel, product_id)
);

-- Journal movements per day, site ('' for company-wide entries) and account: profit and loss
-- for any period without scanning journal_lines. Kept by a statement trigger on journal_lines,
-- so every writer of the journal (POS, warehouse, seed) keeps it without knowing about it.
CREATE TABLE account_daily (
  day date NOT NULL,
  site_id text NOT NULL DEFAULT '',
  account_code text NOT NULL,
  debit bigint NOT NULL DEFAULT 0,
  credit bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (day, site_id, account_code)
);

CREATE FUNCTION reports_account_daily_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO account_daily AS a (day, site_id, account_code, debit, credit)
  SELECT (e.entry_date AT TIME ZONE 'UTC')::date, coalesce(e.site_id, ''), n.account_code, sum(n.debit), sum(n.credit)
  FROM new_lines n JOIN journal_entries e ON e.id = n.entry_id
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (day, site_id, account_code) DO UPDATE SET debit = a.debit + EXCLUDED.debit, credit = a.credit + EXCLUDED.credit;
  RETURN NULL;
END;
$$;
CREATE TRIGGER journal_lines_account_daily AFTER INSERT ON journal_lines
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION reports_account_daily_add();

-- Indexes the report pages filter by (their primary keys lead with day).
CREATE INDEX event_problems_code_open ON event_problems (code) WHERE resolved_at IS NULL;
CREATE INDEX stock_moves_product_time ON stock_moves (product_id, created_at DESC);
CREATE INDEX till_sessions_opened ON till_sessions (opened_at);

-- Exceptions are resolved by a manager with a note (resolved_by/resolution_note exist already);
-- dead letters record who replayed them and how it went.
ALTER TABLE dead_letters ADD COLUMN replayed_by text REFERENCES users(id);
ALTER TABLE dead_letters ADD COLUMN replay_outcome text;

CREATE FUNCTION reports_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE sales_daily, tender_daily, product_sales_daily, account_daily;
  INSERT INTO sales_daily (day, hour, site_id, channel, cashier_id, orders, returns, lines, gross, tax, net, cost, discount, sold_gross, returned_gross)
  SELECT (s.created_at AT TIME ZONE 'UTC')::date, extract(hour FROM s.created_at AT TIME ZONE 'UTC')::smallint, s.site_id, 'pos', s.cashier_id,
    count(*) FILTER (WHERE s.kind = 'sale'), count(*) FILTER (WHERE s.kind = 'return'),
    sum(l.n), sum(l.gross), sum(l.tax), sum(l.gross - l.tax), sum(l.cost), sum(l.discount),
    coalesce(sum(l.gross) FILTER (WHERE s.kind = 'sale'), 0), coalesce(sum(l.gross) FILTER (WHERE s.kind = 'return'), 0)
  FROM pos_sales s
  JOIN (SELECT sale_id, count(*)::int AS n, sum(total) AS gross, sum(tax) AS tax, sum(cost) AS cost, sum(discount) AS discount
        FROM pos_sale_lines GROUP BY sale_id) l ON l.sale_id = s.id
  GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO tender_daily (day, site_id, channel, method, payments, amount)
  SELECT (s.created_at AT TIME ZONE 'UTC')::date, s.site_id, 'pos', p.method, count(*), sum(p.amount)
  FROM pos_sales s JOIN events e ON e.id = s.id
  CROSS JOIN LATERAL jsonb_to_recordset(e.payload -> 'payments') AS p(method text, amount bigint)
  GROUP BY 1, 2, 3, 4;
  INSERT INTO product_sales_daily (day, site_id, channel, product_id, qty_sold, qty_returned, gross, net, tax, cost)
  SELECT (s.created_at AT TIME ZONE 'UTC')::date, s.site_id, 'pos', l.product_id,
    coalesce(sum(l.qty) FILTER (WHERE l.qty > 0), 0), coalesce(-sum(l.qty) FILTER (WHERE l.qty < 0), 0),
    sum(l.total), sum(l.total - l.tax), sum(l.tax), sum(l.cost)
  FROM pos_sales s JOIN pos_sale_lines l ON l.sale_id = s.id
  GROUP BY 1, 2, 3, 4;
  INSERT INTO account_daily (day, site_id, account_code, debit, credit)
  SELECT (e.entry_date AT TIME ZONE 'UTC')::date, coalesce(e.site_id, ''), l.account_code, sum(l.debit), sum(l.credit)
  FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
  GROUP BY 1, 2, 3;
END;
$$;

SELECT reports_rebuild();
