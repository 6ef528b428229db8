// Where a CLI command runs: through the server that holds the data directory (its admin API,
// with the operator token from the lock file), or — with no server running — on the database
// itself, opened by this process alone. PostgreSQL is shared by design: the CLI opens it directly.
import type { Actor } from '../admin/actor.ts';
import { OPERATOR_NAME } from '../admin/actor.ts';
import { type LockInfo, readLock } from '../db/data-dir-lock.ts';
import { migrate } from '../db/migrate.ts';
import { dbConfigFromEnv, type OpenedDb, openDb } from '../db/open-db.ts';
import { CliError } from './output.ts';

export interface AdminCall<T> {
  /** The operation on an open database (no server running). */
  direct(db: OpenedDb, actor: Actor): Promise<T>;
  /** The same operation as an admin API request. */
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Apply migrations before running directly (commands that write). */
  migrateFirst?: boolean;
}

export const operatorActor: Actor = { kind: 'operator', userId: null, name: OPERATOR_NAME, role: 'admin' };

const STARTING_WAIT_MS = 120_000;

/** The running server to talk to, waiting while one is still starting (migrating, seeding). */
async function runningServer(dataDir: string): Promise<LockInfo | undefined> {
  const deadline = Date.now() + STARTING_WAIT_MS;
  for (;;) {
    const holder = readLock(dataDir);
    if (!holder) return undefined;
    if (holder.kind === 'server' && holder.url && holder.token) return holder;
    if (holder.kind === 'cli' && holder.pid > 0) {
      throw new CliError('data_dir_locked', `the data directory ${dataDir} is in use by another aisle command (pid ${holder.pid}: ${holder.command}). Wait for it to finish and try again.`);
    }
    if (Date.now() > deadline) throw new CliError('server_starting', `the Aisle server (pid ${holder.pid}) has not finished starting; try again once it prints its URLs`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function callServer<T>(server: LockInfo, call: AdminCall<T>): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${server.token ?? ''}` };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${server.url ?? ''}${call.path}`, { method: call.method, headers, ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }) });
  } catch (err) {
    throw new CliError('server_unreachable', `the Aisle server on this data directory (pid ${server.pid}, ${server.url ?? '?'}) does not answer: ${(err as Error).message}`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const e = body as { error?: string; message?: string } | undefined;
    throw new CliError(e?.error ?? 'server_error', e?.message ?? `the server answered ${res.status}`);
  }
  return body as T;
}

export async function runAdmin<T>(call: AdminCall<T>): Promise<T> {
  const config = dbConfigFromEnv();
  if (!config.databaseUrl) {
    const server = await runningServer(config.dataDir ?? './data');
    if (server) return callServer(server, call);
  }
  const db = await openDb(config, { holder: 'cli' });
  try {
    if (call.migrateFirst) await migrate(db);
    return await call.direct(db, operatorActor);
  } finally {
    await db.close();
  }
}
