// Warehouse planning behind the back office (issue 13 point 11), on PGlite and PostgreSQL: reorder
// rules with a pack multiple and a supplier make proposals that become purchase orders, listed and
// received in full from the back office; a transfer to another site ships from the warehouse and
// arrives as a receipt there; count tasks by products across locations, blind or not; the approvals
// inbox names products and values each line. Every change leaves an audit entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CountApproval } from '../../shared/admin-api/warehouse.ts';
import type { CountTaskMade, CountTaskPage, TransferPage } from '../../shared/admin-api/warehouse-moves.ts';
import type { Proposal, PurchaseOrderMade, PurchaseOrderPage, Received, ReorderRulePage } from '../../shared/admin-api/warehouse-purchasing.ts';
import type { PairedDevice } from '../../sync-server/devices/pairing.ts';
import { countDoc } from '../support/events.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { addWarehouse, locationId, makeProduct, pickAll, type PickingDoc, pickingEvent, pushEvents } from './wh-harness.ts';

describe.each(testDrivers)('warehouse planning on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let manager: string;
  let station: PairedDevice;

  const onHand = async (productId: string, site: string): Promise<number> => {
    const [row] = await s.db.query<{ qty: string | null }>(
      `SELECT sum(q.on_hand) AS qty FROM quants q JOIN locations l ON l.id = q.location_id JOIN sites si ON si.id = l.site_id WHERE q.product_id = $1 AND si.code = $2`,
      [productId, site],
    );
    return Number(row?.qty ?? 0);
  };
  /** The document devices pull for a picking (what publishing wrote). */
  const published = async (id: string): Promise<(PickingDoc & { showsExpected?: boolean; reference: string; siteId: string }) | undefined> => {
    const [row] = await s.db.query<{ doc: PickingDoc & { showsExpected?: boolean; reference: string; siteId: string } }>(`SELECT doc FROM replicated_docs WHERE collection = 'pickings' AND id = $1`, [id]);
    return row?.doc;
  };
  const audit = async (action: string): Promise<{ actor: string; summary: string }[]> => s.db.query(`SELECT actor, summary FROM admin_audit WHERE action = $1 ORDER BY id`, [action]);

  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 5 });
    manager = await s.login('manager', 'manager');
    station = await s.pairDevice('scanner', 'WH1', 'Planning station');
  }, 240_000);
  afterAll(async () => {
    await s?.close();
  });

  it.skipIf(skip)('a reorder rule with a multiple and a supplier proposes an order that is placed, listed and received in full', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 4 }], { cost: 250 });
    const [{ name }] = await s.db.query<{ name: string }>('SELECT name FROM products WHERE id = $1', [p]) as [{ name: string }];
    const put = await s.api('/api/reorder-rules', { method: 'PUT', token: manager, body: { productId: p, warehouse: 'WH1', min: 5, max: 20, multiple: 6, supplier: 'Acme Foods' } });
    expect(put.status).toBe(200);
    expect((put.body as { rule: unknown }).rule).toMatchObject({ productId: p, product: { name }, warehouse: 'WH1', min: 5, max: 20, multiple: 6, supplier: 'Acme Foods', forecast: 4 });

    // A second PUT without supplier or multiple keeps them.
    expect((await s.api('/api/reorder-rules', { method: 'PUT', token: manager, body: { productId: p, warehouse: 'WH1', min: 5, max: 21 } })).status).toBe(200);
    const listed = (await s.api(`/api/reorder-rules?warehouse=WH1&q=${encodeURIComponent(name.slice(0, 12))}`, { token: manager })).body as ReorderRulePage;
    expect(listed.rules.find((r) => r.productId === p)).toMatchObject({ max: 21, multiple: 6, supplier: 'Acme Foods' });

    expect((await s.api('/api/reorder/run', { token: manager, body: {} })).status).toBe(200);
    const proposal = ((await s.api('/api/purchase-proposals', { token: manager })).body as Proposal[]).find((x) => x.productId === p);
    // 21 − 4 = 17, rounded up to a multiple of 6.
    expect(proposal).toMatchObject({ qty: 18, forecast: 4, supplier: 'Acme Foods', product: { name }, min: 5, max: 21 });

    const ordered = await s.api(`/api/purchase-proposals/${proposal?.id ?? ''}/order`, { token: manager, body: {} });
    expect(ordered.status).toBe(201);
    const po = ordered.body as PurchaseOrderMade;
    const page = (await s.api('/api/purchase-orders?warehouse=WH1&state=open&q=acme', { token: manager })).body as PurchaseOrderPage;
    const listedPo = page.purchaseOrders.find((x) => x.id === po.purchaseOrderId);
    expect(listedPo).toMatchObject({ reference: po.reference, supplier: 'Acme Foods', state: 'open', currency: 'EUR', value: 18 * 250, receipts: [{ id: po.receiptId, state: 'ready' }] });
    expect(listedPo?.lines).toEqual([{ product: expect.objectContaining({ id: p, name }) as unknown, qty: 18, received: 0, closed: false, unitCost: 250 }]);
    expect((await published(po.receiptId))?.partner).toEqual({ role: 'supplier', name: 'Acme Foods', reference: po.reference });

    const received = await s.api(`/api/pickings/${po.receiptId}/receive`, { token: manager, body: {} });
    expect(received.status).toBe(200);
    expect(received.body as Received).toMatchObject({ reference: expect.stringMatching(/^WH1\/IN\//) as unknown as string, state: 'done', problems: [] });
    expect(await onHand(p, 'WH1')).toBe(22);
    const after = (await s.api('/api/purchase-orders?state=done', { token: manager })).body as PurchaseOrderPage;
    expect(after.purchaseOrders.find((x) => x.id === po.purchaseOrderId)?.lines[0]).toMatchObject({ received: 18 });
    // The goods are owed to the supplier: the receipt posted Dr inventory / Cr payable.
    const entries = await s.db.query("SELECT 1 FROM journal_entries WHERE memo = 'goods received' AND event_id IN (SELECT validated_by FROM pickings WHERE id = $1)", [po.receiptId]);
    expect(entries).toHaveLength(1);
    const again = await s.api(`/api/pickings/${po.receiptId}/receive`, { token: manager, body: {} });
    expect(again.status).toBe(409);
    expect((again.body as { message: string }).message).toMatch(/already received/);

    // Deleting the rule dismisses what it proposed.
    const cleared = await s.api('/api/reorder-rules', { method: 'PUT', token: manager, body: { productId: p, warehouse: 'WH1', min: 30, max: 40, multiple: 0, supplier: ' ' } });
    expect((cleared.body as { rule: unknown }).rule).toMatchObject({ multiple: null, supplier: null });
    await s.api('/api/reorder/run', { token: manager, body: {} });
    expect(((await s.api('/api/purchase-proposals', { token: manager })).body as Proposal[]).some((x) => x.productId === p)).toBe(true);
    const del = await s.api(`/api/reorder-rules/WH1/${p}`, { method: 'DELETE', token: manager });
    expect(del.body).toEqual({ deleted: true });
    expect(((await s.api('/api/purchase-proposals', { token: manager })).body as Proposal[]).some((x) => x.productId === p)).toBe(false);
    expect((await s.api(`/api/reorder-rules/WH1/${p}`, { method: 'DELETE', token: manager })).body).toEqual({ deleted: false });

    expect((await audit('reorder-rule.set')).at(0)).toEqual({ actor: 'manager', summary: expect.stringContaining(`reorder rule for ${name}`) as unknown as string });
    expect((await audit('reorder-rule.set')).at(0)?.summary).toContain(' in Demo Warehouse: min ');
    expect(await audit('purchase-proposal.order')).toContainEqual({ actor: 'manager', summary: expect.stringContaining(`${po.reference}: ordered 18 × ${name}`) as unknown as string });
    // Sites by name, not code (entries written before keep their text).
    expect((await audit('purchase-proposal.order')).at(-1)?.summary).toContain('for Demo Warehouse from Acme Foods');
    expect(await audit('receipt.receive')).toHaveLength(1);
    expect(await audit('reorder-rule.delete')).toHaveLength(1);
  });

  it.skipIf(skip)('asks for a supplier when neither the order nor the rule names one', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 1 }]);
    await s.api('/api/reorder-rules', { method: 'PUT', token: manager, body: { productId: p, warehouse: 'WH1', min: 2, max: 5 } });
    await s.api('/api/reorder/run', { token: manager, body: {} });
    const proposal = ((await s.api('/api/purchase-proposals', { token: manager })).body as Proposal[]).find((x) => x.productId === p);
    const res = await s.api(`/api/purchase-proposals/${proposal?.id ?? ''}/order`, { token: manager, body: {} });
    expect(res.status).toBe(400);
    expect((res.body as { message: string }).message).toMatch(/^Name the supplier to order .+: its reorder rule in WH1 names none\.$/);
  });

  it.skipIf(skip)('a transfer to another site ships from the warehouse and arrives as a receipt there, lot and all', async () => {
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 10, location: 'WH1/Stock/A-01-01', lot: 'L-9', expiry: '2099-05-01' }], { tracking: 'lot' });
    const from = await locationId(s.db, 'WH1/Stock/A-01-01');
    const made = await s.api('/api/transfers', { token: manager, body: { warehouse: 'WH1', toSite: 'STORE1', lines: [{ productId: p, qty: 4, fromLocationId: from }] } });
    expect(made.status).toBe(201);
    const { pickingId, reference, toSite } = made.body as { pickingId: string; reference: string; toSite: string };
    expect(toSite).toBe('STORE1');
    expect(reference).toMatch(/^WH1\/OUT\//);
    const doc = await published(pickingId);
    expect(doc).toMatchObject({ kind: 'delivery', step: 'ship', state: 'ready', siteId: await s.siteId('WH1') });
    // The station's work list says where it goes (pickings schema v6).
    expect(doc?.partner).toEqual({ role: 'destination', name: 'Demo Store' });

    const list = async (): Promise<TransferPage['transfers'][number] | undefined> =>
      ((await s.api('/api/transfers?warehouse=WH1', { token: manager })).body as TransferPage).transfers.find((t) => t.id === pickingId);
    expect(await list()).toMatchObject({ reference, toSite: 'STORE1', state: 'ready', arrival: null, lines: [{ qty: 4, from: 'WH1/Stock/A-01-01', to: 'STORE1/Stock', lot: 'L-9' }] });

    // The station ships it: the goods leave the warehouse and are in transit, no longer anywhere in stock.
    await pushEvents(s, station, [pickingEvent(station, 'validate', pickingId, { lines: doc ? pickAll(doc) : [] })]);
    expect(await onHand(p, 'WH1')).toBe(6);
    expect(await onHand(p, 'STORE1')).toBe(0);
    const shipped = await list();
    expect(shipped).toMatchObject({ state: 'done', arrival: { state: 'ready', site: 'STORE1' } });
    const arrival = await published(shipped?.arrival?.id ?? '');
    expect(arrival).toMatchObject({ kind: 'receipt', state: 'ready', siteId: await s.siteId('STORE1'), lines: [{ productId: p, qty: 4, lot: 'L-9' }] });
    expect(arrival?.partner).toEqual({ role: 'source', name: 'Demo Warehouse', reference });

    // No station works at the store: the back office receives it; the lot and its expiry arrive too.
    const received = await s.api(`/api/pickings/${shipped?.arrival?.id ?? ''}/receive`, { token: manager, body: {} });
    expect(received.status).toBe(200);
    const quants = await s.db.query<{ lot: string; expiry: string; on_hand: string }>(
      `SELECT q.lot, to_char(q.expiry, 'YYYY-MM-DD') AS expiry, q.on_hand FROM quants q JOIN locations l ON l.id = q.location_id WHERE q.product_id = $1 AND l.full_name = 'STORE1/Stock'`,
      [p],
    );
    expect(quants.map((q) => ({ ...q, on_hand: Number(q.on_hand) }))).toEqual([{ lot: 'L-9', expiry: '2099-05-01', on_hand: 4 }]);
    expect((await list())?.arrival).toMatchObject({ state: 'done' });
    // Moving goods between our own sites is no purchase: nothing owed to a supplier.
    const posted = await s.db.query("SELECT 1 FROM journal_entries WHERE memo = 'goods received' AND event_id IN (SELECT validated_by FROM pickings WHERE id = $1)", [shipped?.arrival?.id ?? '']);
    expect(posted).toHaveLength(0);
    expect(await audit('transfer.create')).toContainEqual({ actor: 'manager', summary: `${reference}: transfer of 1 line from Demo Warehouse to Demo Store` });
  });

  it.skipIf(skip)('a transfer to another warehouse is published to that warehouse\'s stations to receive', async () => {
    await addWarehouse(s.db, 'WH9');
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 3 }]);
    const shelf = await locationId(s.db, 'WH9/Stock/S2');
    const made = await s.api('/api/transfers', { token: manager, body: { warehouse: 'WH1', toSite: 'WH9', arrivalLocationId: shelf, lines: [{ productId: p, qty: 3, fromLocationId: await locationId(s.db, 'WH1/Stock') }] } });
    expect(made.status).toBe(201);
    const { pickingId } = made.body as { pickingId: string };
    const doc = await published(pickingId);
    await pushEvents(s, station, [pickingEvent(station, 'validate', pickingId, { lines: doc ? pickAll(doc) : [] })]);
    const [arrival] = await s.db.query<{ id: string }>('SELECT id FROM pickings WHERE previous_step = $1', [pickingId]);
    const [row] = await s.db.query<{ scope: string; doc: PickingDoc }>(`SELECT scope, doc FROM replicated_docs WHERE collection = 'pickings' AND id = $1`, [arrival?.id ?? '']);
    expect(row?.scope).toBe(`site:${await s.siteId('WH9')}`);
    expect(row?.doc.lines[0]).toMatchObject({ productId: p, qty: 3, toLocationId: shelf });
  });

  it.skipIf(skip)('count tasks list chosen products across locations, blind unless asked otherwise', async () => {
    const a = await makeProduct(s.db, [{ site: 'WH1', qty: 5, location: 'WH1/Stock/B-02-01' }, { site: 'WH1', qty: 2, location: 'WH1/Stock/B-02-02' }]);
    const b = await makeProduct(s.db, [{ site: 'WH1', qty: 7, location: 'WH1/Stock/B-02-02' }]);
    const res = await s.api('/api/count-tasks', { token: manager, body: { warehouse: 'WH1', productIds: [a, b] } });
    expect(res.status).toBe(201);
    const task = res.body as CountTaskMade;
    expect(task).toMatchObject({ lines: 3, blind: true, reference: expect.stringMatching(/^WH1\/CNT\//) as unknown as string });
    const doc = await published(task.pickingId);
    expect(doc?.showsExpected).toBe(false);
    expect(doc?.lines.map((l) => [l.productId, l.qty]).sort()).toEqual([[a, 2], [a, 5], [b, 7]].sort());

    const open = await s.api('/api/count-tasks', { token: manager, body: { warehouse: 'WH1', locationIds: [await locationId(s.db, 'WH1/Stock/B-02-02')], productIds: [b], blind: false } });
    const openTask = open.body as CountTaskMade;
    expect(openTask).toMatchObject({ lines: 1, blind: false });
    expect((await published(openTask.pickingId))?.showsExpected).toBe(true);
    expect((await audit('count-task.create')).map((e) => e.summary)).toContain(`${task.reference}: blind count of 2 product(s) in Demo Warehouse (3 lines)`);

    const listed = ((await s.api('/api/count-tasks?warehouse=WH1&state=ready', { token: manager })).body as CountTaskPage).countTasks;
    expect(listed.find((t) => t.id === task.pickingId)).toMatchObject({ blind: true, locations: ['WH1/Stock/B-02-01', 'WH1/Stock/B-02-02'], lines: 3, state: 'ready', pendingApprovals: 0 });
    expect(listed.find((t) => t.id === openTask.pickingId)).toMatchObject({ blind: false, locations: ['WH1/Stock/B-02-02'], products: [expect.objectContaining({ id: b })] });

    const none = await makeProduct(s.db, []);
    const refused = await s.api('/api/count-tasks', { token: manager, body: { warehouse: 'WH1', productIds: [none] } });
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({ error: 'nothing_to_count', message: 'None of these products is in stock in WH1: count their locations instead to find them.' });
  });

  it.skipIf(skip)('the approvals inbox names each product and what its difference is worth', async () => {
    const admin = await s.login('admin', 'admin');
    await s.api('/api/warehouse-policy', { method: 'PUT', token: admin, body: { countApprovalThreshold: 100 } });
    const shelf = await locationId(s.db, 'WH1/Stock/B-03-01');
    const p = await makeProduct(s.db, [{ site: 'WH1', qty: 10, location: 'WH1/Stock/B-03-01' }], { cost: 150 });
    const count = countDoc(station, shelf, [{ productId: p, counted: 7 }]);
    await s.api('/api/sync/counts/push', { token: station.token, body: [{ newDocumentState: count }] });
    const pending = ((await s.api('/api/count-approvals', { token: manager })).body as CountApproval[]).find((x) => x.eventId === count.id);
    const [{ name, sku }] = await s.db.query<{ name: string; sku: string }>('SELECT name, sku FROM products WHERE id = $1', [p]) as [{ name: string; sku: string }];
    expect(pending).toMatchObject({ value: 450, location: 'WH1/Stock/B-03-01', currency: 'EUR', deltas: [{ productId: p, name, sku, delta: -3, value: 450, lot: '' }] });
    await s.api('/api/warehouse-policy', { method: 'PUT', token: admin, body: { countApprovalThreshold: 1_000_000 } });
  });
});
