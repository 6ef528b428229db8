// Issue 16 point 5 from a scanner station (server side), on PGlite and PostgreSQL over real HTTP: a
// store's or a warehouse's station requests stock for its own site with its device token, in the
// name of the picker logged in there — the same transfer request as the till's and the back
// office's (requested at the source, nothing reserved until it accepts), audited with the station.
// A till's token, a cashier, a picker of another site and no token are refused; an unknown product
// or source, a quantity of 0 or less and the station's own site as the source are 400s that say why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferRequested } from '../../shared/admin-api/warehouse-moves.ts';
import type { PairedDevice } from '../../sync-server/devices/pairing.ts';
import { addUser } from '../../sync-server/users/users.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { makeProduct } from './wh-harness.ts';

describe.each(testDrivers)('stock requested from a scanner station on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let storeStation: PairedDevice;
  let warehouseStation: PairedDevice;
  let till: PairedDevice;
  let beans = '';
  let pia = '';
  let pat = '';

  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 2 });
    storeStation = await s.pairDevice('scanner', 'STORE1', 'Back room');
    warehouseStation = await s.pairDevice('scanner', 'WH1', 'Forklift 2');
    till = await s.pairDevice('till', 'STORE1', 'Till 1');
    beans = await makeProduct(s.db, [{ site: 'WH1', qty: 20 }, { site: 'STORE1', qty: 5 }]);
    await addUser(s.db, { username: 'pia', displayName: 'Pia (store picker)', password: 'pia-pw', role: 'picker', pin: '8642', sites: ['STORE1'] });
    pia = await s.userId('pia');
    pat = await s.userId('pat');
  }, 240_000);
  afterAll(async () => {
    await s?.close();
  });

  const ask = (token: string | undefined, body: object): Promise<{ status: number; body: unknown }> =>
    s.api('/api/scanner/transfer-requests', { ...(token ? { token } : {}), body });
  const message = (res: { body: unknown }): string => (res.body as { message: string }).message;

  it.skipIf(skip)('the store\'s picker asks the warehouse: a request to this store in the picker\'s name, nothing reserved, audited with the station', async () => {
    const res = await ask(storeStation.token, { fromSite: 'WH1', requestedBy: pia, note: 'Shelf empty', lines: [{ productId: beans, qty: 6 }] });
    expect(res.status).toBe(201);
    const made = res.body as TransferRequested;
    expect(made).toMatchObject({ state: 'requested', fromSite: 'WH1', toSite: 'STORE1', reference: expect.stringMatching(/^WH1\/OUT\/\d+$/) as unknown as string });
    const [row] = await s.db.query<{ state: string; requested_by: string; request_note: string }>('SELECT state, requested_by, request_note FROM pickings WHERE id = $1', [made.pickingId]);
    expect(row).toEqual({ state: 'requested', requested_by: pia, request_note: 'Shelf empty' });
    const [reserved] = await s.db.query<{ r: string }>('SELECT coalesce(sum(reserved), 0) AS r FROM quants WHERE product_id = $1', [beans]);
    expect(Number(reserved?.r)).toBe(0);
    const audit = await s.db.query<{ actor: string; actor_role: string; action: string; summary: string }>('SELECT actor, actor_role, action, summary FROM admin_audit WHERE entity_id = $1', [made.pickingId]);
    expect(audit).toEqual([{ actor: 'pia at station Back room', actor_role: 'picker', action: 'transfer.request', summary: `${made.reference}: Demo Store requested 1 line from Demo Warehouse at station Back room` }]);
    // The back office lists it like its own, with the picker's name.
    const manager = await s.login('manager', 'manager');
    const list = (await s.api('/api/transfers?toSite=STORE1&limit=50', { token: manager })).body as { transfers: { id: string; state: string; requestedBy: string | null }[] };
    expect(list.transfers.find((t) => t.id === made.pickingId)).toMatchObject({ state: 'requested', requestedBy: 'Pia (store picker)' });
  });

  it.skipIf(skip)('a warehouse\'s station asks a store: the request goes to the warehouse', async () => {
    const res = await ask(warehouseStation.token, { fromSite: 'STORE1', requestedBy: pat, lines: [{ productId: beans, qty: 2 }] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ state: 'requested', fromSite: 'STORE1', toSite: 'WH1', reference: expect.stringMatching(/^STORE1\/OUT\/\d+$/) as unknown as string });
  });

  it.skipIf(skip)('refuses a till, a cashier, a picker of another site and no token', async () => {
    const body = { fromSite: 'WH1', requestedBy: pia, lines: [{ productId: beans, qty: 1 }] };
    const fromTill = await ask(till.token, body);
    expect(fromTill.status).toBe(403);
    expect(message(fromTill)).toBe('only scanner stations request stock here');
    // A station's token on the till's route is refused the same way.
    expect((await s.api('/api/till/transfer-requests', { token: storeStation.token, body })).status).toBe(403);
    const cashier = await ask(storeStation.token, { ...body, requestedBy: await s.userId('alice') });
    expect(cashier.status).toBe(403);
    expect(message(cashier)).toBe('Alice Martin may not request stock for this site: a picker or supervisor who works here logs in at the station to ask.');
    // Pat picks at the warehouse, not at the store.
    const elsewhere = await ask(storeStation.token, { ...body, requestedBy: pat });
    expect(elsewhere.status).toBe(403);
    expect(message(elsewhere)).toBe('Pat Novak may not request stock for this site: a picker or supervisor who works here logs in at the station to ask.');
    expect((await ask(undefined, { nonsense: true })).status).toBe(401);
    const count = await s.db.query<{ n: string }>("SELECT count(*) AS n FROM admin_audit WHERE action = 'transfer.request'");
    expect(Number(count[0]?.n)).toBe(2);
  });

  it.skipIf(skip)('says why a request is wrong: unknown product or source, quantity 0 or less, its own site', async () => {
    const body = { fromSite: 'WH1', requestedBy: pia, lines: [{ productId: beans, qty: 1 }] };
    const unknownProduct = await ask(storeStation.token, { ...body, lines: [{ productId: 'no-such-product', qty: 1 }] });
    expect(unknownProduct.status).toBe(400);
    expect(message(unknownProduct)).toBe('A line of the request names a product that does not exist.');
    for (const qty of [0, -3]) {
      const bad = await ask(storeStation.token, { ...body, lines: [{ productId: beans, qty }] });
      expect(bad.status).toBe(400);
      expect(message(bad)).toBe('Lines, row 1, qty must be greater than 0.');
    }
    const self = await ask(storeStation.token, { ...body, fromSite: 'STORE1' });
    expect(self.status).toBe(400);
    expect(message(self)).toBe('A transfer goes to another site: STORE1 cannot ask itself for stock.');
    const unknownSite = await ask(storeStation.token, { ...body, fromSite: 'NOPE' });
    expect(unknownSite.status).toBe(400);
    expect(message(unknownSite)).toBe('There is no warehouse or store with code NOPE to send the goods from.');
    const made = await s.db.query<{ n: string }>("SELECT count(*) AS n FROM pickings WHERE state = 'requested'");
    expect(Number(made[0]?.n)).toBe(2);
  });
});
