// The back office's Webhooks page in Chromium against the real sync server and a receiver on
// 127.0.0.1 that verifies every request with the `standardwebhooks` package: an admin adds an
// endpoint (its secret shown once), an order is delivered and logged with HTTP 200; the receiver
// then answers 500 and the log shows the failure and the next retry; Replay sends it again with the
// same webhook-id. Rotation, disable/enable, a 410 Gone and delete; a manager sees it read-only;
// 1280×800 and 1024×768. Screenshots go to test-results/admin-webhooks/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import { launchChromium } from '../support/browser.ts';
import { type Receiver, startReceiver, verifiesWith } from '../webhooks/receiver.ts';
import { AdminPage } from './pages/admin-page.ts';
import { AdminWebhooksPage } from './pages/admin-webhooks-page.ts';
import { startTillServer, type TillE2eServer } from './till-harness.ts';

const SHOTS = 'test-results/admin-webhooks';

describe('back office webhooks in the browser', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let receiver: Receiver;
  let admin: AdminWebhooksPage;
  let channelKey: string;
  let productId: string;
  let secret: string;
  let orders = 0;

  const shot = async (page: Page, name: string, fullPage = false): Promise<void> => {
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
  };
  const openAs = async (username: string, viewport: { width: number; height: number }): Promise<Page> => {
    const page = await (await browser.newContext({ viewport })).newPage();
    page.on('pageerror', (error) => console.error(`${username} page error:`, error.message));
    const shell = new AdminPage(page);
    await shell.open(env.url, 'webhooks');
    await shell.login(username, username);
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    return page;
  };
  const placeOrder = async (): Promise<void> => {
    orders += 1;
    const res = await env.server.api('/api/orders', {
      headers: { authorization: `Bearer ${channelKey}`, 'idempotency-key': `hook-${orders}` },
      body: { channel: 'web', externalRef: `HOOK-${orders}`, lines: [{ productId, qty: 1 }] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await startTillServer({ products: 20 });
    browser = await launchChromium();
    receiver = await startReceiver();
    receiver.respond = () => ({ status: 200 });
    const token = await env.server.login('admin', 'admin');
    expect((await env.server.api('/api/admin/channels', { token, body: { code: 'web', name: 'Web shop', buffer: 0 } })).status).toBeLessThan(300);
    channelKey = (await createChannelKey(env.server.db, 'web', 'Storefront')).key;
    const [product] = await env.server.db.query<{ id: string }>("SELECT id FROM products WHERE active AND tracking = 'none' ORDER BY sku LIMIT 1");
    productId = product?.id ?? '';
    admin = new AdminWebhooksPage(await openAs('admin', { width: 1280, height: 800 }));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await env?.close();
  });

  it('adds an endpoint whose secret is shown once, and an order placed is delivered, signed, and logged with HTTP 200', async () => {
    await admin.page.getByText('No endpoint yet').waitFor();
    secret = await admin.addEndpoint({ url: receiver.url, description: 'E2E shop', channel: 'Web shop (web)', events: ['order.created'] }, () => shot(admin.page, 'new-endpoint-form'));
    expect(secret).toMatch(/^whsec_/);
    receiver.secrets = [secret];
    const row = admin.endpoint(receiver.url);
    await row.waitFor();
    expect(await row.innerText()).toMatch(/order\.created\s+Web shop\s+Enabled\s+none yet/);
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
    await shot(admin.page, 'endpoint-added-secret-once');

    // Shown once: after a reload the page no longer has it.
    await admin.page.reload();
    await row.waitFor();
    expect(await admin.page.content()).not.toContain(secret);

    await placeOrder();
    await expect.poll(() => receiver.verified().length, { timeout: 15_000 }).toBe(1);
    expect(receiver.received[0]?.payload.type).toBe('order.created');
    await admin.openDeliveries(receiver.url);
    await expect.poll(async () => (await admin.deliveryRows(receiver.url)).join('\n'), { timeout: 15_000 }).toMatch(/order\.created\s+1 of 8\s+HTTP 200\s+—\s+delivered/);
    await admin.page.reload();
    await expect.poll(() => row.innerText()).toMatch(/order\.created: delivered .* \(HTTP 200\)/);
    await shot(admin.page, 'delivered-200');
  }, 90_000);

  it('shows a 500 with the next retry, and Replay sends the delivery again with the same webhook-id', async () => {
    // An hour's Retry-After: the retry the log shows is the receiver's, and only Replay sends it sooner.
    receiver.respond = () => ({ status: 500, headers: { 'retry-after': '3600' } });
    await placeOrder();
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(2);
    const failedId = receiver.received[1]?.id;
    await admin.openDeliveries(receiver.url);
    const newest = async (): Promise<string> => (await admin.deliveryRows(receiver.url))[0] ?? '';
    await expect.poll(newest, { timeout: 15_000 }).toMatch(/order\.created\s+1 of 8\s+HTTP 500\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s+to retry/);
    await expect.poll(() => admin.endpoint(receiver.url).innerText()).toMatch(/HTTP 500, next try \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    const [logged] = (await env.server.api(`/api/admin/webhooks/endpoints/${await endpointId()}/deliveries`, { token: await env.server.login('admin', 'admin') })).body as { nextAttemptAt: string }[];
    expect(Date.parse(logged?.nextAttemptAt ?? '') - Date.now()).toBeGreaterThan(3_000_000);
    await shot(admin.page, 'failed-500-next-retry');

    receiver.respond = () => ({ status: 200 });
    await admin.deliveries(receiver.url).getByRole('row').filter({ hasText: 'HTTP 500' }).getByRole('button', { name: 'Replay' }).click();
    await admin.status().filter({ hasText: 'again (same webhook-id' }).waitFor();
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(3);
    const replayed = receiver.received[2];
    expect(replayed?.id).toBe(failedId);
    expect(replayed && verifiesWith(secret, replayed)).toBe(true);
    expect(replayed?.body).toBe(receiver.received[1]?.body);
    await expect.poll(newest, { timeout: 15_000 }).toMatch(/order\.created\s+1 of 8 \(2 sent in all\)\s+HTTP 200\s+—\s+delivered/);
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
    await shot(admin.page, 'replayed-200');
    await shot(admin.page, 'replayed-200-full', true);
    // The admin's view, log open and every button shown, fits 1024×768 too.
    await admin.page.setViewportSize({ width: 1024, height: 768 });
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
    await shot(admin.page, 'admin-1024');
    await admin.page.setViewportSize({ width: 1280, height: 800 });
  }, 90_000);

  it('fits 1024×768, and a manager sees endpoints and deliveries without the buttons that change them', async () => {
    const manager = new AdminWebhooksPage(await openAs('manager', { width: 1024, height: 768 }));
    await manager.endpoint(receiver.url).waitFor();
    expect(await manager.page.getByRole('button', { name: 'New endpoint' }).count()).toBe(0);
    for (const name of ['Rotate secret', 'Disable', 'Delete']) expect(await manager.endpoint(receiver.url).getByRole('button', { name }).count()).toBe(0);
    await manager.openDeliveries(receiver.url);
    await expect.poll(async () => (await manager.deliveryRows(receiver.url)).length).toBe(2);
    expect(await manager.deliveries(receiver.url).getByRole('button', { name: 'Replay' }).count()).toBe(0);
    expect(await manager.horizontalOverflow()).toBeLessThanOrEqual(0);
    await shot(manager.page, 'manager-1024');
    // The server refuses a manager's change anyway.
    const token = await env.server.login('manager', 'manager');
    expect((await env.server.api(`/api/admin/webhooks/endpoints/${await endpointId()}/rotate-secret`, { token, body: {} })).status).toBe(403);
    await manager.page.context().close();
  }, 60_000);

  it('rotates the secret (both sign for a while), disables and enables, shows why a 410 disabled it, and deletes after confirming', async () => {
    await admin.act(receiver.url, 'Rotate secret');
    const fresh = await admin.shownSecret();
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(secret);
    await admin.page.getByRole('status', { name: 'New signing secret' }).filter({ hasText: 'the previous one keeps signing' }).waitFor();
    receiver.secrets = [fresh];
    await placeOrder();
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(4);
    const rotated = receiver.received[3];
    expect(rotated && verifiesWith(fresh, rotated) && verifiesWith(secret, rotated)).toBe(true);
    await admin.page.getByRole('button', { name: 'Done' }).click();

    await admin.act(receiver.url, 'Disable');
    await admin.status().filter({ hasText: `Disabled ${receiver.url}` }).waitFor();
    expect(await admin.endpoint(receiver.url).innerText()).toContain('Disabled by an admin');
    await admin.act(receiver.url, 'Enable');
    await admin.status().filter({ hasText: `Enabled ${receiver.url}` }).waitFor();

    receiver.respond = () => ({ status: 410 });
    await placeOrder();
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(5);
    await expect.poll(async () => {
      await admin.page.reload();
      await admin.endpoint(receiver.url).waitFor();
      return admin.endpoint(receiver.url).innerText();
    }, { timeout: 15_000 }).toMatch(/Disabled: answered 410 Gone on \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await shot(admin.page, 'disabled-410');

    await admin.act(receiver.url, 'Delete');
    await admin.status().filter({ hasText: `Deleted the endpoint ${receiver.url}` }).waitFor();
    expect(await admin.endpoint(receiver.url).count()).toBe(0);
    await admin.page.getByText('No endpoint yet').waitFor();
    const audit = await env.server.db.query<{ action: string }>("SELECT action FROM admin_audit WHERE entity = 'webhook_endpoint' ORDER BY id");
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['webhook_endpoint.create', 'webhook_delivery.replay', 'webhook_endpoint.rotate_secret', 'webhook_endpoint.update', 'webhook_endpoint.delete']));
  }, 90_000);

  async function endpointId(): Promise<string> {
    const [row] = await env.server.db.query<{ id: string }>('SELECT id FROM webhook_endpoints WHERE url = $1', [receiver.url]);
    return row?.id ?? '';
  }
});
