-- The feed's unique change_seq indexes (replicated_docs, quants, orders) hold only numbered rows.
-- A feed row is written pending (change_seq NULL, migration 095) and numbered at commit, so each
-- pending version entered the unique index with a NULL key and then, numbered, again: a dead NULL
-- entry per write until VACUUM. Every commit's numbering (feed_commit_position) looks for its
-- pending rows with `change_seq IS NULL`, and PostgreSQL took the unique index for that too —
-- walking every dead NULL entry and its heap page (7,244 entries, 1,053 pages, 10 ms for one
-- replicated_docs lookup after a bench run; docs/warehouse.md 2026-12-05 18:20 UTC). Now a pending
-- row is only in the small partial *_feed_pending indexes, the one plan for `change_seq IS NULL`,
-- and enters the unique index once, with its number. Every reader of the feed asks for
-- `change_seq > $n` (or max(change_seq)), which implies NOT NULL: the partial index serves them.
-- Built again inside the migration's transaction: writes to these tables wait while it runs, once.
ALTER TABLE replicated_docs DROP CONSTRAINT replicated_docs_change_seq_key;
CREATE UNIQUE INDEX replicated_docs_change_seq_key ON replicated_docs (change_seq) WHERE change_seq IS NOT NULL;
DROP INDEX quants_feed;
CREATE UNIQUE INDEX quants_feed ON quants (change_seq) WHERE change_seq IS NOT NULL;
DROP INDEX orders_change_seq;
CREATE UNIQUE INDEX orders_change_seq ON orders (change_seq) WHERE change_seq IS NOT NULL;
