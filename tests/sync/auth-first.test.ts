// Auth before work: on every route but the public ones, a request without credentials is refused
// before the server runs a single database query (no aggregate folding, no report query) — 401,
// or 400 where the route's body schema refuses the empty body first, which costs no work — and a
// till cannot read another till's session report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlParam } from '../../sync-server/db/db.ts';
import { routesOf } from '../../sync-server/http/route-table.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/** Routes anyone may call: health, pairing, login, logout and the served UI. */
const PUBLIC = new Set(['GET /api/health', 'POST /api/devices/pair', 'POST /api/auth/login', 'POST /api/auth/logout', 'GET /', 'GET /*', 'GET /favicon.ico']);

describe.each(testDrivers)('auth before work on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let queries: string[] = [];

  beforeAll(async () => {
    if (skip) return;
    // No background folding, webhook delivery nor scheduled tax rates: every query seen belongs to the request under test.
    server = await startTestServer(kind, { products: 10, server: { aggregateFoldMs: 3_600_000, heartbeatMs: 3_600_000, webhooks: false, taxRates: false } });
    const db = server.db;
    const query = db.query.bind(db);
    const transaction = db.transaction.bind(db);
    Object.assign(db, {
      query: (sql: string, params?: readonly SqlParam[]) => {
        queries.push(sql);
        return query(sql, params);
      },
      transaction: <T>(fn: Parameters<typeof transaction<T>>[0]) => {
        queries.push('BEGIN');
        return transaction(fn);
      },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it.skipIf(skip)('answers 401 to an anonymous request on every private route without touching the database', async () => {
    const routes = routesOf(server.app).filter((r) => !PUBLIC.has(`${r.method} ${r.url}`));
    expect(routes.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const { method, url } of routes) {
      const path = url.replace(/:[A-Za-z]+/g, '1');
      queries = [];
      const res = await fetch(server.url + path, { method, ...(method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }) });
      await res.body?.cancel();
      const refused = res.status === 401 || (res.status === 400 && method !== 'GET');
      if (!refused || queries.length > 0) failures.push(`${method} ${url} → ${res.status} after ${queries.length} quer(ies)${queries[0] ? `: ${queries[0].replace(/\s+/g, ' ').slice(0, 60)}` : ''}`);
    }
    expect(failures).toEqual([]);
  });

  it.skipIf(skip)("keeps a till out of another till's session report", async () => {
    const a = await server.pairDevice('till', 'STORE1');
    const b = await server.pairDevice('till', 'STORE1');
    await server.db.query(`INSERT INTO till_sessions (id, till_id, site_id) VALUES ('s-a', $1, (SELECT site_id FROM devices WHERE id = $1))`, [a.deviceId]);
    expect((await server.api('/api/sessions/s-a/report', { token: a.token })).status).toBe(200);
    expect((await server.api('/api/sessions/s-a/report', { token: b.token })).status).toBe(404);
    expect((await server.api('/api/sessions/s-a/report', { token: 'not-a-token' })).status).toBe(401);
  });
});
