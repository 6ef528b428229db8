// PIN hashes go only where they are needed: a till receives the hashes of the cashiers and
// supervisors of its own store, a scanner station those of its warehouse's pickers; the
// company-wide user entries carry none. Supervisor PINs have at least 6 digits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigEntry } from '../../shared/schemas/index.ts';
import { addUser, UserError } from '../../sync-server/users/users.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

describe.each(testDrivers)('PIN hashes per site on $kind', ({ kind, skip }) => {
  let server: TestServer;

  async function pinHolders(token: string): Promise<string[]> {
    const res = await server.api('/api/sync/config/pull?limit=10000', { token });
    expect(res.status).toBe(200);
    const users = (res.body as { documents: (ConfigEntry & { _deleted: boolean })[] }).documents.filter((d) => d.kind === 'user' && !d._deleted);
    return users.flatMap((u) => (u.kind === 'user' && u.data.pinHash ? [u.data.username] : [])).sort();
  }

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 5 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it.skipIf(skip)('sends a till its store staff hashes and a scanner its pickers hashes, nobody else', async () => {
    const till = await server.pairDevice('till', 'STORE1');
    const scanner = await server.pairDevice('scanner', 'WH1');
    expect(await pinHolders(till.token)).toEqual(['alice', 'sam']);
    expect(await pinHolders(scanner.token)).toEqual(['pat']);
  });

  it.skipIf(skip)('keeps a user of another store off this store, and withdraws nothing else', async () => {
    await server.db.query(`INSERT INTO sites (id, code, name, kind) VALUES ('site-s2', 'STORE2', 'Store 2', 'store')`);
    await addUser(server.db, { username: 'bob', password: 'bobby', role: 'cashier', pin: '4321', sites: ['STORE2'] });
    const till1 = await server.pairDevice('till', 'STORE1');
    const till2 = await server.pairDevice('till', 'STORE2');
    expect(await pinHolders(till1.token)).toEqual(['alice', 'sam']);
    expect(await pinHolders(till2.token)).toEqual(['bob']);
  });

  it.skipIf(skip)('refuses a supervisor PIN shorter than 6 digits', async () => {
    await expect(addUser(server.db, { username: 'sue', password: 'suesue', role: 'supervisor', pin: '1234' })).rejects.toThrow(UserError);
    await expect(addUser(server.db, { username: 'sue', password: 'suesue', role: 'supervisor', pin: '123456' })).resolves.toMatchObject({ username: 'sue' });
  });
});
