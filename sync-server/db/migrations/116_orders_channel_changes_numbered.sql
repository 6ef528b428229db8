-- The orders of a channel in the order of their changes (order-list.ts: `channel = $2 AND
-- change_seq > $1`) are indexed only once numbered. Before, the index held every order, and on
-- small tables PostgreSQL probed it (channel only, filtering the reference) for the order batch's
-- lookup of a duplicate external reference (order-batch-admit.ts SEEN_SQL) instead of the unique
-- (channel, external_ref) index; a plan made then read every order of the channel once the table
-- had grown, so that read was planned anew at every batch (docs/warehouse.md "Plans that do not
-- grow with the tables"). A lookup by reference says nothing of change_seq, so it cannot use this
-- partial index, and the unique index is its only plan at any size: it is prepared once per
-- connection and planned generically like the batch's other statements. A new order is numbered
-- at commit (migration 095), so it enters this index once instead of twice. The index is built
-- again inside the migration's transaction: writes to orders wait while it runs (0.9 s for a
-- million narrow rows on the 2-core test machine; longer for wide ones), once, when the server
-- that brings this migration starts.
DROP INDEX orders_channel_changes;
CREATE INDEX orders_channel_changes ON orders (channel, change_seq) WHERE change_seq IS NOT NULL;
