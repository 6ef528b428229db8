-- Master data: sites, locations, taxes, tenders, products, customers, users, devices, sessions.
-- Ids are text (UUIDs made by the server or by devices); money is bigint minor units.

CREATE TABLE sites (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_-]{1,32}$'),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('store', 'warehouse')),
  currency char(3) NOT NULL DEFAULT 'EUR',
  address text,
  cash_rounding integer NOT NULL DEFAULT 1 CHECK (cash_rounding >= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One tree of internal locations per site, plus one virtual location of each kind per site
-- (supplier, customer, inventory loss, scrap, transit) so that every stock move has two ends.
CREATE TABLE locations (
  id text PRIMARY KEY,
  site_id text NOT NULL REFERENCES sites(id),
  parent_id text REFERENCES locations(id),
  name text NOT NULL,
  full_name text NOT NULL,
  usage text NOT NULL CHECK (usage IN ('view', 'internal', 'supplier', 'customer', 'inventory_loss', 'scrap', 'transit')),
  barcode text UNIQUE,
  active boolean NOT NULL DEFAULT true,
  CHECK (parent_id IS NULL OR parent_id <> id),
  UNIQUE (site_id, full_name)
);
CREATE UNIQUE INDEX locations_one_virtual_per_site ON locations (site_id, usage)
  WHERE usage IN ('supplier', 'customer', 'inventory_loss', 'scrap', 'transit');
CREATE INDEX locations_parent ON locations (parent_id);

CREATE TABLE taxes (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  rate numeric(7, 4) NOT NULL CHECK (rate >= 0 AND rate <= 100),
  compound boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tenders (
  id text PRIMARY KEY,
  method text NOT NULL UNIQUE CHECK (method ~ '^[a-z0-9_]{1,32}$'),
  label text NOT NULL,
  is_cash boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE products (
  id text PRIMARY KEY,
  sku text NOT NULL UNIQUE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  price bigint NOT NULL CHECK (price >= 0),
  price_includes_tax boolean NOT NULL DEFAULT true,
  cost bigint NOT NULL DEFAULT 0 CHECK (cost >= 0),
  category text NOT NULL DEFAULT '',
  unit text NOT NULL DEFAULT 'unit' CHECK (unit IN ('unit', 'kg', 'g', 'l', 'ml', 'm')),
  tracking text NOT NULL DEFAULT 'none' CHECK (tracking IN ('none', 'lot', 'serial')),
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A barcode names one product: GTIN-14 (EAN-13/UPC-A/EAN-8 left-padded with zeros).
CREATE TABLE product_barcodes (
  barcode text PRIMARY KEY CHECK (barcode ~ '^[0-9]{14}$'),
  product_id text NOT NULL REFERENCES products(id) ON DELETE CASCADE
);
CREATE INDEX product_barcodes_product ON product_barcodes (product_id);

CREATE TABLE product_taxes (
  product_id text NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  tax_id text NOT NULL REFERENCES taxes(id),
  position smallint NOT NULL DEFAULT 0,
  PRIMARY KEY (product_id, tax_id)
);

CREATE TABLE customers (
  id text PRIMARY KEY,
  name text NOT NULL,
  email text,
  phone text,
  tax_number text,
  business boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Password hashes (scrypt) are for the web; PIN hashes (PBKDF2, shared/pin-hash-format.ts)
-- are synced to tills for offline login. Raw secrets are never stored.
CREATE TABLE users (
  id text PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{1,64}$'),
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('cashier', 'supervisor', 'picker', 'manager', 'admin')),
  password_hash text CHECK (password_hash IS NULL OR password_hash LIKE 'scrypt$%'),
  pin_hash text CHECK (pin_hash IS NULL OR pin_hash LIKE 'pbkdf2$%'),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Paired tills and scanner stations. The token is stored as SHA-256 only.
CREATE TABLE devices (
  id text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('till', 'scanner')),
  site_id text NOT NULL REFERENCES sites(id),
  token_hash text NOT NULL UNIQUE,
  paired_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE pairing_codes (
  code_hash text PRIMARY KEY,
  role text NOT NULL CHECK (role IN ('till', 'scanner')),
  site_id text NOT NULL REFERENCES sites(id),
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz,
  device_id text REFERENCES devices(id),
  CHECK ((used_at IS NULL) = (device_id IS NULL))
);

-- Manager/admin web sessions; the bearer token is stored as SHA-256 only.
CREATE TABLE auth_sessions (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  CHECK (expires_at > created_at)
);
CREATE INDEX auth_sessions_user ON auth_sessions (user_id);

-- Settings replicated to devices as config entries (e.g. approval thresholds); value is JSON.
CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
