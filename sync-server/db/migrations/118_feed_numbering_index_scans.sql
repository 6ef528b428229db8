-- The commit's numbering (feed_commit_position, migration 095) looks its pending rows up with plain
-- index scans, never bitmap scans. Every write of a quant (a sale, a reservation) leaves its pending
-- version in quants_feed_pending once numbered; PostgreSQL planned the lookup as a bitmap scan, and
-- a bitmap scan never marks the index entries of dead versions as dead, so every later commit walked
-- them all again with their heap pages until VACUUM: 15,270 entries and 803 heap pages (1.9 ms) per
-- lookup after the POS bench's 10,000 sales, inside the feed lock that device pushes take in turn
-- (docs/warehouse.md, 2026-12-05 19:20 UTC). A plain index scan marks each entry of a version dead to
-- every transaction as it passes it (kill_prior_tuple), so the next commit skips it, and a full
-- index page drops the marked entries before it splits: the same lookup then reads 0.04 ms.
ALTER FUNCTION feed_commit_position() SET enable_bitmapscan = off;
-- Index scans on whatever the session prefers: the lookups are of a few rows by a partial index.
ALTER FUNCTION feed_commit_position() SET enable_indexscan = on;
