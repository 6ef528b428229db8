// The ledger, exception and dead-letter routes on the shared schema pattern (issue 13 point 4), on
// PGlite and PostgreSQL: a bad query, body or address is refused with `{error, message}` and a
// sentence naming the field and what it takes — never Fastify's raw text — and nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../shared/admin-api/errors.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

describe.each(testDrivers)('ledger and exception routes validate from shared schemas on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let admin: string;
  let manager: string;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 5 });
    admin = await server.login('admin', 'admin');
    manager = await server.login('manager', 'manager');
  }, 240_000);
  afterAll(async () => {
    await server?.close();
  });

  async function refused(path: string, init: { method?: string; token: string; body?: unknown }): Promise<string> {
    const res = await server.api(path, init);
    expect(res.status, path).toBe(400);
    const body = res.body as ApiError;
    expect(body.error).toBe('invalid_request');
    expect(body.message).not.toMatch(/FST_|querystring\/|body\/|params\//);
    return body.message;
  }

  it.skipIf(skip)('refuses bad queries with a sentence', async () => {
    expect(await refused('/api/exceptions?status=closed', { token: manager })).toBe('Query: Status must be one of open, resolved, all.');
    expect(await refused('/api/exceptions?limit=0', { token: manager })).toBe('Query: Limit must be at least 1.');
    expect(await refused('/api/accounting/journal?from=yesterday', { token: manager })).toBe('Query: From must be an ISO-8601 date such as 2026-03-01 or 2026-03-01T08:00:00Z.');
    expect(await refused('/api/accounting/journal?before=abc', { token: manager })).toBe('Query: Before must be a whole number.');
  });

  it.skipIf(skip)('still answers good queries, and cuts a long page instead of refusing it', async () => {
    const res = await server.api('/api/exceptions?status=all&limit=5000', { token: manager });
    expect(res.status).toBe(200);
    expect(Array.isArray((res.body as { exceptions: unknown[] }).exceptions)).toBe(true);
    const journal = await server.api('/api/accounting/journal?from=2020-01-01&to=2100-01-01T00:00:00Z&limit=3', { token: manager });
    expect(journal.status).toBe(200);
    expect((journal.body as { entries: unknown[] }).entries.length).toBeLessThanOrEqual(3);
  });

  it.skipIf(skip)('refuses bad chart-of-accounts bodies with a sentence and creates nothing', async () => {
    expect(await refused('/api/accounting/accounts', { token: admin, body: { code: 'a b', name: 'Petty cash', type: 'asset' } })).toBe('Code must be 1-20 characters of letters, digits, . _ -.');
    expect(await refused('/api/accounting/accounts', { token: admin, body: { code: '5999', name: 'Petty cash', type: 'cash' } })).toBe('Type must be one of asset, liability, equity, revenue, expense.');
    expect(await refused('/api/accounting/roles/cash_difference', { method: 'PUT', token: admin, body: {} })).toBe('AccountCode is required.');
    expect(await server.db.query("SELECT 1 FROM accounts WHERE code IN ('a b', '5999')")).toHaveLength(0);
    const byManager = await server.api('/api/accounting/accounts', { token: manager, body: { code: '5998', name: 'Float', type: 'asset' } });
    expect(byManager.status).toBe(403);
  });

  it.skipIf(skip)('refuses a non-numeric exception or dead-letter id and an empty resolution note', async () => {
    expect(await refused('/api/reports/exceptions/abc/resolve', { token: manager, body: { note: 'checked' } })).toBe('Address: Id must be a whole number.');
    expect(await refused('/api/reports/exceptions/1/resolve', { token: manager, body: {} })).toBe('Note is required.');
    expect(await refused('/api/reports/dead-letters/x1/replay', { method: 'POST', token: admin })).toBe('Address: Id must be a whole number.');
    const missing = await server.api('/api/reports/dead-letters/999999/replay', { method: 'POST', token: admin });
    expect(missing.status).toBe(404);
    expect((await server.api('/api/reports/dead-letters/1/replay', { method: 'POST', token: manager })).status).toBe(403);
  });
});
