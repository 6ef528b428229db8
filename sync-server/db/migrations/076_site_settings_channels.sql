-- Back office (issue 13 points 8 and 9). Sites get the receipt texts printed above and below every
-- receipt and the tenders their tills accept (NULL = every active tender), both replicated in the
-- site's config entry. Channels get a table of their own with a display name: until now a channel
-- existed only as a string on its API keys, buffers and orders, which the list below takes in.
ALTER TABLE sites ADD COLUMN receipt_header text[] NOT NULL DEFAULT '{}';
ALTER TABLE sites ADD COLUMN receipt_footer text[] NOT NULL DEFAULT '{}';
ALTER TABLE sites ADD COLUMN tenders text[];

CREATE TABLE channels (
  code text PRIMARY KEY CHECK (code ~ '^[a-z0-9_-]{1,32}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO channels (code, name)
SELECT channel, channel FROM (
  SELECT channel FROM channel_api_keys UNION SELECT channel FROM channel_buffers UNION SELECT channel FROM orders
) c
ON CONFLICT (code) DO NOTHING;
