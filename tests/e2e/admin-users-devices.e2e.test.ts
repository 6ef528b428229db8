// Issue 13 point 7 in Chromium against the real sync server, at 1280×800: an admin disables a
// cashier and a manager in the back office → the manager's open back office is logged out and their
// login refused, and a paired, open till logs the cashier out and no longer offers her PIN login
// within seconds; enabled again, she logs in with her PIN. A new user made on the Users page (after
// the form refused a bad PIN before sending) appears on the till. The Devices page shows the till's
// last sync and unsent count and renames it. Screenshots go to test-results/admin/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AdminPage } from './pages/admin-page.ts';
import type { TillPage } from './pages/till-page.ts';
import { openShift, startTillE2e, stopTillE2e, type TillE2eServer } from './till-harness.ts';

const SHOTS = 'test-results/admin';

describe('back office users and devices in the browser', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let till: TillPage;
  let admin: AdminPage;
  let manager: AdminPage;

  const openAdmin = async (username: string, path: string): Promise<AdminPage> => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (error) => console.error(`${username} page error:`, error.message));
    const p = new AdminPage(page);
    await p.open(env.url, path);
    await p.login(username, username);
    return p;
  };
  const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: `${SHOTS}/${name}.png` });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ env, browser, till } = await startTillE2e({ products: 0 }));
    await openShift(till, env);
    admin = await openAdmin('admin', 'users');
    manager = await openAdmin('manager', 'users');
  }, 240_000);

  afterAll(() => stopTillE2e(env, browser));

  it('disables a cashier and a manager: the manager is logged out and refused, the till logs the cashier out and stops offering her', async () => {
    await admin.page.getByRole('row', { name: 'User Alice Martin' }).waitFor();
    expect(await admin.page.getByRole('row', { name: 'User Alice Martin' }).innerText()).toContain('Demo Store');
    // Login times in the first store's zone, named.
    expect(await admin.page.getByRole('columnheader', { name: /^Last web login/ }).innerText()).toBe('Last web login (Europe/Paris)');
    await till.page.getByRole('button', { name: 'Lock' }).click();
    await till.page.getByRole('heading', { name: 'Till locked' }).waitFor();

    await admin.setUserActive('Alice Martin', false);
    await admin.page.getByRole('status').filter({ hasText: 'Disabled Alice Martin' }).waitFor();
    await admin.setUserActive('Manager', false);
    await admin.page.getByRole('status').filter({ hasText: 'Disabled Manager' }).waitFor();
    expect(await admin.page.getByRole('row', { name: 'User Manager' }).innerText()).toContain('disabled');

    // The manager's open back office: its next request is refused, and so is a new login.
    await manager.page.reload();
    await manager.page.getByLabel('Username').waitFor();
    await manager.page.getByLabel('Username').fill('manager');
    await manager.page.getByLabel('Password').fill('manager');
    await manager.page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => manager.page.getByRole('alert').textContent()).toBe('This account is disabled: ask an admin to enable it.');

    // The till, offline-capable, learns it from the feed: the locked cashier is logged out, her PIN login is gone.
    await expect.poll(() => till.page.getByRole('alert').textContent(), { timeout: 15_000 }).toBe('Alice Martin was disabled by an admin and was logged out.');
    expect(await till.page.getByRole('heading', { name: 'Cashier login' }).count()).toBe(1);
    expect(await till.page.locator('option', { hasText: '(alice)' }).count()).toBe(0);

    await admin.setUserActive('Alice Martin', true);
    await till.login('alice', '1234');
    await till.page.getByLabel('Cashier').filter({ hasText: 'Alice Martin' }).waitFor();
    const audit = await env.server.db.query<{ action: string; summary: string }>("SELECT action, summary FROM admin_audit WHERE entity = 'user' ORDER BY id");
    expect(audit.map((a) => a.action)).toEqual(['user.disable', 'user.disable', 'user.enable']);
  }, 120_000);

  it('refuses a bad PIN before sending, then adds a cashier whom the till offers within seconds', async () => {
    await admin.page.getByRole('button', { name: 'New user' }).click();
    const form = admin.page.getByRole('form', { name: 'New user' });
    expect(await admin.page.getByRole('row', { name: 'User Admin' }).getByRole('button', { name: 'Disable' }).count()).toBe(0);
    await form.getByLabel('Username').fill('dora');
    await form.getByLabel('Display name').fill('Dora Diaz');
    await form.getByLabel('Role').selectOption({ label: 'Supervisor' });
    await form.getByLabel('Password').fill('dora-secret');
    await form.getByLabel('PIN (optional)').fill('1234');
    await form.getByRole('button', { name: 'Create user' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe("A supervisor's PIN must be 6 to 8 digits.");
    await shot(admin.page, 'users-new');
    expect(await env.server.db.query("SELECT 1 FROM users WHERE username = 'dora'")).toHaveLength(0);
    await form.getByLabel('PIN (optional)').fill('246810');
    expect(await form.getByRole('checkbox', { name: 'Demo Store (STORE1)' }).isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Create user' }).click();
    await admin.page.getByRole('status').filter({ hasText: 'Created supervisor dora' }).waitFor();

    await admin.page.getByRole('row', { name: 'User Dora Diaz' }).getByRole('button', { name: 'Edit' }).click();
    await admin.page.getByRole('form', { name: 'Edit Dora Diaz' }).waitFor();
    // Her history: who added her and with what, in words (never the PIN itself).
    const history = admin.page.getByRole('region', { name: 'History of Dora Diaz' }).getByRole('row', { name: /^Change / });
    await expect.poll(() => history.count()).toBe(1);
    const added = await history.innerText();
    expect(added).toContain('added supervisor dora with a PIN');
    expect(added).toContain('admin (admin)');
    expect(added).toContain('display name: Dora Diaz');
    expect(added).toContain('pin: set');
    expect(added).not.toContain('246810');
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
    await shot(admin.page, 'users');

    await till.page.getByRole('button', { name: 'Switch cashier' }).click();
    await till.page.locator('option', { hasText: 'Dora Diaz (dora)' }).waitFor({ state: 'attached', timeout: 15_000 });
  }, 90_000);

  it("shows the till's last sync and unsent count, and renames it: the list shows the new name", async () => {
    const tillId = await till.deviceId();
    const [row] = await env.server.db.query<{ name: string }>('SELECT name FROM devices WHERE id = $1', [tillId]);
    const oldName = row?.name ?? '';
    await admin.goto('Devices');
    const device = admin.page.getByRole('row', { name: `Device ${oldName}`, exact: true });
    // The till reports what it has not sent (its session opening, acknowledged by now: 0).
    await expect.poll(async () => {
      await admin.page.reload();
      return device.getByRole('cell').nth(6).textContent();
    }, { timeout: 20_000, interval: 1_000 }).toBe('0');
    expect(await device.getByRole('cell').nth(5).textContent()).not.toBe('never');
    expect(await admin.page.getByRole('columnheader', { name: /^Paired/ }).innerText()).toBe('Paired (site time)');

    await admin.page.getByRole('row', { name: `Device ${oldName}`, exact: true }).getByRole('button', { name: 'Rename' }).click();
    await shot(admin.page, 'devices-rename');
    await admin.page.getByRole('button', { name: 'Cancel' }).click();
    await admin.renameDevice(oldName, 'Till 1 — by the door');
    await admin.page.getByRole('row', { name: 'Device Till 1 — by the door' }).waitFor();
    expect(await admin.page.getByRole('row', { name: `Device ${oldName}`, exact: true }).count()).toBe(0);
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
    await shot(admin.page, 'devices');
    const [renamed] = await env.server.db.query<{ name: string }>('SELECT name FROM devices WHERE id = $1', [tillId]);
    expect(renamed?.name).toBe('Till 1 — by the door');
  }, 90_000);
});
