// Admin API for users and devices (issue 13 point 7), on PGlite and PostgreSQL: users listed, added
// with their sites, disabled (web sessions end at once, login refused, paired devices pull the user
// as inactive) and enabled, their role, sites and PIN changed; devices listed with last sync and the
// unsent count they report, renamed. Every change is audited, refused to managers, and refused with a
// sentence when it makes no sense (an admin disabling themselves, the last admin, a warehouse for a
// cashier).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, DeviceList, DeviceSummary } from '../../shared/admin-api/audit-devices.ts';
import type { ApiError } from '../../shared/admin-api/errors.ts';
import type { UserList, UserSummary } from '../../shared/admin-api/users.ts';
import { operatorActor } from '../../sync-server/admin/actor.ts';
import { renameDeviceOp } from '../../sync-server/admin/devices.ts';
import { setPinOp, updateUserOp } from '../../sync-server/admin/users.ts';
import { type PairedDevice, pairingExpiryText } from '../../sync-server/devices/pairing.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

interface ConfigDoc { id: string; kind: string; data: Record<string, unknown>; _deleted?: boolean }

describe.each(testDrivers)('admin API for users and devices on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let admin: string;
  let manager: string;
  let till: PairedDevice;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 10 });
    admin = await server.login('admin', 'admin');
    manager = await server.login('manager', 'manager');
    till = await server.pairDevice('till', 'STORE1', 'Front till');
  }, 240_000);
  afterAll(async () => {
    await server?.close();
  });

  const users = async (token = admin): Promise<UserSummary[]> => ((await server.api('/api/admin/users', { token })).body as UserList).users;
  const user = async (username: string): Promise<UserSummary | undefined> => (await users()).find((u) => u.username === username);
  const patch = (username: string, body: unknown, token = admin) => server.api(`/api/admin/users/${username}`, { method: 'PATCH', token, body });
  const lastAudit = async (entity: string): Promise<AuditPage['entries'][number] | undefined> =>
    ((await server.api(`/api/admin/audit?entity=${entity}&limit=1`, { token: admin })).body as AuditPage).entries[0];

  /** Every user entry a device pulls (from the start of the feed: deleted ones included). */
  async function pulledUsers(token: string): Promise<ConfigDoc[]> {
    const res = await server.api('/api/sync/config/pull?limit=1000', { token });
    expect(res.status).toBe(200);
    return (res.body as { documents: ConfigDoc[] }).documents.filter((d) => d.kind === 'user');
  }
  /** The entry that lets a device check the user's PIN: in the site's scope, carrying the hash. */
  const pinEntry = async (token: string, userId: string): Promise<ConfigDoc | undefined> =>
    (await pulledUsers(token)).find((d) => d.data.userId === userId && !d._deleted);

  it.skipIf(skip)('lists every user with role, sites, state, PIN and last web login, to managers too', async () => {
    const list = await users(manager);
    expect(list.map((u) => `${u.username}:${u.role}`).sort()).toEqual(['admin:admin', 'alice:cashier', 'manager:manager', 'pat:picker', 'sam:supervisor']);
    expect(list.find((u) => u.username === 'alice')).toMatchObject({ displayName: 'Alice Martin', active: true, hasPin: true, sites: [{ code: 'STORE1', name: 'Demo Store', kind: 'store' }], lastLoginAt: null });
    expect(list.find((u) => u.username === 'pat')?.sites.map((s) => s.code)).toEqual(['WH1']);
    expect(list.find((u) => u.username === 'admin')).toMatchObject({ sites: [], hasPin: false, lastLoginAt: expect.any(String) });
  });

  it.skipIf(skip)('adds a cashier for chosen sites with a display name; refuses a warehouse for a cashier, an unknown site and a taken username', async () => {
    const created = await server.api('/api/admin/users', { token: admin, body: { username: 'carol', password: 'carol-secret', role: 'cashier', displayName: 'Carol', pin: '4321', sites: ['STORE1'] } });
    expect(created.status).toBe(201);
    expect(await user('carol')).toMatchObject({ displayName: 'Carol', role: 'cashier', hasPin: true, active: true, sites: [{ code: 'STORE1' }] });
    expect(await lastAudit('user')).toMatchObject({ action: 'user.create', after: { username: 'carol', pin: 'set', sites: ['STORE1'] } });

    const wrongKind = await server.api('/api/admin/users', { token: admin, body: { username: 'dan', password: 'dan-secret', role: 'cashier', sites: ['WH1'] } });
    expect(wrongKind).toMatchObject({ status: 400, body: { error: 'wrong_site_kind', message: 'A cashier works at stores: Demo Warehouse (WH1) is a warehouse.' } });
    const unknown = await server.api('/api/admin/users', { token: admin, body: { username: 'dan', password: 'dan-secret', role: 'picker', sites: ['NOPE'] } });
    expect(unknown).toMatchObject({ status: 404, body: { error: 'unknown_site', message: 'There is no site with code NOPE.' } });
    const taken = await server.api('/api/admin/users', { token: admin, body: { username: 'carol', password: 'whatever', role: 'cashier' } });
    expect(taken.status).toBe(409);
    expect(await user('dan')).toBeUndefined();
  });

  it.skipIf(skip)("disables a cashier: the paired till pulls them inactive at once; enabling brings them back; both audited", async () => {
    const alice = await user('alice');
    expect((await pinEntry(till.token, alice?.id ?? ''))?.data).toMatchObject({ active: true, pinHash: expect.stringMatching(/^pbkdf2\$/) });
    const res = await patch('alice', { active: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'alice', active: false });
    // The till refuses an inactive user's PIN (renderer/login): the entry it pulls says inactive.
    expect((await pinEntry(till.token, alice?.id ?? ''))?.data).toMatchObject({ active: false });
    expect((await pulledUsers(till.token)).find((d) => d.id === alice?.id)?.data).toMatchObject({ active: false });
    const entry = await lastAudit('user');
    expect(entry).toMatchObject({ actor: 'admin', action: 'user.disable', entityId: alice?.id, before: { active: true }, after: { active: false } });
    expect(entry?.summary).toBe('disabled cashier alice (web sessions ended; devices refuse the PIN)');

    expect((await patch('alice', { active: true })).status).toBe(200);
    expect((await pinEntry(till.token, alice?.id ?? ''))?.data).toMatchObject({ active: true });
    expect(await lastAudit('user')).toMatchObject({ action: 'user.enable', after: { active: true } });
  });

  it.skipIf(skip)("disables a manager: their open session is refused at once and they cannot log in; enabled, they can", async () => {
    const session = await server.login('manager', 'manager');
    expect((await server.api('/api/admin/me', { token: session })).status).toBe(200);
    expect((await patch('manager', { active: false })).status).toBe(200);
    expect((await server.api('/api/admin/me', { token: session })).status).toBe(401);
    expect(await server.api('/api/auth/login', { body: { username: 'manager', password: 'manager' } })).toMatchObject({ status: 401, body: { error: 'account_disabled' } });
    // A wrong password says nothing about the account.
    expect(await server.api('/api/auth/login', { body: { username: 'manager', password: 'guess' } })).toMatchObject({ status: 401, body: { error: 'bad_credentials' } });
    expect((await server.api('/api/admin/users', { token: manager })).status).toBe(401);
    expect((await patch('manager', { active: true })).status).toBe(200);
    manager = await server.login('manager', 'manager');
    expect((await user('manager'))?.lastLoginAt).not.toBeNull();
  });

  it.skipIf(skip)('refuses managers every change, with a sentence', async () => {
    const cases = [
      () => patch('alice', { active: false }, manager),
      () => server.api('/api/admin/users', { token: manager, body: { username: 'eve', password: 'eve-secret', role: 'cashier' } }),
      () => server.api('/api/admin/users/alice/pin', { method: 'PUT', token: manager, body: { pin: '9999' } }),
      () => server.api(`/api/admin/devices/${till.deviceId}`, { method: 'PATCH', token: manager, body: { name: 'Mine' } }),
    ];
    for (const call of cases) {
      const res = await call();
      expect(res).toMatchObject({ status: 403, body: { error: 'forbidden', message: 'only an admin can change this; managers can look' } });
    }
    expect(await user('alice')).toMatchObject({ active: true, hasPin: true });
    expect(await user('eve')).toBeUndefined();
  });

  it.skipIf(skip)('keeps an admin: nobody disables or demotes themselves, and the last admin stays', async () => {
    const self = await patch('admin', { active: false });
    expect(self).toMatchObject({ status: 409, body: { error: 'own_account', message: 'You cannot disable your own account: another admin can.' } });
    const demote = await patch('admin', { role: 'manager' });
    expect(demote).toMatchObject({ status: 409, body: { error: 'own_account' } });
    // The operator (CLI) is nobody's account, but the company keeps one active admin.
    await expect(updateUserOp(server.db, operatorActor, 'admin', { active: false })).rejects.toMatchObject({
      status: 409, code: 'last_admin', message: 'Admin (admin) is the only active admin: make another user admin first.',
    });
    expect(await user('admin')).toMatchObject({ active: true, role: 'admin' });
  });

  it.skipIf(skip)('refuses unknown users, empty changes, bad values and sites for managers, with sentences', async () => {
    expect(await patch('nobody', { active: false })).toMatchObject({ status: 404, body: { error: 'unknown_user', message: 'There is no user named nobody.' } });
    expect(await patch('alice', {})).toMatchObject({ status: 400, body: { error: 'invalid_request', message: 'The request must change at least one thing.' } });
    expect(await patch('alice', { role: 'boss' })).toMatchObject({ status: 400, body: { message: 'Role must be one of cashier, supervisor, picker, manager, admin.' } });
    expect(await patch('alice', { sites: ['STORE1', 'STORE1'] })).toMatchObject({ status: 400, body: { message: 'Sites names the same item twice.' } });
    expect(await patch('manager', { sites: ['STORE1'] })).toMatchObject({ status: 400, body: { error: 'sites_not_applicable', message: 'A manager is not tied to a site (managers and admins see every site): leave the sites empty.' } });
  });

  it.skipIf(skip)("moves a cashier to a new store: the old store's till no longer gets their PIN, the new one's does", async () => {
    const store2 = await server.api('/api/admin/sites', { token: admin, body: { code: 'STORE2', name: 'Second Store', kind: 'store', currency: 'EUR', timeZone: 'Europe/Paris' } });
    expect(store2.status).toBe(201);
    const till2 = await server.pairDevice('till', 'STORE2', 'Till two');
    const carol = await user('carol');
    expect(await pinEntry(till2.token, carol?.id ?? '')).toBeUndefined();

    const res = await patch('carol', { sites: ['STORE2'], displayName: 'Carol B.' });
    expect(res.status).toBe(200);
    expect((res.body as UserSummary).sites.map((s) => s.code)).toEqual(['STORE2']);
    expect(await pinEntry(till.token, carol?.id ?? '')).toBeUndefined();
    expect((await pinEntry(till2.token, carol?.id ?? ''))?.data).toMatchObject({ displayName: 'Carol B.', active: true });
    expect(await lastAudit('user')).toMatchObject({ action: 'user.update', before: { sites: ['STORE1'], displayName: 'Carol' }, after: { sites: ['STORE2'], displayName: 'Carol B.' } });
  });

  it.skipIf(skip)('changes a role: sites follow the kind of site the new role works at', async () => {
    const res = await patch('carol', { role: 'picker' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'picker', sites: [{ code: 'WH1' }] });
    expect(await lastAudit('user')).toMatchObject({ action: 'user.update', summary: 'changed role, sites of picker carol', before: { role: 'cashier' }, after: { role: 'picker' } });
    const promoted = await patch('carol', { role: 'manager' });
    expect(promoted.body).toMatchObject({ role: 'manager', sites: [] });
  });

  it.skipIf(skip)('sets, checks and removes a PIN; the device gets the new hash; the audit log never holds it', async () => {
    const sam = await user('sam');
    const before = (await pinEntry(till.token, sam?.id ?? ''))?.data.pinHash;
    const short = await server.api('/api/admin/users/sam/pin', { method: 'PUT', token: admin, body: { pin: '1234' } });
    expect(short).toMatchObject({ status: 400, body: { error: 'bad_pin', message: "A supervisor's PIN must be 6 to 8 digits." } });
    const letters = await server.api('/api/admin/users/sam/pin', { method: 'PUT', token: admin, body: { pin: '12ab' } });
    expect(letters).toMatchObject({ status: 400, body: { message: 'Pin must be 4 to 8 digits.' } });
    const set = await server.api('/api/admin/users/sam/pin', { method: 'PUT', token: admin, body: { pin: '24681357' } });
    expect(set).toMatchObject({ status: 200, body: { username: 'sam', hasPin: true } });
    const after = (await pinEntry(till.token, sam?.id ?? ''))?.data.pinHash;
    expect(after).toMatch(/^pbkdf2\$/);
    expect(after).not.toBe(before);
    const entry = await lastAudit('user');
    expect(entry).toMatchObject({ action: 'user.pin', summary: 'changed the PIN of supervisor sam', before: { pin: 'set' }, after: { pin: 'set' } });
    expect(JSON.stringify(entry)).not.toContain('pbkdf2');

    const removed = await setPinOp(server.db, operatorActor, 'sam', { pin: null });
    expect(removed).toMatchObject({ hasPin: false });
    expect(await pinEntry(till.token, sam?.id ?? '')).toBeUndefined();
  });

  it.skipIf(skip)('lists devices with last sync and the unsent count each reports; refuses a bad report and a revoked device', async () => {
    const device = async (id: string): Promise<DeviceSummary | undefined> => ((await server.api('/api/admin/devices', { token: manager })).body as DeviceList).devices.find((d) => d.id === id);
    const scanner = await server.pairDevice('scanner', 'WH1', 'Dock scanner');
    expect(await device(scanner.deviceId)).toMatchObject({ lastSyncAt: null, unsentCount: null, unsentReportedAt: null });

    expect((await server.api('/api/sync/config/pull?limit=1', { token: scanner.token })).status).toBe(200);
    const report = await server.api('/api/sync/status', { token: scanner.token, body: { unsent: 3 } });
    expect(report.status).toBe(204);
    const listed = await device(scanner.deviceId);
    expect(listed).toMatchObject({ name: 'Dock scanner', role: 'scanner', siteCode: 'WH1', unsentCount: 3, lastSyncAt: expect.any(String), lastSeenAt: expect.any(String), unsentReportedAt: expect.any(String) });

    expect((await server.api('/api/sync/status', { token: scanner.token, body: { unsent: 0 } })).status).toBe(204);
    expect((await device(scanner.deviceId))?.unsentCount).toBe(0);
    expect(await server.api('/api/sync/status', { token: scanner.token, body: { unsent: -1 } })).toMatchObject({ status: 400, body: { message: 'Unsent must be at least 0.' } });
    expect((await server.api('/api/sync/status', { body: { unsent: 1 } })).status).toBe(401);
    await server.revoke(scanner.deviceId);
    expect((await server.api('/api/sync/status', { token: scanner.token, body: { unsent: 9 } })).status).toBe(401);
    expect((await device(scanner.deviceId))?.unsentCount).toBe(0);
  });

  it.skipIf(skip)("records a new pairing code's expiry in the store's time, as the CLI prints it, not in UTC", async () => {
    const res = await server.api('/api/admin/pairing-codes', { token: admin, body: { role: 'till', site: 'STORE1' } });
    expect(res.status).toBe(201);
    const { expiresAt, timeZone } = res.body as { expiresAt: string; timeZone: string };
    const entry = await lastAudit('site');
    expect(entry).toMatchObject({ action: 'pairing-code.create', after: { expiresAt } });
    expect(entry?.summary).toBe(`created a till pairing code for STORE1 (expires ${pairingExpiryText(expiresAt, timeZone)})`);
    expect(entry?.summary).toMatch(/\(expires \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} \(Europe\/Paris\)\)$/);
  });

  it.skipIf(skip)('renames a device: the list, the device itself and the audit log show the new name', async () => {
    const res = await server.api(`/api/admin/devices/${till.deviceId}`, { method: 'PATCH', token: admin, body: { name: '  Till 1 — by the door ' } });
    expect(res).toMatchObject({ status: 200, body: { id: till.deviceId, name: 'Till 1 — by the door' } });
    const list = ((await server.api('/api/admin/devices', { token: admin })).body as DeviceList).devices;
    expect(list.find((d) => d.id === till.deviceId)?.name).toBe('Till 1 — by the door');
    const pulled = await server.api('/api/sync/config/pull?limit=1000', { token: till.token });
    expect((pulled.body as { documents: ConfigDoc[] }).documents.find((d) => d.kind === 'device')?.data).toMatchObject({ name: 'Till 1 — by the door' });
    expect(await lastAudit('device')).toMatchObject({ action: 'device.rename', entityId: till.deviceId, before: { name: 'Front till' }, after: { name: 'Till 1 — by the door' } });

    expect(await server.api('/api/admin/devices/nope', { method: 'PATCH', token: admin, body: { name: 'X' } })).toMatchObject({ status: 404, body: { message: 'There is no device with id nope.' } });
    const blank = await server.api(`/api/admin/devices/${till.deviceId}`, { method: 'PATCH', token: admin, body: { name: '   ' } });
    expect((blank.body as ApiError).message).toBe('Name must be a name, not only spaces.');
    await expect(renameDeviceOp(server.db, operatorActor, till.deviceId, { name: 'Till 1' })).resolves.toMatchObject({ name: 'Till 1' });
  });
});
