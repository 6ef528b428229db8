// `aisle serve` (and `npm start`): migrate, then run the HTTP server until SIGINT/SIGTERM.
// Takes an open database when the caller has one: PGlite is a single in-process connection, so a
// process must open its data directory once.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { openDb } from '../db/open-db.ts';
import { buildServer } from '../http/server.ts';

/** Request log fields; the SSE `?token=` is a bearer secret and never reaches the logs. */
export function redactedRequest(req: { method: string; url: string; ip?: string }): { method: string; url: string; remoteAddress?: string } {
  return { method: req.method, url: req.url.replace(/([?&]token=)[^&]*/g, '$1[redacted]'), ...(req.ip ? { remoteAddress: req.ip } : {}) };
}

export interface ServeOptions {
  port: number;
  host?: string;
  db?: Db;
}

export interface RunningServer {
  url: string;
  db: Db;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const db = options.db ?? (await openDb());
  await migrate(db);
  const app = await buildServer({ db, logger: { level: process.env.LOG_LEVEL || 'info', serializers: { req: redactedRequest } } });
  const host = options.host ?? '0.0.0.0';
  await app.listen({ port: options.port, host });
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${options.port}`;
  const close = async (): Promise<void> => {
    await app.close();
    await db.close();
  };
  const stop = (): void => {
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('aisle: shutdown failed', err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { url, db, app, close };
}
