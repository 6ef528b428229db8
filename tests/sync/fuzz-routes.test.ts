// Property-based fuzzing of the whole HTTP surface (issue 14 point 7): every registered route
// with hostile path, query and body values (NUL, lone surrogates, huge and deeply nested values,
// odd numbers) under every kind of credential, and every pushed collection with documents whose
// fields are replaced by hostile values. Properties: no 5xx, nothing half-applied (a pushed
// document is stored with its effects or dead-lettered without any), reconcile finds no drift,
// and the server keeps serving. Bounded in time so that it runs in CI on both drivers.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceCollection } from '../../shared/schemas/index.ts';
import type { PairedDevice } from '../../sync-server/devices/pairing.ts';
import { routesOf } from '../../sync-server/http/route-table.ts';
import { reconcile } from '../../sync-server/ledger/reconcile.ts';
import { pushInOrder, simCatalog } from '../pos/pos-harness.ts';
import { simulateTill } from '../support/pos-events.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const TIME_LIMIT_MS = 25_000;

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\ud83d\ude00', '', ' ', '..', '../../etc/passwd', "' OR 1=1 --", '1.5', '-1', '1e309', 'NaN', '{"seq":-1}', '%00'),
  fc.nat({ max: 3 }).map((k) => 'x'.repeat(10 ** (k + 3))),
);
const hostileNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(1e308, -1e308, 2 ** 53, 2 ** 31, 0.5, -0, 1e-9));
const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, hostileString, hostileNumber, fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(hostileString, tie('value'), { maxKeys: 4 })),
})).value;
/** JSON text: a hostile value, or one nested up to 100,000 levels (built as text: stringify would overflow). */
const hostileBody = fc.oneof(
  hostileJson.map((v) => JSON.stringify(v) ?? 'null'),
  fc.integer({ min: 1_000, max: 100_000 }).map((d) => `${'['.repeat(d)}${']'.repeat(d)}`),
  fc.integer({ min: 1_000, max: 50_000 }).map((d) => `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`),
);

/** Percent-encodes every UTF-16 unit, lone surrogates included (as their 3-byte form). */
function encodeUnits(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    if (code >= 0xd800 && code <= 0xdfff) out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    else out += encodeURIComponent(ch);
  }
  return out;
}

/** Replaces one field (at any depth) of a document with a hostile value. */
function mutate(doc: Record<string, unknown>, path: readonly number[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(doc);
  let node: Record<string, unknown> | unknown[] = copy;
  for (const [i, step] of path.entries()) {
    const keys = Array.isArray(node) ? node.map((_, k) => k) : Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[step % keys.length] as string & number;
    const child: unknown = (node as Record<string, unknown>)[key];
    if (i === path.length - 1 || typeof child !== 'object' || child === null) {
      (node as Record<string, unknown>)[key] = value;
      break;
    }
    node = child as Record<string, unknown>;
  }
  return copy;
}

describe.each(testDrivers)('fuzzing every route and pushed collection on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let till: PairedDevice;
  let scanner: PairedDevice;
  let managerToken: string;
  const valid: Record<DeviceCollection, Record<string, unknown>[]> = { sales: [], sessions: [], picking_events: [], counts: [], package_moves: [] };

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 20 });
    till = await server.pairDevice('till', 'STORE1');
    scanner = await server.pairDevice('scanner', 'WH1');
    managerToken = await server.login('admin', 'admin');
    const store = await server.siteId('STORE1');
    const wh = await server.siteId('WH1');
    const events = simulateTill({ tillId: till.deviceId, siteId: store, cashierId: 'alice', float: 500, cashDifference: 0, steps: [
      { kind: 'sale', lines: [{ product: 0, qty: 2, discount: 0 }, { product: 1, qty: 1, discount: 0 }], orderDiscount: 0, tender: 'split' },
      { kind: 'cash_in', amount: 100 },
    ] }, await simCatalog(server.db));
    await pushInOrder(server, till.token, events.filter((e) => e.collection === 'sessions' && e.doc.kind === 'open'));
    for (const e of events) (valid[e.collection] as object[]).push(e.doc);
    const [loc] = await server.db.query<{ id: string }>(`SELECT id FROM locations WHERE site_id = $1 AND usage = 'internal' ORDER BY id LIMIT 1`, [wh]);
    const [product] = await server.db.query<{ id: string }>(`SELECT id FROM products WHERE tracking = 'none' ORDER BY id LIMIT 1`);
    valid.counts.push({ id: 'count-template', deviceId: scanner.deviceId, siteId: wh, userId: 'pat', locationId: loc?.id ?? '', createdAt: new Date().toISOString(), lines: [{ productId: product?.id ?? '', counted: 3 }] });
    valid.package_moves.push({ id: 'package-template', deviceId: scanner.deviceId, siteId: wh, userId: 'pat', createdAt: new Date().toISOString(), sscc: '340123450000000017', fromLocationId: loc?.id ?? '', toLocationId: loc?.id ?? '', contents: [{ productId: product?.id ?? '', qty: 1 }] });
    valid.picking_events.push({ id: 'pick-template', kind: 'claim', pickingId: 'nope', deviceId: scanner.deviceId, siteId: wh, userId: 'pat', createdAt: new Date().toISOString() });
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  it.skipIf(skip)('answers every route with hostile path, query and body values without a 5xx', async () => {
    const routes = routesOf(server.app).filter((r) => r.url !== '/api/sync/stream');
    const tokens = [undefined, till.token, scanner.token, managerToken, 'garbage'];
    const seen: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: routes.length - 1 }), fc.array(hostileString, { maxLength: 3 }), fc.dictionary(fc.constantFrom('limit', 'checkpoint', 'from', 'to', 'site', 'productId', 'q', 'channel', 'before'), hostileString, { maxKeys: 3 }),
        hostileBody, fc.nat({ max: tokens.length - 1 }),
        async (r, params, query, body, t) => {
          const { method, url } = routes[r] as { method: string; url: string };
          let i = 0;
          const path = url.replace(/:[A-Za-z]+|\*/g, () => encodeUnits(params[i++] ?? 'x'));
          const qs = Object.entries(query).map(([k, v]) => `${k}=${encodeUnits(v)}`).join('&');
          const token = tokens[t];
          const res = await fetch(`${server.url}${path}${qs ? `?${qs}` : ''}`, {
            method,
            headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' }) },
            ...(method === 'GET' || method === 'DELETE' ? {} : { body }),
          });
          await res.body?.cancel();
          seen.push(`${method} ${url}`);
          expect(res.status, `${method} ${path}?${qs}`).toBeLessThan(500);
        },
      ),
      { interruptAfterTimeLimit: TIME_LIMIT_MS, numRuns: 400 },
    );
    expect(new Set(seen).size).toBeGreaterThan(10);
    expect((await server.api('/api/health')).status).toBe(200);
  }, 120_000);

  it.skipIf(skip)('stores or dead-letters every hostile pushed document, never half of it, and reconciles', async () => {
    const pushed: string[] = [];
    const device = (c: DeviceCollection): PairedDevice => (c === 'sales' || c === 'sessions' ? till : scanner);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...(Object.keys(valid) as DeviceCollection[])),
        fc.array(fc.record({ template: fc.nat(), path: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), value: hostileJson, id: fc.uuid() }), { minLength: 1, maxLength: 5 }),
        async (collection, mutations) => {
          const templates = valid[collection];
          const rows = mutations.map((m) => {
            const doc = mutate({ ...(templates[m.template % templates.length] as Record<string, unknown>), id: m.id }, m.path, m.value);
            if (typeof doc.id === 'string') pushed.push(doc.id);
            return { newDocumentState: doc };
          });
          const res = await fetch(`${server.url}/api/sync/${collection}/push`, { method: 'POST', headers: { authorization: `Bearer ${device(collection).token}`, 'content-type': 'application/json' }, body: JSON.stringify(rows) });
          const text = await res.text();
          expect(res.status, text).toBeLessThan(500);
        },
      ),
      { interruptAfterTimeLimit: TIME_LIMIT_MS, numRuns: 200 },
    );
    // Nothing half-applied: effects exist only for stored events, and no id is both stored and refused as new.
    const [orphans] = await server.db.query<{ sales: number; moves: number; entries: number }>(
      `SELECT (SELECT count(*)::int FROM pos_sales s WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = s.id)) AS sales,
              (SELECT count(*)::int FROM stock_moves m WHERE m.event_id = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = m.event_id)) AS moves,
              (SELECT count(*)::int FROM journal_entries j WHERE j.event_id = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = j.event_id)) AS entries`,
      [pushed.filter((id) => !id.includes('\u0000') && !/[\ud800-\udfff]/.test(id))],
    );
    expect(orphans).toEqual({ sales: 0, moves: 0, entries: 0 });
    const report = await reconcile(server.db);
    expect(report.drift).toEqual({ ...report.drift, quants: [], accounts: [], sessions: [], reservations: [], sessionOwnership: [], unbalancedEntries: [] });
    expect(report.ok).toBe(true);
    expect((await server.api('/api/health')).status).toBe(200);
    expect((await server.api('/api/sync/products/pull?limit=1', { token: till.token })).status).toBe(200);
  }, 120_000);
});
