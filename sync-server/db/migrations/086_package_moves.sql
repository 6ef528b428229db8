-- Scanner stations move packages (SSCC) as a unit (issue 15 point 8): a new device-owned
-- collection, `package_moves`, whose events are stored once by id like the others.
ALTER TABLE events DROP CONSTRAINT events_collection_check;
ALTER TABLE events ADD CONSTRAINT events_collection_check
  CHECK (collection IN ('sales', 'sessions', 'picking_events', 'counts', 'package_moves'));
