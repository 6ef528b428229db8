// How far behind the read replica is (issue 18 point 2). With DATABASE_REPLICA_URL, report queries
// run on a PostgreSQL hot standby; its data is as old as the last WAL it replayed. Managers see
// that age: GET /api/reports/replica, and an `x-aisle-replica-lag` header (seconds) on every report.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { authenticateUser } from '../auth.ts';
import { forbidden } from '../errors.ts';
import { isOperatorRequest } from '../../admin/actor.ts';

export interface ReplicaStatus {
  /** Whether reports read a standby (false: they read the primary, lag is 0). */
  replica: boolean;
  /** Seconds between now and the last transaction the standby replayed, 0 when it has replayed all it received. */
  lagSeconds: number;
  /** WAL received but not yet replayed. */
  lagBytes: number;
}

export async function replicaStatus(read: Db, primary: Db): Promise<ReplicaStatus> {
  if (read === primary) return { replica: false, lagSeconds: 0, lagBytes: 0 };
  const [row] = await read.query<{ lag: number | null; bytes: number | null }>(
    `SELECT CASE WHEN pg_last_wal_receive_lsn() IS NULL OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                 ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8 END AS lag,
            coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0)::float8 AS bytes`,
  );
  return { replica: true, lagSeconds: Math.max(0, row?.lag ?? 0), lagBytes: row?.bytes ?? 0 };
}

export function registerReplicaStatus(app: FastifyInstance, primary: Db, read: Db): void {
  app.get('/api/reports/replica', async (req) => {
    if (!isOperatorRequest(req)) {
      const user = await authenticateUser(primary, req);
      if (user.role !== 'manager' && user.role !== 'admin') throw forbidden('reports are for manager and admin accounts');
    }
    return replicaStatus(read, primary);
  });
  if (read === primary) return;
  app.addHook('onSend', async (req, reply) => {
    if (!req.url.startsWith('/api/reports/') || reply.statusCode !== 200) return;
    const status = await replicaStatus(read, primary).catch(() => null);
    if (status) reply.header('x-aisle-replica-lag', status.lagSeconds.toFixed(1));
  });
}
