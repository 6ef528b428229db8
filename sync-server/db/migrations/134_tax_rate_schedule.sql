-- A tax's next rate, scheduled ahead (a law change at a set instant, such as VAT 19 % → 16 % at
-- midnight on the 1st: docs/admin.md "Taxes", docs/ledger.md "Taxes judged against the catalog").
-- One per tax. The tills get it with the tax's config (`next`) and switch at `effective_at` on their
-- own clock, online or not; the server applies it to `taxes` at that instant (admin/tax-schedule.ts:
-- a timer in the process that scheduled it, a sweep in every process as the net, and at start).
CREATE TABLE tax_rate_changes (
  tax_id text PRIMARY KEY REFERENCES taxes(id) ON DELETE CASCADE,
  rate numeric(7, 4) NOT NULL CHECK (rate >= 0 AND rate <= 100),
  -- The name the tax takes then ("VAT 16%"); NULL: it keeps its name.
  name text CHECK (name IS NULL OR btrim(name) <> ''),
  effective_at timestamptz NOT NULL,
  scheduled_at timestamptz NOT NULL DEFAULT now(),
  -- Who scheduled it, as the audit log names people: the change is audited in their name when it applies.
  scheduled_by text NOT NULL
);
CREATE INDEX tax_rate_changes_due ON tax_rate_changes (effective_at);

-- The rate's history (migration 123) records a change from the transaction's time — or, when the
-- change is a scheduled one being applied, from the instant it was scheduled for
-- (`aisle.tax_rate_from`, set for the transaction): tills switched at that instant on their own,
-- and their sales from then on are judged against the new rate however late the server applied it.
CREATE OR REPLACE FUNCTION tax_rate_history_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  since timestamptz := coalesce(nullif(current_setting('aisle.tax_rate_from', true), '')::timestamptz, now());
BEGIN
  IF TG_OP = 'INSERT' OR NEW.rate IS DISTINCT FROM OLD.rate THEN
    INSERT INTO tax_rate_history (tax_id, rate, valid_from) VALUES (NEW.id, NEW.rate, since)
    ON CONFLICT (tax_id, valid_from) DO UPDATE SET rate = excluded.rate;
  END IF;
  RETURN NULL;
END $$;
