// `aisle serve --workers N` (PROTOCOL.md): N server processes on one port with node:cluster, all on
// one PostgreSQL. Everything a request needs lives in the database (device tokens, manager
// sessions, pairing codes, idempotency keys, the feed), and change hints cross processes through
// LISTEN/NOTIFY (db/pg-notify-relay.ts), so any worker serves any request. The primary migrates
// once, forks the workers, restarts one that dies, and stops them all on SIGINT/SIGTERM. It also
// names the one worker that batches the host's channel orders and tells the others where it
// listens (order-router.ts).
// PGlite is one process by nature: asked for workers, it refuses.
import type { Serializable } from 'node:child_process';
import cluster, { type Worker } from 'node:cluster';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from '../db/migrate.ts';
import { dbConfigFromEnv, openDb } from '../db/open-db.ts';
import { refuseDemoPasswordsOnNetwork } from './network-exposure.ts';
import { CliError } from './output.ts';
import { makeIntakeDir } from './intake-socket-dir.ts';
import { OrderRouter } from './order-router.ts';
import { handoverEnabled } from '../warehouse/order-handover.ts';

export function isClusterWorker(): boolean {
  return cluster.isWorker;
}

export function checkWorkers(workers: number): void {
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new CliError('bad_option', '--workers must be a whole number from 1 to 64');
  if (workers > 1 && !dbConfigFromEnv().databaseUrl) {
    throw new CliError(
      'workers_need_postgres',
      'the embedded database (PGlite) belongs to one process, so it cannot be served by several workers: set DATABASE_URL=postgres://… to run --workers, or run serve without --workers',
    );
  }
}

export interface ClusterHandle {
  url: string;
  workers: () => number;
  stop(): Promise<void>;
}

/** Runs in the primary: migrate, fork `count` workers (each runs this same CLI as a plain `serve`). */
export async function startCluster(count: number, port: number, host: string, log: (line: string) => void): Promise<ClusterHandle> {
  checkWorkers(count);
  const db = await openDb();
  try {
    await migrate(db);
    // Refused here, once, rather than by each worker (which would be restarted forever).
    await refuseDemoPasswordsOnNetwork(db, host);
  } finally {
    await db.close();
  }
  let stopping = false;
  const fork = (): Worker => cluster.fork({ PORT: String(port), HOST: host });
  // Channel orders go to one worker's batcher (warehouse/order-handover.ts), over a Unix socket in
  // a directory of this host's own (intake-socket-dir.ts: mode 0700, since whoever can connect can
  // post orders). Windows has no such sockets: there every worker batches its own orders.
  const socketDir = handoverEnabled() && process.platform !== 'win32' ? makeIntakeDir() : null;
  const router = socketDir === null ? null : new OrderRouter((id, message) => {
    // send() returning false only means a backlog (the message is queued): not a failure.
    const worker = cluster.workers?.[id];
    if (worker?.isConnected() !== true) return false;
    worker.send(message as Serializable);
    return true;
  }, (id) => join(socketDir, `intake-${id}.sock`));
  cluster.on('message', (worker, message) => router?.fromWorker(worker.id, message));
  const listening = new Promise<void>((resolve) => {
    let up = 0;
    cluster.on('listening', (worker) => {
      router?.listening(worker.id);
      up += 1;
      if (up === count) resolve();
    });
  });
  cluster.on('exit', (worker, code, signal) => {
    router?.gone(worker.id);
    if (stopping) return;
    log(`aisle: worker ${worker.process.pid} stopped (${signal ?? code}); starting another`);
    fork();
  });
  for (let i = 0; i < count; i += 1) fork();
  await listening;
  const stop = async (): Promise<void> => {
    stopping = true;
    const all = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    await Promise.all(
      all.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            w.once('exit', () => resolve());
            w.process.kill('SIGTERM');
          }),
      ),
    );
    if (socketDir) rmSync(socketDir, { recursive: true, force: true });
  };
  const onSignal = (): void => {
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { url: `http://127.0.0.1:${port}`, workers: () => Object.keys(cluster.workers ?? {}).length, stop };
}
