-- Online authorisations expire (issue 17, docs/stored-value.md "Offline allowances"): a till that asked
-- for an authorisation and then died never takes nor releases its hold, which kept the amount of a
-- card, credit or points unspendable for ever. A hold now lasts `holdMinutes` (stored-value settings,
-- default 60) from when it was granted; past that it no longer counts against the balance. Its row
-- stays until the sale that used it arrives (which is still applied), so the server can tell that
-- sale's authorisation had lapsed.
ALTER TABLE value_holds ADD COLUMN expires_at timestamptz;
UPDATE value_holds SET expires_at = created_at + interval '60 minutes';
ALTER TABLE value_holds ALTER COLUMN expires_at SET NOT NULL;
CREATE INDEX value_holds_live ON value_holds (account_id, expires_at);
