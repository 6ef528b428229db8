// Issue 15 point 7 and 8 on the server, on PGlite and PostgreSQL: the order API refuses fractional
// quantities of unit products; a serial is in one place at a time (received, shipped, flagged when
// received again while in stock); a package holds what was packed into it and moves as a unit
// (never with goods reserved for a delivery); a transfer that asks for a lot gets that lot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PairedDevice } from '../../sync-server/devices/pairing.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import type { PackageView } from '../../sync-server/warehouse/packages.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { ackOf, idemPost, locationId, makeProduct, packageMove, pickingDocs, pickingEvent, pushEvents, pushPackageMoves, reservationViolations } from './wh-harness.ts';

describe.each(testDrivers)('serials, packages, lots and quantities on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let key: string;
  let manager: string;
  let station: PairedDevice;
  let ref = 0;

  const onHand = async (productId: string, location: string, lot = ''): Promise<number> =>
    Number((await s.db.query<{ on_hand: string }>(
      'SELECT q.on_hand FROM quants q JOIN locations l ON l.id = q.location_id WHERE q.product_id = $1 AND l.full_name = $2 AND q.lot = $3',
      [productId, location, lot],
    ))[0]?.on_hand ?? 0);
  const pickingDoc = async (pickingId: string) => (await pickingDocs(s.db)).filter((d) => d.id === pickingId).at(-1);
  const serialsOf = async (productId: string): Promise<{ serial: string; location: string }[]> =>
    s.db.query('SELECT s.serial, l.full_name AS location FROM serials s JOIN locations l ON l.id = s.location_id WHERE s.product_id = $1 ORDER BY s.serial', [productId]);
  const receive = async (productId: string, serials: string[]): Promise<string> => {
    const po = await s.api('/api/purchase-orders', { token: manager, body: { supplier: 'Acme', warehouse: 'WH1', lines: [{ productId, qty: serials.length }] } });
    expect(po.status).toBe(201);
    const { receiptId } = po.body as { receiptId: string };
    const doc = await pickingDoc(receiptId);
    const line = doc?.lines[0];
    if (!line) throw new Error('no receipt line');
    const ev = pickingEvent(station, 'validate', receiptId, { lines: serials.map((serial) => ({ lineId: line.lineId, productId, qty: 1, fromLocationId: line.fromLocationId, serial })) });
    await pushEvents(s, station, [pickingEvent(station, 'claim', receiptId), ev]);
    return ev.id;
  };

  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 20 });
    key = (await createChannelKey(s.db, 'web', 'shop')).key;
    manager = await s.login('manager', 'manager');
    const admin = await s.login('admin', 'admin');
    expect((await s.api('/api/warehouses/WH1/route', { method: 'PUT', token: admin, body: { steps: 1 } })).status).toBe(200);
    station = await s.pairDevice('scanner', 'WH1', 'Tracking station');
  }, 120_000);

  afterAll(async () => {
    await s?.close();
  });

  it.skipIf(skip)('refuses a fractional quantity of a unit product with a clear 400, and takes one of a weighed product', async () => {
    const piece = await makeProduct(s.db, [{ site: 'WH1', qty: 5 }]);
    const cheese = await makeProduct(s.db, [{ site: 'WH1', qty: 5 }], { unit: 'kg' });
    const [name] = await s.db.query<{ name: string }>('SELECT name FROM products WHERE id = $1', [piece]);
    const bad = await idemPost(s, key, 'frac-1', { channel: 'web', externalRef: 'FRAC-1', lines: [{ productId: piece, qty: 1.5 }] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'fractional_quantity', message: `${name?.name} (${piece}) is sold by the unit: qty must be a whole number, got 1.5` });
    expect(await s.db.query(`SELECT 1 FROM orders WHERE external_ref = 'FRAC-1'`)).toHaveLength(0);
    const ok = await idemPost(s, key, 'frac-2', { channel: 'web', externalRef: 'FRAC-2', lines: [{ productId: cheese, qty: 1.5 }] });
    expect(ok.status).toBe(201);
    expect((ok.body as OrderView).lines).toEqual([expect.objectContaining({ qty: 1.5, reserved: 1.5 })]);
  });

  it.skipIf(skip)('keeps a serial in one place at a time: received, shipped, and flagged when received again while in stock', async () => {
    const phone = await makeProduct(s.db, [], { tracking: 'serial' });
    await receive(phone, ['SN-1', 'SN-2']);
    expect(await serialsOf(phone)).toEqual([{ serial: 'SN-1', location: 'WH1/Stock' }, { serial: 'SN-2', location: 'WH1/Stock' }]);

    const again = await receive(phone, ['SN-1']);
    expect(await ackOf(s.db, again)).toMatchObject({ status: 'exception', problems: [expect.objectContaining({ code: 'serial_in_stock', message: expect.stringMatching(/serial SN-1 arrived from .* but the books have it in stock at WH1\/Stock/) })] });
    expect(await serialsOf(phone)).toEqual([{ serial: 'SN-1', location: 'WH1/Stock' }, { serial: 'SN-2', location: 'WH1/Stock' }]);

    ref += 1;
    const res = await idemPost(s, key, `serial-${ref}`, { channel: 'web', externalRef: `SER-${ref}`, lines: [{ productId: phone, qty: 1 }] });
    expect(res.status).toBe(201);
    const doc = (await pickingDocs(s.db, (res.body as OrderView).orderId)).find((d) => d.state === 'ready');
    const line = doc?.lines[0];
    if (!doc || !line) throw new Error('no delivery');
    const ship = pickingEvent(station, 'validate', doc.id, { lines: [{ lineId: line.lineId, productId: phone, qty: 1, fromLocationId: line.fromLocationId, serial: 'SN-2' }] });
    await pushEvents(s, station, [pickingEvent(station, 'claim', doc.id), ship]);
    expect(await ackOf(s.db, ship.id)).toMatchObject({ status: 'applied' });
    expect(await serialsOf(phone)).toEqual([{ serial: 'SN-1', location: 'WH1/Stock' }, { serial: 'SN-2', location: 'WH1/Partners/Customers' }]);
    // One row per serial: the database itself refuses a second place.
    await expect(s.db.query(`INSERT INTO serials (product_id, serial, location_id) SELECT $1, 'SN-1', id FROM locations WHERE full_name = 'WH1/Stock'`, [phone])).rejects.toThrow();
  });

  it.skipIf(skip)('packs goods into a package that then moves as a unit, and never with goods reserved for a delivery', async () => {
    const mug = await makeProduct(s.db, [{ site: 'WH1', qty: 6, location: 'WH1/Stock/A-01-01' }]);
    const [a1 = '', a2 = '', b1 = ''] = await Promise.all(['WH1/Stock/A-01-01', 'WH1/Stock/A-01-02', 'WH1/Stock/B-01-01'].map((l) => locationId(s.db, l)));
    const t = await s.api('/api/transfers', { token: manager, body: { warehouse: 'WH1', lines: [{ productId: mug, qty: 4, fromLocationId: a1, toLocationId: a2 }] } });
    expect(t.status).toBe(201);
    const { pickingId } = t.body as { pickingId: string };
    const line = (await pickingDoc(pickingId))?.lines[0];
    if (!line) throw new Error('no transfer line');
    const sscc = '340123450000000017';
    await pushEvents(s, station, [pickingEvent(station, 'claim', pickingId), pickingEvent(station, 'validate', pickingId, { lines: [{ lineId: line.lineId, productId: mug, qty: 4, fromLocationId: a1, toLocationId: a2, packageId: sscc }] })]);
    const packed = (await s.api(`/api/packages/${sscc}`, { token: manager })).body as PackageView;
    expect(packed).toEqual({ sscc, location: 'WH1/Stock/A-01-02', locationId: a2, contents: [{ productId: mug, lot: '', qty: 4 }] });

    const moved = await s.api(`/api/packages/${sscc}/move`, { token: manager, body: { toLocationId: b1 } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ location: 'WH1/Stock/B-01-01', contents: [{ productId: mug, qty: 4 }] });
    expect([await onHand(mug, 'WH1/Stock/A-01-02'), await onHand(mug, 'WH1/Stock/B-01-01')]).toEqual([0, 4]);
    const otherSite = await s.db.query<{ id: string }>(`SELECT l.id FROM locations l JOIN sites si ON si.id = l.site_id WHERE si.code = 'STORE1' AND l.usage = 'internal' LIMIT 1`);
    expect((await s.api(`/api/packages/${sscc}/move`, { token: manager, body: { toLocationId: otherSite[0]?.id ?? 'none' } })).status).toBe(400);

    // An order reserves the packed mugs (FEFO takes them from B-01-01, under Stock): the package stays put.
    const a1Left = await onHand(mug, 'WH1/Stock/A-01-01');
    ref += 1;
    const o = await idemPost(s, key, `pkg-${ref}`, { channel: 'web', externalRef: `PKG-${ref}`, lines: [{ productId: mug, qty: a1Left + 4 }] });
    expect(o.status).toBe(201);
    const refused = await s.api(`/api/packages/${sscc}/move`, { token: manager, body: { toLocationId: a2 } });
    expect(refused).toMatchObject({ status: 409, body: { error: 'package_reserved' } });
    expect(await onHand(mug, 'WH1/Stock/B-01-01')).toBe(4);
    expect(await reservationViolations(s.db)).toEqual([]);
    expect((await s.api('/api/packages/NOPE', { token: manager })).status).toBe(404);
  });

  it.skipIf(skip)('a station moves a package with one event: every content line moves; unknown, changed and reserved packages become exceptions, never drops', async () => {
    const mug = await makeProduct(s.db, [{ site: 'WH1', qty: 6, location: 'WH1/Stock/A-01-01' }]);
    const [{ name = '' } = {}] = await s.db.query<{ name: string }>('SELECT name FROM products WHERE id = $1', [mug]);
    const [a1 = '', a2 = '', b1 = ''] = await Promise.all(['WH1/Stock/A-01-01', 'WH1/Stock/A-01-02', 'WH1/Stock/B-01-01'].map((l) => locationId(s.db, l)));
    const wh = await s.siteId('WH1');
    const sscc = '340123450000000024';
    const t = await s.api('/api/transfers', { token: manager, body: { warehouse: 'WH1', lines: [{ productId: mug, qty: 4, fromLocationId: a1, toLocationId: a2 }] } });
    const { pickingId } = t.body as { pickingId: string };
    const line = (await pickingDoc(pickingId))?.lines[0];
    if (!line) throw new Error('no transfer line');
    await pushEvents(s, station, [pickingEvent(station, 'claim', pickingId), pickingEvent(station, 'validate', pickingId, { lines: [{ lineId: line.lineId, productId: mug, qty: 4, fromLocationId: a1, toLocationId: a2, packageId: sscc }] })]);
    const entry = async () => (await s.db.query<{ scope: string; doc: { kind: string; data: object } }>(
      `SELECT scope, doc FROM replicated_docs WHERE collection = 'config' AND doc->>'kind' = 'package' AND doc->'data'->>'sscc' = $1`, [sscc]))[0];
    // The warehouse's stations learn the package and what it holds, to move it offline.
    expect(await entry()).toEqual({ scope: `site:${wh}`, doc: expect.objectContaining({ kind: 'package', data: { sscc, locationId: a2, contents: [{ productId: mug, lot: '', qty: 4 }] } }) });

    const move = packageMove(station, sscc, a2, b1, [{ productId: mug, qty: 4 }]);
    await pushPackageMoves(s, station, [move]);
    expect(await ackOf(s.db, move.id)).toMatchObject({ status: 'applied', problems: [] });
    expect([await onHand(mug, 'WH1/Stock/A-01-02'), await onHand(mug, 'WH1/Stock/B-01-01')]).toEqual([0, 4]);
    expect(await s.db.query(`SELECT qty::float8 AS qty, reason FROM stock_moves WHERE event_id = $1`, [move.id])).toEqual([{ qty: 4, reason: 'transfer' }]);
    expect((await entry())?.doc.data).toEqual({ sscc, locationId: b1, contents: [{ productId: mug, lot: '', qty: 4 }] });
    // The same event again (a retried push) moves nothing more.
    await pushPackageMoves(s, station, [move]);
    expect(await onHand(mug, 'WH1/Stock/B-01-01')).toBe(4);

    const unknown = packageMove(station, '340123450000009999', a2, b1, [{ productId: mug, qty: 1 }]);
    await pushPackageMoves(s, station, [unknown]);
    expect(await ackOf(s.db, unknown.id)).toMatchObject({ status: 'exception', problems: [{ code: 'unknown_package', message: `Package 340123450000009999 is not in the books: nothing was moved. It was put at WH1/Stock/B-01-01 holding 1 × ${name} — check it and tell the office` }] });
    expect(await s.db.query('SELECT status FROM events WHERE id = $1', [unknown.id])).toEqual([{ status: 'exception' }]);

    // The station saw 6 in it; the books say 4: the books' 4 move, the office is told.
    const changed = packageMove(station, sscc, b1, a1, [{ productId: mug, qty: 6 }]);
    await pushPackageMoves(s, station, [changed]);
    expect(await ackOf(s.db, changed.id)).toMatchObject({ status: 'exception', problems: [{ code: 'package_changed', message: `Package ${sscc} changed since the station saw it: the books say it holds 4 × ${name}, the station showed 6 × ${name}. What the books hold was moved to WH1/Stock/A-01-01 — check the package` }] });
    expect([await onHand(mug, 'WH1/Stock/B-01-01'), await onHand(mug, 'WH1/Stock/A-01-01')]).toEqual([0, 6]);

    // Every mug at A-01-01 reserved for an order: the package's goods stay where the reservation is.
    ref += 1;
    expect((await idemPost(s, key, `pkgmove-${ref}`, { channel: 'web', externalRef: `PKGMOVE-${ref}`, lines: [{ productId: mug, qty: 6 }] })).status).toBe(201);
    const reserved = packageMove(station, sscc, a1, b1, [{ productId: mug, qty: 4 }]);
    await pushPackageMoves(s, station, [reserved]);
    expect(await ackOf(s.db, reserved.id)).toMatchObject({ status: 'exception', problems: [{ code: 'package_reserved', message: `Package ${sscc} holds goods reserved for a delivery: the books keep it at WH1/Stock/A-01-01, not WH1/Stock/B-01-01. Bring it back there, or move it with its picking` }] });
    expect([await onHand(mug, 'WH1/Stock/A-01-01'), await onHand(mug, 'WH1/Stock/B-01-01')]).toEqual([6, 0]);
    expect(await reservationViolations(s.db)).toEqual([]);

    // A till may not move packages; a destination at another site is refused.
    const till = await s.pairDevice('till', 'STORE1');
    expect((await s.api('/api/sync/package_moves/push', { token: till.token, body: [] })).status).toBe(403);
    const [foreign] = await s.db.query<{ id: string }>(`SELECT l.id FROM locations l JOIN sites si ON si.id = l.site_id WHERE si.code = 'STORE1' AND l.usage = 'internal' LIMIT 1`);
    const away = packageMove(station, sscc, a1, foreign?.id ?? 'none', [{ productId: mug, qty: 4 }]);
    await pushPackageMoves(s, station, [away]);
    expect(await ackOf(s.db, away.id)).toMatchObject({ status: 'rejected' });
    expect(await onHand(mug, 'WH1/Stock/A-01-01')).toBe(6);
  });

  it.skipIf(skip)('a transfer that asks for a lot moves that lot, not the first-expiring one', async () => {
    const milk = await makeProduct(s.db, [
      { site: 'WH1', qty: 5, lot: 'EARLY', expiry: '2030-01-31' },
      { site: 'WH1', qty: 5, lot: 'LATE', expiry: '2031-06-30' },
    ], { tracking: 'lot' });
    const [stock = '', a2 = ''] = await Promise.all(['WH1/Stock', 'WH1/Stock/A-01-02'].map((l) => locationId(s.db, l)));
    const asked = await s.api('/api/transfers', { token: manager, body: { warehouse: 'WH1', lines: [{ productId: milk, qty: 3, fromLocationId: stock, toLocationId: a2, lot: 'LATE' }] } });
    expect(asked.status).toBe(201);
    expect((await pickingDoc((asked.body as { pickingId: string }).pickingId))?.lines).toEqual([expect.objectContaining({ qty: 3, lot: 'LATE' })]);
    // More than the lot holds: the rest waits for that lot, never another.
    const more = await s.api('/api/transfers', { token: manager, body: { warehouse: 'WH1', lines: [{ productId: milk, qty: 4, fromLocationId: stock, toLocationId: a2, lot: 'LATE' }] } });
    const { pickingId, backorderId } = more.body as { pickingId: string; backorderId: string | null };
    expect((await pickingDoc(pickingId))?.lines).toEqual([expect.objectContaining({ qty: 2, lot: 'LATE' })]);
    expect(backorderId).not.toBeNull();
    const [waiting] = await s.db.query<{ lot: string; qty: string }>('SELECT lot, qty FROM picking_lines WHERE picking_id = $1', [backorderId]);
    expect(waiting).toMatchObject({ lot: 'LATE' });
    expect(Number(waiting?.qty)).toBe(2);
    const fefo = await s.api('/api/transfers', { token: manager, body: { warehouse: 'WH1', lines: [{ productId: milk, qty: 1, fromLocationId: stock, toLocationId: a2 }] } });
    expect((await pickingDoc((fefo.body as { pickingId: string }).pickingId))?.lines).toEqual([expect.objectContaining({ lot: 'EARLY' })]);
  });
});
