-- Serial numbers and packages are tracked (issue 15 point 8).
-- A serial is in one place at a time: one row per (product, serial), holding where it is now
-- (an internal location, or the customer/supplier/loss end it left through). Validations move it;
-- a serial taken from somewhere else than where the books had it, or received while the books
-- still have it in stock, is an exception for the office.
CREATE TABLE serials (
  product_id text NOT NULL REFERENCES products(id),
  serial text NOT NULL CHECK (length(serial) BETWEEN 1 AND 40),
  location_id text NOT NULL REFERENCES locations(id),
  lot text NOT NULL DEFAULT '',
  event_id text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (product_id, serial)
);
CREATE INDEX serials_location ON serials (location_id);

-- A package (an SSCC, or a typed package id at a pack step) is where its goods are: packing puts
-- goods in it, and it moves as a unit (all it holds moves with it).
CREATE TABLE packages (
  sscc text PRIMARY KEY CHECK (length(sscc) BETWEEN 1 AND 64),
  site_id text NOT NULL REFERENCES sites(id),
  location_id text NOT NULL REFERENCES locations(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE package_contents (
  sscc text NOT NULL REFERENCES packages(sscc),
  product_id text NOT NULL REFERENCES products(id),
  lot text NOT NULL DEFAULT '',
  qty numeric(18, 4) NOT NULL CHECK (qty > 0),
  PRIMARY KEY (sscc, product_id, lot)
);
