-- Abuse limits (issue 14 point 6): a device's dead letters are bounded in bytes per day. Each row
-- records the bytes it stores, so the quota check is a sum over one device's recent rows.
ALTER TABLE dead_letters ADD COLUMN payload_bytes integer NOT NULL DEFAULT 0;
ALTER TABLE dead_letters ADD COLUMN truncated boolean NOT NULL DEFAULT false;
CREATE INDEX dead_letters_device_recent ON dead_letters (device_id, created_at);
