-- Pricelists, promotions and coupons (issue 17, docs/pricing.md). The rule columns hold the shapes
-- declared in shared/pricing/pricing-rules.ts (validated by the admin API before they get here); the
-- same rules are published to devices as `config` entries (kinds pricelist, promotion, coupon).
CREATE TABLE customer_groups (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A customer's group selects its pricelist.
ALTER TABLE customers ADD COLUMN group_id text REFERENCES customer_groups(id);

CREATE OR REPLACE VIEW customer_docs AS
SELECT c.id, jsonb_strip_nulls(jsonb_build_object(
  'id', c.id, 'name', c.name, 'email', c.email, 'phone', c.phone, 'taxNumber', c.tax_number,
  'business', c.business, 'groupId', c.group_id, 'updatedAt', iso_utc(c.updated_at)
)) AS doc
FROM customers c;

CREATE TABLE pricelists (
  id text PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  site_ids text[] NOT NULL DEFAULT '{}',
  customer_group_ids text[] NOT NULL DEFAULT '{}',
  default_for_site_ids text[] NOT NULL DEFAULT '{}',
  sequence integer NOT NULL DEFAULT 10 CHECK (sequence >= 0),
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pricelist_items (
  id text PRIMARY KEY,
  pricelist_id text NOT NULL REFERENCES pricelists(id) ON DELETE CASCADE,
  applies_to jsonb NOT NULL,       -- {kind:'all'} | {kind:'category',category} | {kind:'product',productId}
  min_qty numeric(18, 4) CHECK (min_qty >= 0),
  date_start date,
  date_end date,
  compute jsonb NOT NULL,          -- fixed | percentage | formula
  position integer NOT NULL DEFAULT 0,
  CHECK (date_start IS NULL OR date_end IS NULL OR date_start <= date_end)
);
CREATE INDEX pricelist_items_pricelist ON pricelist_items (pricelist_id, position);

CREATE TABLE promotions (
  id text PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  trigger text NOT NULL CHECK (trigger IN ('automatic', 'coupon')),
  site_ids text[] NOT NULL DEFAULT '{}',
  channels text[] NOT NULL DEFAULT '{}',
  date_start date,
  date_end date,
  priority integer NOT NULL DEFAULT 10 CHECK (priority >= 0),
  exclusive boolean NOT NULL DEFAULT false,
  reward jsonb NOT NULL,
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (date_start IS NULL OR date_end IS NULL OR date_start <= date_end)
);

CREATE TABLE coupons (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{2,30}[A-Z0-9]$'),
  promotion_id text NOT NULL REFERENCES promotions(id),
  max_uses integer NOT NULL CHECK (max_uses >= 1),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX coupons_promotion ON coupons (promotion_id);

-- Each sale that used a code, once (a replayed push adds nothing). Tills offline cannot count uses:
-- the server counts them here and flags the sale that went over the limit as an exception. No
-- foreign key to coupons: a code the server does not know is recorded too, and flagged.
CREATE TABLE coupon_uses (
  code text NOT NULL,
  sale_id text NOT NULL,
  used_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (code, sale_id)
);

-- What each promotion took off each sale line (minor units, as charged: tax included for
-- tax-inclusive prices), for "promotion cost per promotion" (docs/ledger.md).
CREATE TABLE pos_sale_line_promotions (
  sale_id text NOT NULL,
  line_id text NOT NULL,
  promotion_id text NOT NULL,
  amount bigint NOT NULL,
  PRIMARY KEY (sale_id, line_id, promotion_id),
  FOREIGN KEY (sale_id, line_id) REFERENCES pos_sale_lines (sale_id, line_id)
);
CREATE INDEX pos_sale_line_promotions_promotion ON pos_sale_line_promotions (promotion_id);
