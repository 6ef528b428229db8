-- The back office's users and devices pages (issue 13 point 7): when a manager or admin last
-- logged in on the web, and what each device last told about itself — when it last pulled or
-- pushed (written by the server on its sync requests) and how many of its events were still
-- waiting to reach the server (reported by the device, POST /api/sync/status).
ALTER TABLE users ADD COLUMN last_login_at timestamptz;

ALTER TABLE devices ADD COLUMN last_sync_at timestamptz;
ALTER TABLE devices ADD COLUMN unsent_count integer CHECK (unsent_count >= 0);
ALTER TABLE devices ADD COLUMN unsent_reported_at timestamptz;
