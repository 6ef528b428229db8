import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PairedDevice } from '../../sync-server/devices/pairing.ts';
import { countDoc } from '../support/events.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { addWarehouse } from '../warehouse/wh-harness.ts';

describe.each(testDrivers)('sync server HTTP API on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let till: PairedDevice;
  let scanner: PairedDevice;
  let shelf: string;
  let productId: string;

  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 50, server: { bodyLimit: 256 * 1024 } });
    till = await s.pairDevice('till', 'STORE1');
    scanner = await s.pairDevice('scanner', 'WH1');
    const [row] = await s.db.query<{ location_id: string; product_id: string }>(
      `SELECT q.location_id, q.product_id FROM quants q JOIN locations l ON l.id = q.location_id JOIN sites s ON s.id = l.site_id
       JOIN products p ON p.id = q.product_id WHERE s.code = 'WH1' AND p.tracking = 'none' ORDER BY p.sku LIMIT 1`,
    );
    shelf = row?.location_id ?? '';
    productId = row?.product_id ?? '';
  });
  afterAll(async () => {
    await s?.close();
  });

  it.skipIf(skip)('reports health with the driver name', async () => {
    const res = await s.api('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', db: kind });
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it.skipIf(skip)('echoes a caller-supplied correlation id', async () => {
    const res = await s.api('/api/health', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
  });

  it.skipIf(skip)('pairs with a one-time code: a second redemption fails', async () => {
    const { createPairingCode } = await import('../../sync-server/devices/pairing.ts');
    const { code } = await createPairingCode(s.db, 'till', 'STORE1');
    const first = await s.api('/api/devices/pair', { body: { code, name: 'Till 2' } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ role: 'till', siteId: await s.siteId('STORE1') });
    const again = await s.api('/api/devices/pair', { body: { code, name: 'Till 3' } });
    expect(again.status).toBe(400);
  });

  it.skipIf(skip)('numbers a device name the site already has: Counter, Counter 2, counter 3; a revoked one frees its name', async () => {
    const { createPairingCode } = await import('../../sync-server/devices/pairing.ts');
    const pair = async (name: string, site = 'STORE1'): Promise<{ deviceId: string; token: string; name: string }> => {
      const { code } = await createPairingCode(s.db, site === 'STORE1' ? 'till' : 'scanner', site);
      const res = await s.api('/api/devices/pair', { body: { code, name } });
      expect(res.status).toBe(200);
      return res.body as { deviceId: string; token: string; name: string };
    };
    expect((await pair('Counter')).name).toBe('Counter');
    const second = await pair('Counter');
    expect(second.name).toBe('Counter 2');
    expect((await pair('counter')).name).toBe('counter 3');
    expect((await pair('Counter', 'WH1')).name).toBe('Counter');
    await s.db.query('UPDATE devices SET revoked_at = now() WHERE id = $1', [second.deviceId]);
    expect((await pair('Counter')).name).toBe('Counter 2');
    const [stored] = await s.db.query<{ name: string }>('SELECT name FROM devices WHERE id = $1', [second.deviceId]);
    expect(stored?.name).toBe('Counter 2');
  });

  it.skipIf(skip)('numbers the pairing screens\' default names from 1: Till 1, Till 2, Scanner 1; a site with a plain Till goes on at Till 2', async () => {
    const { createPairingCode } = await import('../../sync-server/devices/pairing.ts');
    const site = 'STOREDEF';
    await addWarehouse(s.db, site, 'store');
    const pair = async (name: string, role: 'till' | 'scanner' = 'till'): Promise<{ deviceId: string; name: string }> => {
      const { code } = await createPairingCode(s.db, role, site);
      const res = await s.api('/api/devices/pair', { body: { code, name } });
      expect(res.status).toBe(200);
      return res.body as { deviceId: string; name: string };
    };
    // A receipt prints "Till" and the device's name: the first till is not "Till" but "Till 1".
    const first = await pair('Till');
    expect(first.name).toBe('Till 1');
    expect((await pair('Till')).name).toBe('Till 2');
    expect((await pair('Scanner', 'scanner')).name).toBe('Scanner 1');
    // Revoked, Till 1 frees its number for the next default till.
    await s.db.query('UPDATE devices SET revoked_at = now() WHERE id = $1', [first.deviceId]);
    expect((await pair('till')).name).toBe('till 1');
    // A till paired as a plain "Till" before defaults were numbered: the next one is Till 2, not Till 1 beside it.
    const legacy = 'STOREOLD';
    await addWarehouse(s.db, legacy, 'store');
    const old = await s.pairDevice('till', legacy, 'Till 1');
    await s.db.query(`UPDATE devices SET name = 'Till' WHERE id = $1`, [old.deviceId]);
    const { code } = await createPairingCode(s.db, 'till', legacy);
    expect(((await s.api('/api/devices/pair', { body: { code, name: 'Till' } })).body as { name: string }).name).toBe('Till 2');
  });

  it.skipIf(skip)('refuses missing, unknown and revoked tokens with 401', async () => {
    expect((await s.api('/api/sync/products/pull')).status).toBe(401);
    expect((await s.api('/api/sync/products/pull', { token: 'nope' })).status).toBe(401);
    const doomed = await s.pairDevice('till', 'STORE1', 'doomed');
    expect((await s.api('/api/sync/products/pull', { token: doomed.token })).status).toBe(200);
    await s.revoke(doomed.deviceId);
    expect((await s.api('/api/sync/products/pull', { token: doomed.token })).status).toBe(401);
    expect((await s.api('/api/sync/counts/push', { token: doomed.token, body: [] })).status).toBe(401);
  });

  it.skipIf(skip)('404s unknown collections and 403s the wrong direction', async () => {
    expect((await s.api('/api/sync/nope/pull', { token: till.token })).status).toBe(404);
    expect((await s.api('/api/sync/products/push', { token: till.token, body: [] })).status).toBe(403);
    expect((await s.api('/api/sync/sales/pull', { token: till.token })).status).toBe(403);
  });

  it.skipIf(skip)('403s a push of a collection the device role does not make', async () => {
    expect((await s.api('/api/sync/sales/push', { token: scanner.token, body: [] })).status).toBe(403);
    expect((await s.api('/api/sync/picking_events/push', { token: till.token, body: [] })).status).toBe(403);
    expect((await s.api('/api/sync/counts/push', { token: till.token, body: [] })).status).toBe(200);
  });

  it.skipIf(skip)('answers 413 to a body over the limit', async () => {
    const big = [{ newDocumentState: { id: 'x', pad: 'x'.repeat(300 * 1024) } }];
    const res = await s.api('/api/sync/counts/push', { token: scanner.token, body: big });
    expect(res.status).toBe(413);
  });

  it.skipIf(skip)('logs managers in with a session token and an HttpOnly cookie; refuses cashiers and bad passwords', async () => {
    const ok = await s.api('/api/auth/login', { body: { username: 'manager', password: 'manager' } });
    expect(ok.status).toBe(200);
    expect((ok.body as { token: string }).token).toBeTruthy();
    expect(ok.headers.get('set-cookie')).toMatch(/aisle_session=.*HttpOnly/i);
    expect((await s.api('/api/auth/login', { body: { username: 'manager', password: 'wrong' } })).status).toBe(401);
    expect((await s.api('/api/auth/login', { body: { username: 'alice', password: 'alice' } })).status).toBe(401);
  });

  it.skipIf(skip)('shows stock per location: all sites to a manager, its own site to a device', async () => {
    const token = await s.login('admin', 'admin');
    const all = await s.api(`/api/stock?productId=${productId}`, { token });
    expect(all.status).toBe(200);
    const sites = new Set((all.body as { locations: { site: string }[] }).locations.map((l) => l.site));
    expect(sites.has('WH1')).toBe(true);
    const own = await s.api(`/api/stock?productId=${productId}`, { token: scanner.token });
    expect((own.body as { locations: { site: string }[] }).locations.every((l) => l.site === 'WH1')).toBe(true);
    expect((await s.api(`/api/stock?productId=${productId}`)).status).toBe(401);
  });

  it.skipIf(skip)('serves only the device’s own site and itself in the feed', async () => {
    const res = await s.api('/api/sync/stock/pull?limit=10000', { token: till.token });
    const docs = (res.body as { documents: { siteId: string }[] }).documents;
    expect(docs.length).toBeGreaterThan(0);
    expect(docs.every((d) => d.siteId === till.siteId)).toBe(true);
    const config = await s.api('/api/sync/config/pull?limit=10000', { token: till.token });
    const entries = (config.body as { documents: { id: string; kind: string; data: Record<string, unknown> }[] }).documents;
    const devices = entries.filter((e) => e.kind === 'device');
    expect(devices.map((d) => d.id)).toEqual([till.deviceId]);
    const users = entries.filter((e) => e.kind === 'user');
    expect(users.find((u) => u.data.username === 'alice' && u.data.pinHash)?.data.pinHash).toMatch(/^pbkdf2\$100000\$/);
    expect(JSON.stringify(entries)).not.toMatch(/scrypt\$/);
  });

  it.skipIf(skip)('applies a count: stock moves to/from inventory loss, quants and stock docs follow, ack applied', async () => {
    const [before] = await s.db.query<{ on_hand: number }>(`SELECT on_hand FROM quants WHERE product_id = $1 AND location_id = $2 AND lot = ''`, [productId, shelf]);
    const doc = countDoc(scanner, shelf, [{ productId, counted: (before?.on_hand ?? 0) - 3 }]);
    const res = await s.api('/api/sync/counts/push', { token: scanner.token, body: [{ newDocumentState: { ...doc, _deleted: false } }] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    const [after] = await s.db.query<{ on_hand: number }>(`SELECT on_hand FROM quants WHERE product_id = $1 AND location_id = $2 AND lot = ''`, [productId, shelf]);
    expect(after?.on_hand).toBe((before?.on_hand ?? 0) - 3);
    const moves = await s.db.query<{ qty: number; usage: string }>(
      `SELECT m.qty, l.usage FROM stock_moves m JOIN locations l ON l.id = m.to_location_id WHERE m.event_id = $1`,
      [doc.id],
    );
    expect(moves).toEqual([{ qty: 3, usage: 'inventory_loss' }]);
    const stock = await s.api('/api/sync/stock/pull?limit=10000', { token: scanner.token });
    const level = (stock.body as { documents: { id: string; onHand: number }[] }).documents.find((d) => d.id === `${productId}|${shelf}|`);
    expect(level?.onHand).toBe((before?.on_hand ?? 0) - 3);
    const acks = await s.api('/api/sync/acks/pull', { token: scanner.token });
    expect((acks.body as { documents: { id: string; status: string }[] }).documents).toContainEqual(expect.objectContaining({ id: doc.id, status: 'applied' }));
  });

  it.skipIf(skip)('dead-letters an event claiming another device or site, never applies it, acks it rejected', async () => {
    const forged = countDoc({ deviceId: till.deviceId, siteId: scanner.siteId }, shelf, [{ productId, counted: 999 }]);
    const res = await s.api('/api/sync/counts/push', { token: scanner.token, body: [{ newDocumentState: forged }] });
    expect(res.body).toEqual([]);
    expect(await s.db.query('SELECT 1 FROM events WHERE id = $1', [forged.id])).toHaveLength(0);
    expect(await s.db.query('SELECT 1 FROM stock_moves WHERE event_id = $1', [forged.id])).toHaveLength(0);
    const [dl] = await s.db.query<{ reason: string }>('SELECT reason FROM dead_letters WHERE event_id = $1', [forged.id]);
    expect(dl?.reason).toMatch(/^unauthorized/);
    const acks = await s.api('/api/sync/acks/pull', { token: scanner.token });
    expect((acks.body as { documents: { id: string; status: string }[] }).documents).toContainEqual(expect.objectContaining({ id: forged.id, status: 'rejected' }));
  });

  it.skipIf(skip)('dead-letters schema violations and counts at another site’s location, but applies the rest of the batch', async () => {
    const [storeLoc] = await s.db.query<{ id: string }>(`SELECT l.id FROM locations l JOIN sites s ON s.id = l.site_id WHERE s.code = 'STORE1' AND l.usage = 'internal' LIMIT 1`);
    const bad = { ...countDoc(scanner, shelf, [{ productId, counted: 1 }]), lines: 'nope' };
    const foreign = countDoc(scanner, storeLoc?.id ?? '', [{ productId, counted: 1 }]);
    const good = countDoc(scanner, shelf, [{ productId, counted: 7 }]);
    const res = await s.api('/api/sync/counts/push', { token: scanner.token, body: [{ newDocumentState: bad }, { newDocumentState: foreign }, { newDocumentState: good }] });
    expect(res.status).toBe(200);
    const reasons = await s.db.query<{ event_id: string; reason: string }>('SELECT event_id, reason FROM dead_letters WHERE event_id = ANY($1::text[]) ORDER BY id', [[bad.id, foreign.id]]);
    expect(reasons.map((r) => r.reason.split(':')[0])).toEqual(['schema', 'unauthorized_location']);
    const [q] = await s.db.query<{ on_hand: number }>(`SELECT on_hand FROM quants WHERE product_id = $1 AND location_id = $2 AND lot = ''`, [productId, shelf]);
    expect(q?.on_hand).toBe(7);
  });

  it.skipIf(skip)('returns the stored version as a conflict for the same id with another payload, and records an exception', async () => {
    const doc = countDoc(scanner, shelf, [{ productId, counted: 5 }]);
    await s.api('/api/sync/counts/push', { token: scanner.token, body: [{ newDocumentState: doc }] });
    const edited = { ...doc, lines: [{ productId, counted: 50 }] };
    const res = await s.api('/api/sync/counts/push', { token: scanner.token, body: [{ newDocumentState: edited, assumedMasterState: doc }] });
    expect(res.body).toEqual([{ ...doc, _deleted: false }]);
    const [q] = await s.db.query<{ on_hand: number }>(`SELECT on_hand FROM quants WHERE product_id = $1 AND location_id = $2 AND lot = ''`, [productId, shelf]);
    expect(q?.on_hand).toBe(5);
    const problems = await s.db.query<{ code: string }>('SELECT code FROM event_problems WHERE event_id = $1', [doc.id]);
    expect(problems.map((p) => p.code)).toEqual(['conflicting_duplicate']);
  });

  it.skipIf(skip)('records unknown products in a count as an exception, still applying the other lines', async () => {
    const doc = countDoc(scanner, shelf, [{ productId: 'no-such-product', counted: 2 }, { productId, counted: 4 }]);
    await s.api('/api/sync/counts/push', { token: scanner.token, body: [{ newDocumentState: doc }] });
    const [ev] = await s.db.query<{ status: string }>('SELECT status FROM events WHERE id = $1', [doc.id]);
    expect(ev?.status).toBe('exception');
    const [q] = await s.db.query<{ on_hand: number }>(`SELECT on_hand FROM quants WHERE product_id = $1 AND location_id = $2 AND lot = ''`, [productId, shelf]);
    expect(q?.on_hand).toBe(4);
  });

  it.skipIf(skip)('keeps the stock ledger append-only', async () => {
    await expect(s.db.query('DELETE FROM stock_moves')).rejects.toThrow(/append-only/);
  });
});
