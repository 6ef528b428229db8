-- One customer everywhere (issue 16 point 6; docs/channels.md "Customers"). An order's
-- `customer {name, email, phone}` is matched to an existing customer by a normalized e-mail or
-- phone, else a customer is made. Duplicates are merged by an admin: the merged row stays as a
-- tombstone pointing at the kept one (a till that was offline may still push a sale naming it;
-- the sale is filed under the kept customer), and its document is deleted on the tills.

-- A site's country (ISO 3166-1 alpha-2) turns national phone numbers into E.164 ("06 12 34 56 78"
-- in FR → +33612345678). Unset: national numbers are compared by their digits only.
ALTER TABLE sites ADD COLUMN country char(2) CHECK (country IS NULL OR country ~ '^[A-Z]{2}$');

-- email_key: trimmed and lower-cased, for every writer (the seed and imports too).
-- phone_key: E.164 where the number could be read (shared/customers/contact-keys.ts), written
-- by the server; numbers already stored get the digits-only form ('+' kept for international ones).
ALTER TABLE customers
  ADD COLUMN email_key text GENERATED ALWAYS AS (nullif(lower(btrim(email, E' \t\r\n')), '')) STORED,
  ADD COLUMN phone_key text,
  ADD COLUMN merged_into text REFERENCES customers(id),
  ADD COLUMN merged_at timestamptz,
  ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT customers_not_merged_into_self CHECK (merged_into IS NULL OR merged_into <> id),
  ADD CONSTRAINT customers_merge_stamped CHECK ((merged_into IS NULL) = (merged_at IS NULL));

UPDATE customers SET phone_key = CASE
    WHEN btrim(phone) ~ '^(\+|00)' THEN '+' || regexp_replace(regexp_replace(btrim(phone), '^00', ''), '\D', '', 'g')
    ELSE nullif(regexp_replace(phone, '\D', '', 'g'), '')
  END
WHERE phone IS NOT NULL;

CREATE INDEX customers_email_key ON customers (email_key) WHERE merged_into IS NULL;
CREATE INDEX customers_phone_key ON customers (phone_key) WHERE merged_into IS NULL;
CREATE INDEX customers_merged_into ON customers (merged_into) WHERE merged_into IS NOT NULL;

-- What a merge moves and the customer history reads.
CREATE INDEX orders_customer ON orders (customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX pos_sales_customer ON pos_sales (customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX invoices_customer ON invoices (customer_id) WHERE customer_id IS NOT NULL;
