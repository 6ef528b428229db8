-- Cash rounding (issue 12 point 5): a till rounds the cash part of a sale to its site's step
-- (`sites.cash_rounding`, e.g. 5 = 0.05, half-up) and records the difference in the sale's
-- `rounding`. The server books it to the account of the `cash_rounding` posting role (an admin
-- may repoint it) and keeps it beside the sale's projection for reports.
INSERT INTO accounts (code, name, type) VALUES ('6550', 'Cash rounding', 'expense') ON CONFLICT (code) DO NOTHING;
INSERT INTO account_roles (role, account_code) VALUES ('cash_rounding', '6550') ON CONFLICT (role) DO NOTHING;
ALTER TABLE pos_sales ADD COLUMN rounding bigint NOT NULL DEFAULT 0;
