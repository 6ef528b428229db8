// Admin API for sites and channels (issue 13 points 8 and 9), on PGlite and PostgreSQL: every
// change is validated with a sentence for people, written to the audit log, refused to managers,
// and (sites) republished in the site's config entry that its devices pull.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../shared/admin-api/errors.ts';
import type { Channel, ChannelKeyCreated, ChannelList } from '../../shared/admin-api/channels.ts';
import type { AuditPage } from '../../shared/admin-api/audit-devices.ts';
import type { ApprovalThresholds, Location, LocationList, Site, SiteList } from '../../shared/admin-api/sites.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { idemPost, makeProduct } from '../warehouse/wh-harness.ts';

interface ConfigDoc { id: string; kind: string; data: Record<string, unknown> }

describe.each(testDrivers)('admin API for sites and channels on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let admin: string;
  let manager: string;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 20 });
    admin = await server.login('admin', 'admin');
    manager = await server.login('manager', 'manager');
  }, 240_000);
  afterAll(async () => {
    await server?.close();
  });

  async function lastAudit(entity: string): Promise<AuditPage['entries'][number] | undefined> {
    const res = await server.api(`/api/admin/audit?entity=${entity}&limit=1`, { token: admin });
    return (res.body as AuditPage).entries[0];
  }

  /** The site config entry a paired till of the site pulls. */
  async function pulledSite(token: string): Promise<ConfigDoc | undefined> {
    const res = await server.api('/api/sync/config/pull?limit=500', { token });
    expect(res.status).toBe(200);
    return (res.body as { documents: ConfigDoc[] }).documents.find((d) => d.kind === 'site');
  }

  it.skipIf(skip)('lists stores and warehouses with their settings, to managers too', async () => {
    const res = await server.api('/api/admin/sites', { token: manager });
    expect(res.status).toBe(200);
    const sites = (res.body as SiteList).sites;
    expect(sites.map((s) => `${s.code}:${s.kind}`)).toEqual(['STORE1:store', 'WH1:warehouse']);
    expect(sites[0]).toMatchObject({ name: 'Demo Store', timeZone: 'Europe/Paris', currency: 'EUR', receiptFooter: [], tenders: null, cashRounding: 1 });
  });

  it.skipIf(skip)("changes a store's time zone, receipt texts, tenders and rounding; a paired till pulls them; the audit log has before and after", async () => {
    const till = await server.pairDevice('till', 'STORE1', 'Till settings');
    const res = await server.api('/api/admin/sites/STORE1', {
      method: 'PATCH', token: admin,
      body: { timeZone: 'America/New_York', receiptHeader: ['Demo Store Ltd', 'VAT GB123'], receiptFooter: ['Thank you!', ''], tenders: ['card', 'cash'], cashRounding: 5, quickKeys: [{ label: 'Tea', skus: ['SKU-000001'] }] },
    });
    expect(res.status).toBe(200);
    expect(res.body as Site).toMatchObject({ timeZone: 'America/New_York', receiptFooter: ['Thank you!'], tenders: ['card', 'cash'], cashRounding: 5 });
    const doc = await pulledSite(till.token);
    expect(doc?.data).toMatchObject({
      code: 'STORE1', timeZone: 'America/New_York', receiptHeader: ['Demo Store Ltd', 'VAT GB123'], receiptFooter: ['Thank you!'], tenders: ['card', 'cash'], cashRounding: 5,
      quickKeys: [{ label: 'Tea', skus: ['SKU-000001'] }],
    });
    const entry = await lastAudit('site');
    expect(entry).toMatchObject({ actor: 'admin', action: 'site.update', entityId: 'STORE1' });
    expect(entry?.before).toMatchObject({ timeZone: 'Europe/Paris', receiptFooter: [], cashRounding: 1 });
    expect(entry?.after).toMatchObject({ timeZone: 'America/New_York', receiptFooter: ['Thank you!'], cashRounding: 5 });
    // The summary names the fields in the form's words, not the API's.
    expect(entry?.summary).toMatch(/^changed .*time zone.* of "Demo Store" \(STORE1\)$/);
    expect(entry?.summary).not.toContain('timeZone');
  });

  it.skipIf(skip)('refuses a bad time zone, currency, tender or quick-key product with a sentence, and changes nothing', async () => {
    const cases: [unknown, RegExp][] = [
      [{ timeZone: 'Mars/Olympus' }, /"Mars\/Olympus" is not a known time zone/],
      [{ currency: 'EUE' }, /EUE is not an ISO 4217 currency code/],
      [{ currency: 'euro' }, /^currency must be a three-letter ISO 4217 code/i],
      [{ tenders: ['cheque'] }, /unknown or inactive tender cheque/],
      [{ quickKeys: [{ label: 'X', skus: ['NOPE-1'] }] }, /SKU NOPE-1/],
      [{ cashRounding: 0 }, /cashRounding must be at least 1/i],
      [{ receiptFooter: ['x'.repeat(49)] }, /receiptFooter, row 1 must have at most 48 characters/i],
      [{}, /./],
    ];
    for (const [body, message] of cases) {
      const res = await server.api('/api/admin/sites/STORE1', { method: 'PATCH', token: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = res.body as ApiError;
      expect(err.message, JSON.stringify(body)).toMatch(message);
      expect(err.message).not.toMatch(/FST_|body\//);
    }
    const [row] = await server.db.query<{ time_zone: string; currency: string }>("SELECT time_zone, currency FROM sites WHERE code = 'STORE1'");
    expect(row).toEqual({ time_zone: 'America/New_York', currency: 'EUR' });
    const missing = await server.api('/api/admin/sites/NOPE', { method: 'PATCH', token: admin, body: { name: 'x' } });
    expect(missing.status).toBe(404);
    expect((missing.body as ApiError).message).toBe('there is no site with code NOPE');
  });

  it.skipIf(skip)('refuses every change to a manager, and writes nothing to the audit log', async () => {
    const before = await lastAudit('site');
    const writes: [string, string, unknown][] = [
      ['PATCH', '/api/admin/sites/STORE1', { name: 'Renamed' }],
      ['POST', '/api/admin/sites', { code: 'STORE9', name: 'S9', kind: 'store', currency: 'EUR', timeZone: 'UTC' }],
      ['POST', '/api/admin/sites/WH1/locations', { name: 'Z-01' }],
      ['PUT', '/api/admin/approval-thresholds', { maxDiscountPercent: 50, maxPriceOverridePercent: 50 }],
      ['POST', '/api/admin/channels', { code: 'mgr', name: 'Manager shop' }],
      ['PATCH', '/api/admin/channels/web', { buffer: 3 }],
      ['POST', '/api/admin/channels/web/keys', { name: 'k' }],
      ['POST', '/api/admin/channel-keys/any/revoke', undefined],
    ];
    for (const [method, path, body] of writes) {
      const res = await server.api(path, { method, token: manager, ...(body === undefined ? {} : { body }) });
      expect(res.status, path).toBe(403);
      expect((res.body as ApiError).message).toBe('only an admin can change this; managers can look');
    }
    expect(await lastAudit('site')).toEqual(before);
    expect(await server.db.query("SELECT 1 FROM sites WHERE code = 'STORE9' OR name = 'Renamed'")).toHaveLength(0);
    const anonymous = await server.api('/api/admin/sites');
    expect(anonymous.status).toBe(401);
  });

  it.skipIf(skip)('creates a warehouse with its locations; a duplicate code is refused by name', async () => {
    const res = await server.api('/api/admin/sites', { token: admin, body: { code: 'WH2', name: 'North warehouse', kind: 'warehouse', currency: 'EUR', timeZone: 'Europe/Berlin' } });
    expect(res.status).toBe(201);
    expect(res.body as Site).toMatchObject({ code: 'WH2', name: 'North warehouse', timeZone: 'Europe/Berlin' });
    const locations = await server.api('/api/admin/sites/WH2/locations', { token: manager });
    expect((locations.body as LocationList).locations.map((l) => l.fullName)).toEqual(['WH2/Stock']);
    // A scanner paired with it pulls its site entry.
    const scanner = await server.pairDevice('scanner', 'WH2', 'North 1');
    expect((await pulledSite(scanner.token))?.data).toMatchObject({ code: 'WH2', timeZone: 'Europe/Berlin' });
    expect(await lastAudit('site')).toMatchObject({ action: 'site.create', entityId: 'WH2', summary: 'created warehouse "North warehouse" (WH2)' });
    const again = await server.api('/api/admin/sites', { token: admin, body: { code: 'WH2', name: 'Again', kind: 'store', currency: 'EUR', timeZone: 'UTC' } });
    expect(again.status).toBe(409);
    expect((again.body as ApiError).message).toBe('the code WH2 is already used by "North warehouse"');
    const lower = await server.api('/api/admin/sites', { token: admin, body: { code: 'wh3', name: 'x', kind: 'store', currency: 'EUR', timeZone: 'UTC' } });
    expect(lower.status).toBe(400);
    expect((lower.body as ApiError).message).toMatch(/^code must be 1-32 characters of A-Z 0-9 _ -/i);
  });

  it.skipIf(skip)('creates a location under Stock that a paired scanner station receives, and refuses a duplicate', async () => {
    const res = await server.api('/api/admin/sites/WH1/locations', { token: admin, body: { name: 'Z-09' } });
    expect(res.status).toBe(201);
    const location = res.body as Location;
    expect(location).toMatchObject({ fullName: 'WH1/Stock/Z-09', barcode: 'WH1/Stock/Z-09' });
    const scanner = await server.pairDevice('scanner', 'WH1', 'Station Z');
    const pulled = await server.api('/api/sync/config/pull?limit=500', { token: scanner.token });
    expect((pulled.body as { documents: ConfigDoc[] }).documents.some((d) => d.id === `location:${location.id}` && d.data.fullName === 'WH1/Stock/Z-09')).toBe(true);
    expect(await lastAudit('location')).toMatchObject({ action: 'location.create', summary: 'created location WH1/Stock/Z-09' });
    const dup = await server.api('/api/admin/sites/WH1/locations', { token: admin, body: { name: 'Z-09' } });
    expect(dup.status).toBe(409);
    expect((dup.body as ApiError).message).toBe('WH1/Stock/Z-09 already exists');
    const slash = await server.api('/api/admin/sites/WH1/locations', { token: admin, body: { name: 'A/B' } });
    expect(slash.status).toBe(400);
    expect((slash.body as ApiError).message).toMatch(/^name must be letters, digits, space/i);
  });

  it.skipIf(skip)('sets the tills\' approval thresholds; every device pulls them; the log shows the old values', async () => {
    const res = await server.api('/api/admin/approval-thresholds', { method: 'PUT', token: admin, body: { maxDiscountPercent: 15, maxPriceOverridePercent: 5, maxCashMovement: 30_000 } });
    expect(res.status).toBe(200);
    expect(res.body as ApprovalThresholds).toEqual({ maxDiscountPercent: 15, maxPriceOverridePercent: 5, maxCashMovement: 30_000 });
    const till = await server.pairDevice('till', 'STORE1', 'Till thresholds');
    const pulled = await server.api('/api/sync/config/pull?limit=500', { token: till.token });
    expect((pulled.body as { documents: ConfigDoc[] }).documents.find((d) => d.kind === 'approvals')?.data).toEqual({ maxDiscountPercent: 15, maxPriceOverridePercent: 5, maxCashMovement: 30_000 });
    const entry = await lastAudit('settings');
    expect(entry?.before).toEqual({ maxDiscountPercent: 10, maxPriceOverridePercent: 10, maxCashMovement: 20_000, maxCashMovedPerSession: 50_000 });
    expect(entry?.after).toEqual({ maxDiscountPercent: 15, maxPriceOverridePercent: 5, maxCashMovement: 30_000 });
    const bad = await server.api('/api/admin/approval-thresholds', { method: 'PUT', token: admin, body: { maxDiscountPercent: 120, maxPriceOverridePercent: 5 } });
    expect(bad.status).toBe(400);
    expect((bad.body as ApiError).message).toMatch(/maxDiscountPercent must be at most 100/i);
  });

  it.skipIf(skip)('creates a channel with a buffer and an API key shown once; orders work with the key until it is revoked', async () => {
    const created = await server.api('/api/admin/channels', { token: admin, body: { code: 'shop', name: 'Web shop', buffer: 2 } });
    expect(created.status).toBe(201);
    expect(created.body as Channel).toMatchObject({ code: 'shop', name: 'Web shop', buffer: 2, keys: [] });
    const keyRes = await server.api('/api/admin/channels/shop/keys', { token: admin, body: { name: 'Storefront' } });
    expect(keyRes.status).toBe(201);
    const key = keyRes.body as ChannelKeyCreated;
    expect(key.key).toMatch(/^aisle_ck_/);
    // The log names the channel as the admin knows it, not by its code alone.
    expect(await lastAudit('channel-key')).toMatchObject({ action: 'channel-key.create', summary: 'made API key "Storefront" for channel "Web shop" (shop)' });
    // Never again: not in the list, not in the audit log, not in the database.
    const list = await server.api('/api/admin/channels', { token: manager });
    expect(JSON.stringify(list.body)).not.toContain(key.key);
    expect((list.body as ChannelList).channels.find((c) => c.code === 'shop')?.keys).toMatchObject([{ id: key.id, name: 'Storefront', revokedAt: null }]);
    expect(JSON.stringify(await server.api('/api/admin/audit?limit=50', { token: admin }))).not.toContain(key.key);
    expect(JSON.stringify(await server.db.query('SELECT * FROM channel_api_keys'))).not.toContain(key.key);

    const productId = await makeProduct(server.db, [{ site: 'WH1', qty: 10 }]);
    const order = await idemPost(server, key.key, 'shop-1', { channel: 'shop', externalRef: 'S-1', lines: [{ productId, qty: 1 }] });
    expect(order.status).toBe(201);
    const avail = await server.api(`/api/availability?productId=${productId}&channel=shop`, { headers: { authorization: `Bearer ${key.key}` } });
    expect((avail.body as { available: number }).available).toBe(7);

    const revoked = await server.api(`/api/admin/channel-keys/${key.id}/revoke`, { method: 'POST', token: admin });
    expect(revoked.status).toBe(200);
    expect(await lastAudit('channel-key')).toMatchObject({ action: 'channel-key.revoke', summary: 'revoked API key "Storefront" of channel "Web shop" (shop)' });
    const refused = await idemPost(server, key.key, 'shop-2', { channel: 'shop', externalRef: 'S-2', lines: [{ productId, qty: 1 }] });
    expect(refused.status).toBe(401);
    const twice = await server.api(`/api/admin/channel-keys/${key.id}/revoke`, { method: 'POST', token: admin });
    expect(twice.status).toBe(404);
  });

  it.skipIf(skip)('renames a channel and sets its buffer; lists a channel known only from an older key; refuses bad codes and duplicates', async () => {
    const patched = await server.api('/api/admin/channels/shop', { method: 'PATCH', token: admin, body: { name: 'Online shop', buffer: 0 } });
    expect(patched.status).toBe(200);
    expect(patched.body as Channel).toMatchObject({ name: 'Online shop', buffer: 0, orders: 1 });
    expect(await lastAudit('channel')).toMatchObject({ summary: 'channel "Online shop" (shop): renamed "Web shop" to "Online shop", safety buffer 2 → 0' });
    // A key made through the older route names a channel that has no row yet.
    const legacy = await server.api('/api/channel-keys', { token: admin, body: { channel: 'b2b', name: 'Portal' } });
    expect(legacy.status).toBe(201);
    const list = (await server.api('/api/admin/channels', { token: admin })).body as ChannelList;
    expect(list.channels.find((c) => c.code === 'b2b')).toMatchObject({ name: 'b2b', keys: [{ name: 'Portal' }] });
    const dup = await server.api('/api/admin/channels', { token: admin, body: { code: 'shop', name: 'Again' } });
    expect(dup.status).toBe(409);
    expect((dup.body as ApiError).message).toBe('a channel with code shop already exists');
    const bad = await server.api('/api/admin/channels', { token: admin, body: { code: 'Web Shop', name: 'x' } });
    expect(bad.status).toBe(400);
    expect((bad.body as ApiError).message).toMatch(/^code must be 1-32 characters of a-z 0-9 _ -/i);
    const negative = await server.api('/api/admin/channels/shop', { method: 'PATCH', token: admin, body: { buffer: -1 } });
    expect(negative.status).toBe(400);
    expect((negative.body as ApiError).message).toMatch(/buffer must be at least 0/i);
    const unknown = await server.api('/api/admin/channels/nope/keys', { token: admin, body: { name: 'x' } });
    expect(unknown.status).toBe(404);
    expect((unknown.body as ApiError).message).toBe('there is no channel nope');
  });

  it.skipIf(skip)('searches the audit log by words of the summary or the author, accents and case ignored, % and _ as written', async () => {
    for (const [code, name] of [['WH8', 'Entrepôt Sud'], ['WH9', 'Dépôt 100% bio']]) {
      const made = await server.api('/api/admin/sites', { token: admin, body: { code, name, kind: 'warehouse', currency: 'EUR', timeZone: 'Europe/Paris' } });
      expect(made.status).toBe(201);
    }
    const search = async (query: string): Promise<AuditPage['entries']> => {
      const res = await server.api(`/api/admin/audit?limit=100&${query}`, { token: manager });
      expect(res.status).toBe(200);
      return (res.body as AuditPage).entries;
    };
    expect((await search('q=ENTREPOT%20sud')).map((e) => e.summary)).toEqual(['created warehouse "Entrepôt Sud" (WH8)']);
    expect((await search('entity=site&q=depot')).map((e) => e.entityId)).toEqual(['WH9']);
    expect(await search('entity=user&q=depot')).toEqual([]);
    // By who made the change: the admin's entries, and only theirs or ones that name an admin.
    const byAdmin = await search('q=Admin');
    expect(byAdmin.map((e) => e.entityId)).toEqual(expect.arrayContaining(['WH8', 'WH9']));
    expect(byAdmin.every((e) => e.actor === 'admin' || /admin/i.test(e.summary))).toBe(true);
    // A % or _ is a character to find, not a wildcard.
    expect((await search('q=100%25%20bio')).map((e) => e.entityId)).toEqual(['WH9']);
    expect(await search('q=10%25')).toEqual([]);
    expect(await search('q=d_p')).toEqual([]);
    // Blank words find everything.
    expect((await search('q=%20%20')).length).toBe((await search('')).length);
  });
});
