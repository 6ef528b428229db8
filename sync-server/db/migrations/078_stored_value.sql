-- Value that can be spent (issue 17 points 4–6, docs/stored-value.md): gift cards, store credit and
-- loyalty points. Each holder of value is an account (a gift card by its number; a customer's store
-- credit per currency; a customer's points); every change of a balance is a movement keyed by the
-- event that made it and a reference within it (the payment, the load), so a replayed push cannot
-- move a balance twice. Balances are kept in the same transaction as the sale that moves them.

INSERT INTO accounts (code, name, type) VALUES
  ('2300', 'Gift cards outstanding', 'liability'),
  ('2310', 'Store credit outstanding', 'liability'),
  ('2320', 'Loyalty points outstanding', 'liability'),
  ('6600', 'Loyalty points earned by customers', 'expense'),
  ('6610', 'Gift cards and store credit given', 'expense')
ON CONFLICT (code) DO NOTHING;
INSERT INTO account_roles (role, account_code) VALUES
  ('gift_card_liability', '2300'), ('store_credit_liability', '2310'), ('points_liability', '2320'),
  ('points_expense', '6600'), ('value_issued', '6610')
ON CONFLICT (role) DO NOTHING;

-- id: 'gc:<number>' (gift card), 'sc:<customer id or ->:<currency>' (store credit), 'pt:<customer id or ->' (points).
-- A movement made without a customer (a till bug) lands on the '-' account and is flagged, so the
-- accounts still add up to the ledger.
CREATE TABLE value_accounts (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('gift_card', 'store_credit', 'points')),
  number text,
  customer_id text,
  currency text,
  -- Minor units (gift cards, store credit) or points.
  balance bigint NOT NULL DEFAULT 0,
  -- What the ledger holds for this account, minor units: Σ of its movements' value (points are
  -- valued at the program's rate when they move).
  booked bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'gift_card') = (number IS NOT NULL))
);
CREATE UNIQUE INDEX value_accounts_number ON value_accounts (number) WHERE number IS NOT NULL;
CREATE INDEX value_accounts_customer ON value_accounts (customer_id) WHERE customer_id IS NOT NULL;

CREATE TABLE value_moves (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id text NOT NULL REFERENCES value_accounts(id),
  -- The sale, or the back-office issue, that made the movement; ref is unique within it.
  event_id text NOT NULL,
  ref text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('load', 'issue', 'redeem', 'refund', 'earn', 'merge')),
  amount bigint NOT NULL,
  value bigint NOT NULL,
  site_id text,
  till_id text,
  -- A redemption the till made without the server's authorisation (within its offline allowance).
  offline boolean NOT NULL DEFAULT false,
  -- The supervisor who let a redemption past the offline allowance.
  override_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (event_id, ref, account_id)
);
CREATE INDEX value_moves_account ON value_moves (account_id, id);

-- Online authorisations: a till asked the server before redeeming, and the amount is set aside for
-- that sale's payment until the sale arrives (it takes it) or the till lets it go.
CREATE TABLE value_holds (
  id text PRIMARY KEY,
  account_id text NOT NULL REFERENCES value_accounts(id),
  till_id text NOT NULL,
  sale_id text NOT NULL,
  ref text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (sale_id, ref)
);
CREATE INDEX value_holds_account ON value_holds (account_id);

INSERT INTO settings (key, value) VALUES ('stored_value', '{"offlineAllowance":{"mode":"till","amount":5000,"points":500}}')
ON CONFLICT (key) DO NOTHING;

-- The two stored-value tenders tills offer (a site that lists its tenders adds them by name).
INSERT INTO tenders (id, method, label, is_cash) VALUES
  ('tender-gift-card', 'gift_card', 'Gift card', false), ('tender-store-credit', 'store_credit', 'Store credit', false)
ON CONFLICT (method) DO NOTHING;

-- Customers carry their points and store credit to the tills (docs/stored-value.md).
CREATE OR REPLACE VIEW customer_docs AS
SELECT c.id, jsonb_strip_nulls(jsonb_build_object(
  'id', c.id, 'name', c.name, 'email', c.email, 'phone', c.phone, 'taxNumber', c.tax_number,
  'business', c.business, 'groupId', c.group_id, 'updatedAt', iso_utc(c.updated_at),
  'points', (SELECT a.balance FROM value_accounts a WHERE a.id = 'pt:' || c.id),
  'storeCredit', (SELECT jsonb_agg(jsonb_build_object('currency', a.currency, 'amount', a.balance) ORDER BY a.currency)
                  FROM value_accounts a WHERE a.customer_id = c.id AND a.kind = 'store_credit' AND a.balance <> 0)
)) AS doc
FROM customers c;
