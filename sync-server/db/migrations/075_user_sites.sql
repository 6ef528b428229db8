-- Where each user works (issue 14 point 3): a device receives PIN hashes only of the users who
-- work at its site in a role it serves (stores: cashiers and supervisors; warehouses: pickers).
CREATE TABLE user_sites (
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  site_id text NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, site_id)
);
CREATE INDEX user_sites_site ON user_sites (site_id);

-- Existing device users keep working where they could before: every site their role serves.
INSERT INTO user_sites (user_id, site_id)
SELECT u.id, s.id FROM users u JOIN sites s
  ON (u.role IN ('cashier', 'supervisor') AND s.kind = 'store') OR (u.role = 'picker' AND s.kind = 'warehouse');

-- The company-wide user entries lose their PIN hash; each site gets entries with the hashes of
-- its own users (the same shape sync-server/feed/config-docs.ts publishUsers writes).
UPDATE replicated_docs SET doc = doc #- '{data,pinHash}', change_seq = nextval('feed_seq')
WHERE collection = 'config' AND doc->>'kind' = 'user' AND doc->'data' ? 'pinHash';

INSERT INTO replicated_docs (collection, id, scope, doc, deleted, change_seq)
SELECT 'config', 'u:' || left(encode(sha256(convert_to(u.id || '|' || s.id, 'UTF8')), 'hex'), 40), 'site:' || s.id,
       jsonb_build_object('id', 'u:' || left(encode(sha256(convert_to(u.id || '|' || s.id, 'UTF8')), 'hex'), 40), 'kind', 'user',
         'data', jsonb_build_object('userId', u.id, 'username', u.username, 'displayName', u.display_name, 'role', u.role, 'active', u.active, 'pinHash', u.pin_hash),
         'updatedAt', to_char(u.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
       false, nextval('feed_seq')
FROM users u JOIN user_sites us ON us.user_id = u.id JOIN sites s ON s.id = us.site_id
WHERE u.pin_hash IS NOT NULL;
