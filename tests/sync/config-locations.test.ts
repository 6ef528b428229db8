// Scanner stations check location scans offline: the site's internal locations replicate in
// `config` (kind 'location') to that site's devices only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigEntry } from '../../shared/schemas/index.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

describe.each(testDrivers)('location config on $kind', ({ kind, skip }) => {
  let s: TestServer;
  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 5 });
  });
  afterAll(async () => {
    await s?.close();
  });

  it.skipIf(skip)("gives a scanner its own warehouse's locations and not the store's", async () => {
    const scanner = await s.pairDevice('scanner', 'WH1');
    const res = await s.api('/api/sync/config/pull?limit=10000', { token: scanner.token });
    const locations = (res.body as { documents: ConfigEntry[] }).documents.filter((d): d is Extract<ConfigEntry, { kind: 'location' }> => d.kind === 'location');
    const names = locations.map((l) => l.data.fullName);
    const [row] = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM locations l JOIN sites si ON si.id = l.site_id WHERE si.code = 'WH1' AND l.usage = 'internal'`);
    expect(locations).toHaveLength(row?.n ?? -1);
    expect(names).toContain('WH1/Stock');
    expect(names.some((n) => n.startsWith('STORE1/'))).toBe(false);
  });
});
