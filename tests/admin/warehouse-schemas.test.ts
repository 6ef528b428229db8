// The warehouse routes on the shared schema pattern (issue 13 point 4), on PGlite and PostgreSQL:
// reorder rules, purchase orders and proposals, transfers, count tasks, count approvals, the policy
// and channel buffers refuse a bad body, query or address with `{error, message}` and a sentence
// naming the field and what it takes — never Fastify's raw text — and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../shared/admin-api/errors.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { locationId, makeProduct } from '../warehouse/wh-harness.ts';

describe.each(testDrivers)('warehouse routes validate from shared schemas on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let admin: string;
  let manager: string;
  let product: string;
  let shelf: string;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 5 });
    admin = await server.login('admin', 'admin');
    manager = await server.login('manager', 'manager');
    product = await makeProduct(server.db, [{ site: 'WH1', qty: 5 }]);
    shelf = await locationId(server.db, 'WH1/Stock');
  }, 240_000);
  afterAll(async () => {
    await server?.close();
  });

  async function refused(path: string, init: { method?: string; token?: string; body?: unknown }, error = 'invalid_request'): Promise<string> {
    const res = await server.api(path, { token: manager, ...init });
    expect(res.status, path).toBe(400);
    const body = res.body as ApiError;
    expect(body.error, path).toBe(error);
    expect(body.message).not.toMatch(/FST_|querystring\/|body\/|params\/|must be >|must NOT/);
    return body.message;
  }

  it.skipIf(skip)('refuses bad reorder rules, purchase orders and proposals with a sentence, and writes nothing', async () => {
    const rule = { productId: product, warehouse: 'WH1', min: 5, max: 20 };
    expect(await refused('/api/reorder-rules', { method: 'PUT', body: { ...rule, min: -1 } })).toBe('Min must be at least 0.');
    expect(await refused('/api/reorder-rules', { method: 'PUT', body: { ...rule, multiple: -6 } })).toBe('Multiple must be at least 0.');
    expect(await refused('/api/reorder-rules', { method: 'PUT', body: { ...rule, supplier: 'x'.repeat(201) } })).toBe('Supplier must have at most 200 characters.');
    expect(await refused('/api/reorder-rules', { method: 'PUT', body: { ...rule, max: 2 } }, 'bad_request')).toBe('The maximum (2) must be at least the minimum (5).');
    expect(await refused('/api/reorder-rules', { method: 'PUT', body: { ...rule, warehouse: '' } })).toBe('Warehouse must not be empty.');
    expect(await server.db.query('SELECT 1 FROM reorder_rules WHERE product_id = $1', [product])).toHaveLength(0);
    expect(await refused('/api/reorder-rules?limit=0', {})).toBe('Query: Limit must be at least 1.');

    const po = { supplier: 'Acme', warehouse: 'WH1', lines: [{ productId: product, qty: 2 }] };
    expect(await refused('/api/purchase-orders', { body: { ...po, lines: [] } })).toBe('Lines needs at least 1 item.');
    expect(await refused('/api/purchase-orders', { body: { ...po, lines: [{ productId: product, qty: 0 }] } })).toBe('Lines, row 1, qty must be greater than 0.');
    expect(await refused('/api/purchase-orders', { body: { ...po, expectedAt: 'next week' } })).toBe('ExpectedAt must be a date such as 2026-03-01.');
    expect(await refused('/api/purchase-orders', { body: { warehouse: 'WH1', lines: po.lines } })).toBe('Supplier is required.');
    expect(await refused('/api/purchase-orders', { body: { ...po, supplier: '   ' } })).toBe('Supplier must be a name, not only spaces.');
    expect(await server.db.query('SELECT 1 FROM purchase_orders')).toHaveLength(0);
    expect(await refused('/api/purchase-orders?state=lost', {})).toBe('Query: State must be one of open, done, cancelled.');
    expect(await refused('/api/purchase-proposals/x/order', { body: { supplier: '' } })).toBe('Supplier must not be empty.');
  });

  it.skipIf(skip)('refuses bad transfers and count tasks with a sentence, and makes no picking', async () => {
    const line = { productId: product, qty: 1, fromLocationId: shelf };
    expect(await refused('/api/transfers', { body: { warehouse: 'WH1', lines: [line] } }, 'bad_request')).toBe('Line 1: toLocationId is required for a move inside WH1.');
    expect(await refused('/api/transfers', { body: { warehouse: 'WH1', lines: [{ ...line, toLocationId: shelf }] } }, 'bad_request')).toBe('Line 1: the goods must go to another location than the one they come from.');
    expect(await refused('/api/transfers', { body: { warehouse: 'WH1', toSite: 'STORE1', lines: [{ ...line, toLocationId: shelf }] } }, 'bad_request')).toBe('Goods sent to STORE1 go to arrivalLocationId (default its Stock): leave toLocationId out of the lines.');
    expect(await refused('/api/transfers', { body: { warehouse: 'WH1', toSite: 'NOWHERE', lines: [line] } }, 'unknown_site')).toBe('There is no site with code NOWHERE to send the goods to.');
    expect(await refused('/api/transfers', { body: { warehouse: 'WH1', lines: [{ ...line, qty: -2, toLocationId: shelf }] } })).toBe('Lines, row 1, qty must be greater than 0.');
    expect(await refused('/api/count-tasks', { body: { warehouse: 'WH1' } }, 'bad_request')).toBe('Choose the locations or the products to count.');
    expect(await refused('/api/count-tasks', { body: { warehouse: 'WH1', productIds: [] } })).toBe('ProductIds needs at least 1 item.');
    expect(await refused('/api/count-tasks', { body: { warehouse: 'WH1', locationId: shelf, blind: 'yes' } })).toBe('Blind must be a boolean.');
    expect(await refused('/api/transfers?state=lost', {})).toBe('Query: State must be one of requested, waiting, ready, in_progress, done, cancelled.');
    expect(await server.db.query("SELECT 1 FROM pickings WHERE kind IN ('transfer', 'count')")).toHaveLength(0);
  });

  it.skipIf(skip)('refuses bad approval decisions, policies and buffers with a sentence', async () => {
    expect(await refused('/api/count-approvals/x1/maybe', { body: {} })).toBe('Address: Decision must be one of approve, reject.');
    expect(await refused('/api/count-approvals/x1/approve', { body: { note: 'x'.repeat(501) } })).toBe('Note must have at most 500 characters.');
    expect(await refused('/api/warehouse-policy', { method: 'PUT', token: admin, body: { shortagePolicy: 'never' } })).toBe('ShortagePolicy must be one of split, backorder.');
    expect(await refused('/api/channels/Web Shop/buffer', { method: 'PUT', token: admin, body: { qty: 1 } })).toBe('Address: Channel must be 1-32 characters of a-z 0-9 _ -.');
    expect(await refused('/api/channels/web/buffer', { method: 'PUT', token: admin, body: { qty: -1 } })).toBe('Qty must be at least 0.');
    expect(await refused('/api/pickings?kind=parcel', {})).toBe('Query: Kind must be one of delivery, receipt, transfer, count.');
    const missing = await server.api('/api/pickings/none/receive', { token: manager, body: {} });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'unknown_picking', message: 'There is no receipt none.' });
  });

  it.skipIf(skip)('answers only managers and admins', async () => {
    const till = await server.pairDevice('till', 'STORE1', 'Till planning');
    expect((await server.api('/api/reorder-rules', { token: till.token })).status).toBe(401);
    expect((await server.api('/api/transfers')).status).toBe(401);
    expect((await server.api('/api/count-tasks', { token: manager })).status).toBe(200);
  });
});
