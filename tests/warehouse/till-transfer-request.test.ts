// Issue 16 point 5 from the till (server side), on PGlite and PostgreSQL over real HTTP: a store's
// till requests stock from the warehouse with its device token, in the name of the store's
// supervisor who approved it there — the same transfer request as the back office's (requested at
// the source, nothing reserved until it accepts), to the till's own store; a cashier, another
// store's supervisor, a scanner station or no token is refused, and a bad source says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferRequested } from '../../shared/admin-api/warehouse-moves.ts';
import type { PairedDevice } from '../../sync-server/devices/pairing.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { addWarehouse, makeProduct } from './wh-harness.ts';

describe.each(testDrivers)('stock requested from a till on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let till: PairedDevice;
  let scanner: PairedDevice;
  let beans = '';
  let sam = '';

  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 2 });
    till = await s.pairDevice('till', 'STORE1', 'Till 1');
    scanner = await s.pairDevice('scanner', 'STORE1', 'Store handheld');
    beans = await makeProduct(s.db, [{ site: 'WH1', qty: 20 }]);
    sam = await s.userId('sam');
  }, 240_000);
  afterAll(async () => {
    await s?.close();
  });

  const ask = (token: string | undefined, body: object): Promise<{ status: number; body: unknown }> =>
    s.api('/api/till/transfer-requests', { ...(token ? { token } : {}), body });

  it.skipIf(skip)('the store\'s supervisor asks the warehouse: a request to this store, nothing reserved, audited with the till', async () => {
    const res = await ask(till.token, { fromSite: 'WH1', requestedBy: sam, note: 'Saturday market', lines: [{ productId: beans, qty: 6 }] });
    expect(res.status).toBe(201);
    const made = res.body as TransferRequested;
    expect(made).toMatchObject({ state: 'requested', fromSite: 'WH1', toSite: 'STORE1', reference: expect.stringMatching(/^WH1\/OUT\/\d+$/) as unknown as string });
    const [row] = await s.db.query<{ state: string; requested_by: string; request_note: string }>('SELECT state, requested_by, request_note FROM pickings WHERE id = $1', [made.pickingId]);
    expect(row).toEqual({ state: 'requested', requested_by: sam, request_note: 'Saturday market' });
    const [reserved] = await s.db.query<{ r: string }>('SELECT coalesce(sum(reserved), 0) AS r FROM quants WHERE product_id = $1', [beans]);
    expect(Number(reserved?.r)).toBe(0);
    const [audit] = await s.db.query<{ actor: string; actor_role: string; summary: string }>(`SELECT actor, actor_role, summary FROM admin_audit WHERE entity_id = $1`, [made.pickingId]);
    expect(audit).toEqual({ actor: 'sam at till Till 1', actor_role: 'supervisor', summary: `${made.reference}: Demo Store requested 1 line from Demo Warehouse at till Till 1` });
    // The back office's request list shows it like its own.
    const manager = await s.login('manager', 'manager');
    const list = (await s.api('/api/transfers?toSite=STORE1&limit=50', { token: manager })).body as { transfers: { id: string; state: string; requestedBy: string | null }[] };
    expect(list.transfers.find((t) => t.id === made.pickingId)).toMatchObject({ state: 'requested', requestedBy: 'Sam Becker' });
  });

  it.skipIf(skip)('refuses a cashier, another store\'s supervisor, a scanner station and no token; an unknown source says why', async () => {
    const body = { fromSite: 'WH1', requestedBy: await s.userId('alice'), lines: [{ productId: beans, qty: 1 }] };
    const cashier = await ask(till.token, body);
    expect(cashier.status).toBe(403);
    expect((cashier.body as { message: string }).message).toBe('Alice Martin may not request stock for this store: a supervisor of the store approves it with their PIN.');
    // A supervisor who does not work at this store.
    const other = await addWarehouse(s.db, 'STORE2', 'store');
    await s.db.query('DELETE FROM user_sites WHERE user_id = $1', [sam]);
    await s.db.query('INSERT INTO user_sites (user_id, site_id) VALUES ($1, $2)', [sam, other]);
    expect((await ask(till.token, { ...body, requestedBy: sam })).status).toBe(403);
    expect((await ask(scanner.token, { ...body, requestedBy: sam })).status).toBe(403);
    expect((await ask(undefined, { nonsense: true })).status).toBe(401);
    const manager = await s.userId('manager');
    const unknown = await ask(till.token, { ...body, fromSite: 'NOPE', requestedBy: manager });
    expect(unknown.status).toBe(400);
    expect((unknown.body as { message: string }).message).toBe('There is no warehouse or store with code NOPE to send the goods from.');
    const self = await ask(till.token, { ...body, fromSite: 'STORE1', requestedBy: manager });
    expect((self.body as { message: string }).message).toBe('A transfer goes to another site: STORE1 cannot ask itself for stock.');
  });
});
