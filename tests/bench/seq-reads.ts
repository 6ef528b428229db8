// Rows PostgreSQL read by sequential scans of the tables that grow with every order, for the
// reservation bench: an order batch looks its rows up by key, so this stays near zero however many
// orders the database holds. A plan that a connection made while the tables were small and kept
// (prepared statements, generic plans) read them whole at every batch instead: 217–318 rows per
// order in the default bench's one-process run, 966 with four processes on new tables and 3,192 with
// a four times longer run (docs/warehouse.md "Plans that do not grow with the tables"). Counted from
// pg_stat_user_tables, which a backend updates at the latest when it exits: the figure is read once
// the server's connections are gone.
import type { Db } from '../../sync-server/db/db.ts';
import { waitFor } from '../support/wait.ts';

/** The tables order intake writes to, one or more rows per order. */
const GROWING = ['orders', 'order_lines', 'order_requests', 'pickings', 'picking_lines', 'replicated_docs'];

/** The application name the bench gives the server's connections (PGAPPNAME), to wait for them to close. */
export const SERVER_APP = 'aisle-bench-server';

/** Rows read so far by sequential scans of the growing tables. */
export async function growingSeqRows(db: Db): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    'SELECT coalesce(sum(seq_tup_read), 0)::float8 AS n FROM pg_stat_user_tables WHERE relname = ANY($1::text[])',
    [GROWING],
  );
  return row?.n ?? 0;
}

/** Waits until the server's connections have closed (their backends have written their statistics). */
export async function serverConnectionsGone(db: Db): Promise<void> {
  await waitFor('the server\'s PostgreSQL connections to close', async () => {
    const [row] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
      [SERVER_APP],
    );
    return row?.n === 0;
  }, 30_000);
}
