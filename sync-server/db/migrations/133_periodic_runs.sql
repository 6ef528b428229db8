-- A sweep runs once per interval across all server processes on this database (`serve --workers N`,
-- several hosts), not once per process: before, each of N processes released uncollected pickups,
-- offered stock to waiting pickings and swept orders to invoice on its own timer, so the same work
-- was read N times per interval (and the waiting and invoice sweeps take the feed counter lock that
-- device pushes queue on). A process whose timer fires claims the sweep's row; the claim holds until
-- `due_at`, a little before the interval ends, so the process that claimed it claims it again next
-- time and the others find it taken. A process that stops gracefully gives its claims back; one that
-- was killed leaves them to lapse at `due_at` (sync-server/http/periodic-job.ts).
CREATE TABLE periodic_runs (
  name text PRIMARY KEY,
  due_at timestamptz NOT NULL,
  -- The claiming job (a random id per job and process): only it gives the claim back.
  owner text NOT NULL
);
