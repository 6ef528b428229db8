-- The 'pos' channel is every till sale, not only the endless aisle's orders: the reports' channel
-- filter and the back office's Channels page show its name, so it says what it is. An admin's own
-- name for it is kept.
UPDATE channels SET name = 'Store tills', updated_at = now() WHERE code = 'pos' AND name = 'Store tills (endless aisle)';
