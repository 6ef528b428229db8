// Where a CLI command runs: through the server that holds the data directory (its admin API,
// with the operator token from the lock file), or — with no server running — on the database
// itself, opened by this process alone. PostgreSQL is shared by design: the CLI opens it directly.
import { Ajv } from 'ajv';
import type { TSchema } from 'typebox';
import { type Actor, operatorActor } from '../admin/actor.ts';
import { type LockInfo, readLock } from '../db/data-dir-lock.ts';
import { migrate } from '../db/migrate.ts';
import { dbConfigFromEnv, type OpenedDb, openDb } from '../db/open-db.ts';
import { certificateFingerprint, dataDirCertificate } from '../security/tls.ts';
import { type AjvIssue, validationMessage } from '../http/validation-message.ts';
import { CliError } from './output.ts';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';

export interface AdminCall<T> {
  /** The operation on an open database (no server running). */
  direct(db: OpenedDb, actor: Actor): Promise<T>;
  /** The same operation as an admin API request. */
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  path: string;
  body?: unknown;
  /** Apply migrations before running directly (commands that write). */
  migrateFirst?: boolean;
  /** The route's body schema: run directly, the body is checked against it too, refused with the server's sentence. */
  bodySchema?: TSchema;
}

// The server's checks (http/server.ts): verbose, so that a pattern's description reads as a sentence;
// multipleOfPrecision, so that a rate of 8.1 passes a 0.0001 step.
const ajv = new Ajv({ verbose: true, strict: false, multipleOfPrecision: 6 });

function checkBody(schema: TSchema, body: unknown): void {
  const valid = ajv.compile(schema);
  if (!valid(body)) throw new CliError('invalid_request', validationMessage('body', (valid.errors ?? []) as AjvIssue[]));
}


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

/** The certificate an https server on this data directory presents: the operator's, or the self-signed one. */
export function serverCertificate(dataDir: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.AISLE_TLS_CERT) return readFileSync(env.AISLE_TLS_CERT, 'utf8');
  return dataDirCertificate(dataDir);
}

/**
 * One request to the local server. Over https the CLI trusts exactly the certificate the server
 * presents from this data directory (pinned by fingerprint: an operator's certificate need not
 * name 127.0.0.1), which a self-signed certificate could not pass with fetch's default checks.
 */
async function send(url: string, init: { method: string; headers: Record<string, string>; body?: string }, cert: string | null): Promise<{ ok: boolean; status: number; contentType: string; text: string }> {
  if (!url.startsWith('https:')) {
    const res = await fetch(url, init);
    return { ok: res.ok, status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
  }
  if (!cert) throw new Error('the server speaks https but its certificate is not in the data directory (set AISLE_TLS_CERT)');
  const expected = certificateFingerprint(cert);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: init.method, headers: init.headers, ca: cert, checkServerIdentity: (_host, peer) => (peer.fingerprint256 === expected ? undefined : new Error(`the server presents certificate ${peer.fingerprint256}, not ${expected}`)) }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ ok: (res.statusCode ?? 0) < 300, status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', text }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

async function callServer<T>(server: LockInfo, call: AdminCall<T>, dataDir: string): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${server.token ?? ''}` };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  let res: { ok: boolean; status: number; contentType: string; text: string };
  try {
    res = await send(`${server.url ?? ''}${call.path}`, { method: call.method, headers, ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }) }, serverCertificate(dataDir));
  } catch (err) {
    throw new CliError('server_unreachable', `the Aisle server on this data directory (pid ${server.pid}, ${server.url ?? '?'}) does not answer: ${(err as Error).message}`);
  }
  const text = res.text;
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
    if (server) return callServer(server, call, config.dataDir ?? './data');
  }
  if (call.bodySchema) checkBody(call.bodySchema, call.body);
  const db = await openDb(config, { holder: 'cli' });
  try {
    if (call.migrateFirst) await migrate(db);
    return await call.direct(db, operatorActor);
  } finally {
    await db.close();
  }
}

/** A raw admin API request (`aisle api`): the body as text with its type, the answer as it came. */
export interface ApiRequest {
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  /** `--header` options (api-command.ts parseHeaders: never Authorization nor Content-Type). */
  headers?: Record<string, string>;
}

/** What an `aisle api` request carries: its own headers, then the operator's token and the body's type, which nothing overrides. */
export function requestHeaders(req: ApiRequest, token: string): Record<string, string> {
  return { ...req.headers, authorization: `Bearer ${token}`, ...(req.contentType ? { 'content-type': req.contentType } : {}) };
}

export interface ApiAnswer {
  status: number;
  contentType: string;
  text: string;
}

/**
 * One admin API request through the running server (as the operator), or with no server running
 * by `direct` on this process's own connection to the database (migrated first, as `serve` would).
 * Unlike runAdmin, any answer comes back — status, type and text — for the caller to print.
 */
export async function runApi(req: ApiRequest, direct: (db: OpenedDb) => Promise<ApiAnswer>): Promise<ApiAnswer> {
  const config = dbConfigFromEnv();
  if (!config.databaseUrl) {
    const dataDir = config.dataDir ?? './data';
    const server = await runningServer(dataDir);
    if (server) {
      const headers = requestHeaders(req, server.token ?? '');
      try {
        const res = await send(`${server.url ?? ''}${req.path}`, { method: req.method, headers, ...(req.body === undefined ? {} : { body: req.body }) }, serverCertificate(dataDir));
        return { status: res.status, contentType: res.contentType, text: res.text };
      } catch (err) {
        throw new CliError('server_unreachable', `the Aisle server on this data directory (pid ${server.pid}, ${server.url ?? '?'}) does not answer: ${(err as Error).message}`);
      }
    }
  }
  const db = await openDb(config, { holder: 'cli' });
  try {
    await migrate(db);
    return await direct(db);
  } finally {
    await db.close();
  }
}
