// Chooses the driver from the environment (PROTOCOL.md "Environment"): PostgreSQL when
// DATABASE_URL is set, otherwise PGlite under AISLE_DATA_DIR (default ./data). The embedded
// database is opened by one process at a time: opening it takes the data directory's lock
// (data-dir-lock.ts) and closing the database releases it.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { acquireDataDirLock, type DataDirLock, type LockInfo } from './data-dir-lock.ts';
import type { Db, SqlParam } from './db.ts';
import { openPglite } from './pglite-driver.ts';
import { openPostgres } from './pg-driver.ts';

export interface DbConfig {
  databaseUrl?: string;
  dataDir?: string;
  /** A PostgreSQL hot standby for report queries (DATABASE_REPLICA_URL). */
  replicaUrl?: string;
}

export function dbConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DbConfig {
  return { databaseUrl: env.DATABASE_URL || undefined, dataDir: env.AISLE_DATA_DIR || './data', replicaUrl: env.DATABASE_REPLICA_URL || undefined };
}

export interface OpenedDb extends Db {
  /** The data directory lock (PGlite only): a server announces its URL through it. */
  readonly lock?: DataDirLock;
}

export interface OpenOptions {
  /** Who holds the embedded database: a server or a one-off CLI command (default). */
  holder?: LockInfo['kind'];
  command?: string;
}

export async function openDb(config: DbConfig = dbConfigFromEnv(), options: OpenOptions = {}): Promise<OpenedDb> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  const dataDir = resolve(config.dataDir ?? './data');
  const lock = acquireDataDirLock(dataDir, options.holder ?? 'cli', options.command ?? process.argv.slice(2).join(' '));
  let db: Db;
  try {
    mkdirSync(join(dataDir, 'pglite'), { recursive: true });
    db = await openPglite(join(dataDir, 'pglite'));
  } catch (err) {
    lock.release();
    throw err;
  }
  return {
    kind: db.kind,
    bus: db.bus,
    lock,
    query<T extends object>(sql: string, params?: readonly SqlParam[]) {
      return db.query<T>(sql, params);
    },
    transaction: (fn, options) => db.transaction(fn, options),
    async close() {
      try {
        await db.close();
      } finally {
        lock.release();
      }
    },
  };
}

/**
 * The read replica for reports (PROTOCOL.md: DATABASE_REPLICA_URL), or null. A standby needs a
 * PostgreSQL primary: with PGlite the variable is ignored, with a warning (reports read PGlite).
 */
export async function openReplicaDb(config: DbConfig = dbConfigFromEnv()): Promise<Db | null> {
  if (!config.replicaUrl) return null;
  if (!config.databaseUrl) {
    console.warn('aisle: DATABASE_REPLICA_URL is ignored: it is a hot standby of DATABASE_URL, which is not set (reports read the embedded database)');
    return null;
  }
  return openPostgres(config.replicaUrl, 5, { relay: false });
}
