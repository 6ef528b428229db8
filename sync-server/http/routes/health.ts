// GET /api/health: liveness plus which database driver serves.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { isOrderIntake } from '../../warehouse/order-handover.ts';

export function registerHealth(app: FastifyInstance, db: Db, version: string): void {
  app.get('/api/health', async () => {
    await db.query('SELECT 1');
    // `pid` tells operators (and tests) which server process answered; `orderIntake`, whether it
    // batches the channel orders of its `serve --workers` host (warehouse/order-handover.ts).
    return { status: 'ok', db: db.kind, version, pid: process.pid, orderIntake: isOrderIntake() };
  });
}
