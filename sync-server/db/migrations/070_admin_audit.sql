-- The admin audit log (issue 13 point 5): every change made through the admin API — from the back
-- office, the CLI or a script — with who made it, when, what it touched, and the values before and
-- after. Append-only: nothing updates or deletes a row.
CREATE TABLE admin_audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,            -- username, or 'operator (CLI)' for the local operator token
  actor_role text NOT NULL,
  action text NOT NULL,           -- e.g. 'device.revoke', 'product.update'
  entity text NOT NULL,           -- e.g. 'device', 'product'
  entity_id text,
  summary text NOT NULL,          -- one sentence for people: 'revoked till "Till 2" (STORE1)'
  before jsonb,
  after jsonb
);
CREATE INDEX admin_audit_at ON admin_audit (at DESC, id DESC);
CREATE INDEX admin_audit_entity ON admin_audit (entity, entity_id);
