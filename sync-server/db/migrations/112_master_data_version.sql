-- The version of the master data a channel order is prepared with (issue 18, docs/warehouse.md
-- "Master data kept per process"): each server process keeps the routing, sites, locations and
-- policy it read for orders while this row's value is unchanged (sync-server/warehouse/
-- master-data-cache.ts). Any statement that writes one of those tables — through the admin, the
-- CLI, a seed or hand-made SQL — gives the row a new random value in its own transaction, so the
-- next batch that commits after it reads the new value and the tables again. Random, not a
-- counter: a database made again from scratch never meets a process's old value. BEFORE the
-- statement: a transaction takes the row's lock before any row of those tables, so two that write
-- master data queue on it instead of deadlocking on each other's rows.
CREATE TABLE master_data_version (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  v text NOT NULL
);
INSERT INTO master_data_version (v) VALUES (gen_random_uuid()::text);

CREATE FUNCTION bump_master_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE master_data_version SET v = gen_random_uuid()::text;
  RETURN NULL;
END $$;

-- The tables of MASTER_DATA_TABLES (sync-server/warehouse/master-data-cache.ts), each `<table>_master_data`.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['sites', 'locations', 'warehouse_config', 'warehouse_policy', 'channels', 'channel_route_sites', 'channel_buffers'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION bump_master_data_version()', t || '_master_data', t);
  END LOOP;
END $$;
