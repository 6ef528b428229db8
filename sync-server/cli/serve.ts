// `aisle serve` (and `npm start`): migrate, then run the HTTP server until SIGINT/SIGTERM.
// Takes an open database when the caller has one: PGlite is a single in-process connection, so a
// process must open its data directory once. On PGlite the server holds the data directory lock
// (db/data-dir-lock.ts) for as long as it runs, and records its URL and operator token in it.
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { dbConfigFromEnv, type OpenedDb, openDb, openReplicaDb } from '../db/open-db.ts';
import { loadOrCreateTls, type TlsMaterial } from '../security/tls.ts';
import { newToken } from '../security/secrets.ts';
import { buildServer } from '../http/server.ts';
import { trustProxyFromEnv } from '../http/web-defaults.ts';
import { refuseDemoPasswordsOnNetwork, serveHost } from './network-exposure.ts';
import type { WebhookWorkerOptions } from '../webhooks/delivery.ts';

/** Request log fields; the SSE `?token=` is a bearer secret and never reaches the logs. */
export function redactedRequest(req: { method: string; url: string; ip?: string }): { method: string; url: string; remoteAddress?: string } {
  return { method: req.method, url: req.url.replace(/([?&]token=)[^&]*/g, '$1[redacted]'), ...(req.ip ? { remoteAddress: req.ip } : {}) };
}

/** AISLE_WEBHOOK_POLL_MS / AISLE_WEBHOOK_LEASE_MS tune the delivery worker (docs/channels.md). */
export function webhookOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookWorkerOptions {
  const num = (v: string | undefined): number | undefined => (v && /^\d+$/.test(v) ? Number(v) : undefined);
  const pollMs = num(env.AISLE_WEBHOOK_POLL_MS);
  const leaseMs = num(env.AISLE_WEBHOOK_LEASE_MS);
  return { ...(pollMs ? { pollMs } : {}), ...(leaseMs ? { leaseMs } : {}) };
}

export interface ServeOptions {
  port: number;
  /** Where to listen (network-exposure.ts): default HOST, else 127.0.0.1. */
  host?: string;
  /** An already open database (npm start opens it first, to seed); a PGlite one carries the data directory lock. */
  db?: OpenedDb;
  /** Serve https (see security/tls.ts); default from the environment (AISLE_TLS=1, AISLE_TLS_CERT/KEY). */
  tls?: boolean;
}

/** `serve --tls`, AISLE_TLS=1, or an operator certificate in AISLE_TLS_CERT/AISLE_TLS_KEY. */
export function tlsWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.AISLE_TLS === '1' || env.AISLE_TLS === 'true' || Boolean(env.AISLE_TLS_CERT || env.AISLE_TLS_KEY);
}

async function tlsMaterial(env: NodeJS.ProcessEnv = process.env): Promise<TlsMaterial> {
  const dataDir = resolve(dbConfigFromEnv(env).dataDir ?? './data');
  return loadOrCreateTls({ dir: join(dataDir, 'tls'), ...(env.AISLE_TLS_CERT ? { certFile: env.AISLE_TLS_CERT } : {}), ...(env.AISLE_TLS_KEY ? { keyFile: env.AISLE_TLS_KEY } : {}) });
}

export interface RunningServer {
  url: string;
  /** SHA-256 fingerprint of the certificate when serving https. */
  fingerprint?: string;
  db: Db;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const db: OpenedDb = options.db ?? (await openDb(undefined, { holder: 'server', command: 'serve' }));
  const host = serveHost(options.host);
  try {
    await migrate(db);
    await refuseDemoPasswordsOnNetwork(db, host);
  } catch (err) {
    if (!options.db) await db.close();
    throw err;
  }
  // The CLI of this machine reaches the server with this token, read from the data directory lock.
  const operatorToken = newToken();
  const reportsDb = await openReplicaDb();
  const tls = (options.tls ?? tlsWanted()) ? await tlsMaterial() : undefined;
  const app = await buildServer({
    db,
    operatorToken,
    ...(tls ? { tls } : {}),
    ...(reportsDb ? { reportsDb } : {}),
    logger: { level: process.env.LOG_LEVEL || 'info', serializers: { req: redactedRequest } },
    webhooks: webhookOptionsFromEnv(),
    trustProxy: trustProxyFromEnv(process.env.AISLE_TRUST_PROXY),
    serveSourceMaps: process.env.AISLE_SOURCEMAPS === '1',
  });
  await app.listen({ port: options.port, host });
  const port = (app.server.address() as AddressInfo).port;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `${tls ? 'https' : 'http'}://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
  if (tls) console.error(`aisle: serving https with a ${tls.source} certificate, SHA-256 fingerprint ${tls.fingerprint}`);
  db.lock?.announce(url, operatorToken);
  const close = async (): Promise<void> => {
    await app.close();
    await reportsDb?.close();
    await db.close();
  };
  // Signals can arrive twice (a process group and a wrapper such as npx or tsx both forward them):
  // the first starts a clean shutdown, which releases the data directory lock; later ones wait for it.
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('aisle: shutdown failed', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return { url, db, app, close, ...(tls ? { fingerprint: tls.fingerprint } : {}) };
}
