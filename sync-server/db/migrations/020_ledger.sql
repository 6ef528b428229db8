-- POS ledger (issue 5): chart of accounts, the double-entry journal, till sessions and sales
-- projections, document numbering and invoices. Everything here is written by the event
-- handlers in the same transaction that stores the event.

CREATE TABLE accounts (
  code text PRIMARY KEY CHECK (code ~ '^[0-9A-Za-z._-]{1,20}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  type text NOT NULL CHECK (type IN ('asset', 'liability', 'equity', 'revenue', 'expense')),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Which account plays each posting role; an admin may point a role at another account.
CREATE TABLE account_roles (
  role text PRIMARY KEY,
  account_code text NOT NULL REFERENCES accounts(code)
);

INSERT INTO accounts (code, name, type) VALUES
  ('1010', 'Cash in till drawers', 'asset'),
  ('1020', 'Card clearing', 'asset'),
  ('1030', 'Other tenders clearing', 'asset'),
  ('1050', 'Cash in transit (safe / bank)', 'asset'),
  ('1100', 'Accounts receivable', 'asset'),
  ('1300', 'Inventory', 'asset'),
  ('2000', 'Accounts payable', 'liability'),
  ('2200', 'Output tax', 'liability'),
  ('3000', 'Opening balances', 'equity'),
  ('4000', 'Sales revenue', 'revenue'),
  ('5000', 'Cost of goods sold', 'expense'),
  ('5100', 'Inventory adjustments', 'expense'),
  ('6500', 'Cash differences', 'expense'),
  ('6900', 'Sale suspense (till totals that did not add up)', 'expense');

INSERT INTO account_roles (role, account_code) VALUES
  ('cash_drawer', '1010'), ('card_clearing', '1020'), ('other_tender_clearing', '1030'),
  ('cash_transfer', '1050'), ('receivable', '1100'), ('inventory', '1300'), ('payable', '2000'), ('output_tax', '2200'),
  ('opening_balance', '3000'), ('revenue', '4000'), ('cogs', '5000'), ('inventory_adjustment', '5100'),
  ('cash_difference', '6500'), ('sale_suspense', '6900');

CREATE TABLE journal_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('sale', 'return', 'session_open', 'cash_in', 'cash_out', 'session_close', 'late_adjustment', 'delivery', 'invoice', 'adjustment', 'opening')),
  event_id text,
  site_id text REFERENCES sites(id),
  till_id text,
  session_id text,
  entry_date timestamptz NOT NULL,
  memo text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX journal_entries_event ON journal_entries (event_id) WHERE event_id IS NOT NULL;
CREATE INDEX journal_entries_session ON journal_entries (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX journal_entries_date ON journal_entries (entry_date);

CREATE TABLE journal_lines (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entry_id bigint NOT NULL REFERENCES journal_entries(id),
  account_code text NOT NULL REFERENCES accounts(code),
  debit bigint NOT NULL DEFAULT 0 CHECK (debit >= 0),
  credit bigint NOT NULL DEFAULT 0 CHECK (credit >= 0),
  tax_id text,
  till_id text,
  memo text,
  CHECK (debit = 0 OR credit = 0)
);
CREATE INDEX journal_lines_entry ON journal_lines (entry_id);
CREATE INDEX journal_lines_account ON journal_lines (account_code);

-- Every entry balances: checked at COMMIT, after all of its lines are in.
CREATE FUNCTION journal_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  diff bigint;
BEGIN
  SELECT coalesce(sum(debit), 0) - coalesce(sum(credit), 0) INTO diff FROM journal_lines WHERE entry_id = NEW.entry_id;
  IF diff <> 0 THEN
    RAISE EXCEPTION 'journal entry % does not balance (debit - credit = %)', NEW.entry_id, diff USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER journal_lines_balanced AFTER INSERT ON journal_lines
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced();

-- The journal is append-only like the stock ledger: corrections are new entries.
CREATE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER journal_entries_no_update BEFORE UPDATE OR DELETE ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION journal_append_only();
CREATE TRIGGER journal_lines_no_update BEFORE UPDATE OR DELETE ON journal_lines
  FOR EACH ROW EXECUTE FUNCTION journal_append_only();

-- Running balances kept in the same transaction as the lines; `reconcile` rebuilds them.
CREATE TABLE account_balances (
  account_code text PRIMARY KEY REFERENCES accounts(code),
  debit bigint NOT NULL DEFAULT 0 CHECK (debit >= 0),
  credit bigint NOT NULL DEFAULT 0 CHECK (credit >= 0)
);

-- Till sessions, kept incrementally so that close and the Z report are instant.
CREATE TABLE till_sessions (
  id text PRIMARY KEY,
  till_id text NOT NULL REFERENCES devices(id),
  site_id text NOT NULL REFERENCES sites(id),
  cashier_id text,
  opened_at timestamptz,
  closed_at timestamptz,
  close_event_id text,
  last_seq integer,
  float bigint NOT NULL DEFAULT 0,
  cash_in bigint NOT NULL DEFAULT 0,
  cash_out bigint NOT NULL DEFAULT 0,
  sales_count integer NOT NULL DEFAULT 0,
  returns_count integer NOT NULL DEFAULT 0,
  sales_total bigint NOT NULL DEFAULT 0,
  returns_total bigint NOT NULL DEFAULT 0,
  discount_total bigint NOT NULL DEFAULT 0,
  tax_total bigint NOT NULL DEFAULT 0
);
CREATE INDEX till_sessions_till ON till_sessions (till_id, opened_at);

CREATE TABLE session_tenders (
  session_id text NOT NULL REFERENCES till_sessions(id),
  method text NOT NULL,
  expected bigint NOT NULL DEFAULT 0,
  counted bigint,
  PRIMARY KEY (session_id, method)
);

CREATE TABLE pos_sales (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('sale', 'return')),
  till_id text NOT NULL REFERENCES devices(id),
  site_id text NOT NULL REFERENCES sites(id),
  session_id text NOT NULL,
  cashier_id text NOT NULL,
  customer_id text,
  seq integer NOT NULL CHECK (seq >= 1),
  receipt_no text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  total bigint NOT NULL,
  tax bigint NOT NULL,
  cost bigint NOT NULL,
  created_at timestamptz NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  return_of_sale_id text
);
-- Not unique: a till that reuses a seq still made a real sale; it becomes an exception.
CREATE INDEX pos_sales_chain ON pos_sales (till_id, seq);
CREATE INDEX pos_sales_session ON pos_sales (session_id);
CREATE INDEX pos_sales_site_date ON pos_sales (site_id, created_at);
CREATE INDEX pos_sales_receipt ON pos_sales (till_id, receipt_no);

CREATE TABLE pos_sale_lines (
  sale_id text NOT NULL REFERENCES pos_sales(id),
  line_id text NOT NULL,
  product_id text NOT NULL,
  qty numeric(18, 4) NOT NULL,
  unit_price bigint NOT NULL,
  discount bigint NOT NULL,
  total bigint NOT NULL,
  tax bigint NOT NULL,
  cost bigint NOT NULL,
  return_of_sale_id text,
  return_of_line_id text,
  PRIMARY KEY (sale_id, line_id)
);
CREATE INDEX pos_sale_lines_return_of ON pos_sale_lines (return_of_sale_id, return_of_line_id) WHERE return_of_sale_id IS NOT NULL;
CREATE INDEX pos_sale_lines_product ON pos_sale_lines (product_id);

-- Gapless numbering of invoices and credit notes: the row lock serializes issuers.
CREATE TABLE document_sequences (
  series text PRIMARY KEY,
  last bigint NOT NULL DEFAULT 0 CHECK (last >= 0)
);
INSERT INTO document_sequences (series) VALUES ('invoice'), ('credit_note');

CREATE TABLE invoices (
  id text PRIMARY KEY,
  number text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  sale_id text,
  order_id text,
  customer_id text,
  site_id text REFERENCES sites(id),
  issued_at timestamptz NOT NULL,
  currency char(3) NOT NULL,
  total bigint NOT NULL,
  tax_lines jsonb NOT NULL,
  lines jsonb NOT NULL
);
CREATE INDEX invoices_sale ON invoices (sale_id);

-- Exceptions that later events settle by themselves (a seq gap filled by a late sale) are
-- resolved by the system, with a note and no user.
ALTER TABLE event_problems ADD COLUMN resolution_note text;
ALTER TABLE event_problems ADD COLUMN subject text;
ALTER TABLE event_problems DROP CONSTRAINT event_problems_check;
ALTER TABLE event_problems ADD CONSTRAINT event_problems_resolution CHECK (resolved_at IS NOT NULL OR (resolved_by IS NULL AND resolution_note IS NULL));
CREATE INDEX event_problems_subject ON event_problems (code, subject) WHERE subject IS NOT NULL;
