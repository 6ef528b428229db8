// A real sync server for integration tests: a fresh migrated + seeded database (test-db.ts) and
// the Fastify app listening on 127.0.0.1:0, with helpers to pair devices, log in and revoke.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Db, DbKind } from '../../sync-server/db/db.ts';
import { createPairingCode, type DeviceRole, type PairedDevice, revokeDevice } from '../../sync-server/devices/pairing.ts';
import { buildServer, type ServerOptions } from '../../sync-server/http/server.ts';
import { seedDemo } from '../../sync-server/seed/demo-seed.ts';
import { openPostgres } from '../../sync-server/db/pg-driver.ts';
import { createTestDb } from './test-db.ts';

/** `server`'s host and port with `database`'s database name. */
function sameDatabase(server: string, database: string): string {
  const u = new URL(server);
  u.pathname = new URL(database).pathname;
  return u.toString();
}

export interface TestServer {
  kind: DbKind;
  db: Db;
  app: FastifyInstance;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** PostgreSQL only: the test database's URL, for tests that open connections of their own. */
  dbUrl?: string;
  siteId(code: string): Promise<string>;
  /** A demo user's id (the id sales name as cashier or approver). */
  userId(username: string): Promise<string>;
  /** Pairs a device through the real HTTP route (a till for a store, a scanner for a warehouse). */
  pairDevice(role: DeviceRole, siteCode: string, name?: string): Promise<PairedDevice>;
  login(username: string, password: string): Promise<string>;
  revoke(deviceId: string): Promise<void>;
  /** fetch with `Authorization: Bearer <token>` and JSON body handling. */
  api(path: string, init?: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: unknown; headers: Headers }>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  products?: number;
  seed?: boolean;
  /** PostgreSQL pool size (default 10); concurrency tests need more. */
  poolSize?: number;
  server?: Omit<ServerOptions, 'db'>;
  /** PostgreSQL only: report queries read this hot standby (its URL; the test database's name is put in). */
  replicaUrl?: string;
}

export async function startTestServer(kind: DbKind, options: TestServerOptions = {}): Promise<TestServer> {
  const t = await createTestDb(kind, options.poolSize ? { poolSize: options.poolSize } : {});
  if (options.seed !== false) await seedDemo(t.db, { products: options.products ?? 200 });
  const reportsDb = options.replicaUrl && t.url ? await openPostgres(sameDatabase(options.replicaUrl, t.url), 5, { relay: false }) : undefined;
  const app = await buildServer({ rateLimits: { pair: { max: 1000, timeWindow: 60_000 }, login: { max: 1000, timeWindow: 60_000 }, push: { max: 100_000, timeWindow: 60_000 } }, ...options.server, db: t.db, ...(reportsDb ? { reportsDb } : {}) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const api: TestServer['api'] = async (path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url + path, { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
    const text = await res.text();
    let body: unknown = text;
    if (text && (res.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(text);
    return { status: res.status, body, headers: res.headers };
  };

  return {
    kind,
    db: t.db,
    app,
    url,
    ...(t.url ? { dbUrl: t.url } : {}),
    api,
    async siteId(code) {
      const [row] = await t.db.query<{ id: string }>('SELECT id FROM sites WHERE code = $1', [code]);
      if (!row) throw new Error(`no site ${code}`);
      return row.id;
    },
    async userId(username) {
      const [row] = await t.db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]);
      if (!row) throw new Error(`no user ${username}`);
      return row.id;
    },
    async pairDevice(role, siteCode, name) {
      const { code } = await createPairingCode(t.db, role, siteCode);
      const res = await api('/api/devices/pair', { body: { code, name: name ?? `${role} ${siteCode}` } });
      if (res.status !== 200) throw new Error(`pairing failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as PairedDevice;
    },
    async login(username, password) {
      const res = await api('/api/auth/login', { body: { username, password } });
      if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
      return (res.body as { token: string }).token;
    },
    async revoke(deviceId) {
      await revokeDevice(t.db, deviceId);
    },
    async close() {
      await app.close();
      await reportsDb?.close();
      await t.close();
    },
  };
}
