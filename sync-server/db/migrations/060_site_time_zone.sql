-- Every site has an IANA time zone (issue 12 point 12, issue 19 point 6): receipts, X/Z reports,
-- the till's clock and the server's report days are in the site's time. Documents keep ISO-8601
-- instants; only their presentation and the day/hour buckets of reports use the zone.
-- The name is checked against PostgreSQL's own zone list, so an unknown zone is refused here too.
ALTER TABLE sites ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC';
CREATE FUNCTION is_time_zone(name text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE pg_timezone_names.name = is_time_zone.name)
$$;
ALTER TABLE sites ADD CONSTRAINT sites_time_zone_known CHECK (is_time_zone(time_zone));
