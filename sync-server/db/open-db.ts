// Chooses the driver from the environment (PROTOCOL.md "Environment"): PostgreSQL when
// DATABASE_URL is set, otherwise PGlite under AISLE_DATA_DIR (default ./data).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Db } from './db.ts';
import { openPglite } from './pglite-driver.ts';
import { openPostgres } from './pg-driver.ts';

export interface DbConfig {
  databaseUrl?: string;
  dataDir?: string;
}

export function dbConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DbConfig {
  return { databaseUrl: env.DATABASE_URL || undefined, dataDir: env.AISLE_DATA_DIR || './data' };
}

export async function openDb(config: DbConfig = dbConfigFromEnv()): Promise<Db> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  const dir = resolve(config.dataDir ?? './data', 'pglite');
  mkdirSync(dir, { recursive: true });
  return openPglite(join(dir));
}
