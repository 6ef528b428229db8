// A fresh, migrated database per test suite: PGlite in a temporary directory, or — when
// DATABASE_URL is set — a new PostgreSQL database `aisle_t_<random>` that is dropped afterwards.
// Integration suites run over `testDrivers` with describe.each; PostgreSQL is skipped only when
// DATABASE_URL is unset (CI sets it).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Db, DbKind, Tx } from '../../sync-server/db/db.ts';
import { migrate } from '../../sync-server/db/migrate.ts';
import { openPglite } from '../../sync-server/db/pglite-driver.ts';
import { openPostgres } from '../../sync-server/db/pg-driver.ts';

export interface TestDb {
  db: Db;
  kind: DbKind;
  /** PostgreSQL only: the database's URL, for tests that start server processes of their own. */
  url?: string;
  close(): Promise<void>;
}

export const databaseUrl = process.env.DATABASE_URL || undefined;

/** `describe.each(testDrivers)('… on $kind', ({ kind, skip }) => { … })` with `describe.skipIf(skip)` or `it.skipIf(skip)`. */
export const testDrivers: { kind: DbKind; skip: boolean }[] = [
  { kind: 'pglite', skip: false },
  { kind: 'postgres', skip: !databaseUrl },
];

export async function createTestDb(kind: DbKind, options: { migrate?: boolean; poolSize?: number } = {}): Promise<TestDb> {
  const t = kind === 'pglite' ? await createPglite() : await createPostgres(options.poolSize);
  if (options.migrate !== false) await migrate(t.db);
  return t;
}

async function createPglite(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'aisle-test-'));
  const db = await openPglite(dir);
  return {
    db,
    kind: 'pglite',
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function createPostgres(poolSize = 10): Promise<TestDb> {
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: PostgreSQL tests cannot run');
  const name = `aisle_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(databaseUrl, name);
  const db = await openPostgres(url, poolSize);
  return {
    db,
    kind: 'postgres',
    url,
    async close() {
      await db.close();
      const dropper = new pg.Client({ connectionString: databaseUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** The same database, each of its transactions seen through `wrap` (a test's log of statements, a gate). */
export function wrapTransactions(db: Db, wrap: (tx: Tx) => Tx): Db {
  return {
    kind: db.kind,
    bus: db.bus,
    query: (sql, params) => db.query(sql, params),
    transaction: (fn, options) => db.transaction((tx) => fn(wrap(tx)), options),
    close: () => db.close(),
  };
}
