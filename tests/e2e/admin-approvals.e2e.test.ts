// Issue 13 point 10 in Chromium against the real sync server, at 1280×800: a scanner station's
// counts of two shelves are worth more than the approval threshold and wait in the Approvals page,
// each line named and valued in euros; the admin approves one → its stock changes, and rejects the
// other → its stock does not; both decisions, with their notes, are in the audit log.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { countDoc } from '../support/events.ts';
import { locationId, makeProduct } from '../warehouse/wh-harness.ts';
import { AdminPage } from './pages/admin-page.ts';
import { startTillServer, type TillE2eServer } from './till-harness.ts';

const SHOTS = 'test-results/admin-planning';

describe('count approvals in the back office', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let admin: AdminPage;
  const products: Record<'approved' | 'rejected', string> = { approved: '', rejected: '' };

  const onHand = async (productId: string): Promise<number> => {
    const [row] = await env.server.db.query<{ qty: string | null }>('SELECT sum(on_hand) AS qty FROM quants WHERE product_id = $1', [productId]);
    return Number(row?.qty ?? 0);
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await startTillServer({ products: 20 });
    const token = await env.server.login('admin', 'admin');
    expect((await env.server.api('/api/warehouse-policy', { method: 'PUT', token, body: { countApprovalThreshold: 500 } })).status).toBe(200);
    const station = await env.server.pairDevice('scanner', 'WH1', 'Count station');
    for (const [key, shelf, name, counted] of [['approved', 'B-04-01', 'Approval Tea', 6], ['rejected', 'B-04-02', 'Approval Rice', 12]] as const) {
      const id = await makeProduct(env.server.db, [{ site: 'WH1', qty: 10, location: `WH1/Stock/${shelf}` }], { cost: 300 });
      await env.server.db.query('UPDATE products SET name = $2 WHERE id = $1', [id, name]);
      products[key] = id;
      const count = countDoc(station, await locationId(env.server.db, `WH1/Stock/${shelf}`), [{ productId: id, counted }]);
      expect((await env.server.api('/api/sync/counts/push', { token: station.token, body: [{ newDocumentState: count }] })).status).toBe(200);
    }
    browser = await launchChromium();
    admin = new AdminPage(await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage());
    await admin.open(env.url, 'approvals');
    await admin.login('admin', 'admin');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('approves a pending count → stock changes; rejects another → stock does not', async () => {
    const page = admin.page;
    const approve = page.getByRole('article', { name: 'Count at WH1/Stock/B-04-01' });
    const reject = page.getByRole('article', { name: 'Count at WH1/Stock/B-04-02' });
    await approve.waitFor();
    // 4 units missing × €3.00; 2 units found × €3.00.
    expect(await approve.getByRole('heading').textContent()).toBe('Count at WH1/Stock/B-04-01 (WH1) — worth €12.00');
    expect(await approve.getByRole('row', { name: 'Change of Approval Tea' }).innerText()).toMatch(/Approval Tea\s.*-4\s+€12\.00/s);
    expect(await reject.getByRole('row', { name: 'Change of Approval Rice' }).innerText()).toMatch(/\+2\s+€6\.00/);
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
    await admin.page.screenshot({ path: `${SHOTS}/approvals.png` });
    // Pending: nothing moved yet.
    expect(await onHand(products.approved)).toBe(10);
    expect(await onHand(products.rejected)).toBe(10);

    await approve.getByLabel('Note').fill('recounted, four broken');
    await approve.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Approved: stock adjusted at WH1/Stock/B-04-01.');
    await expect.poll(() => approve.count()).toBe(0);
    expect(await onHand(products.approved)).toBe(6);

    await reject.getByLabel('Note').fill('miscounted');
    await reject.getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Rejected: stock unchanged at WH1/Stock/B-04-02.');
    await expect.poll(() => reject.count()).toBe(0);
    expect(await onHand(products.rejected)).toBe(10);
    expect(await page.getByText('Nothing waits for approval.').count()).toBe(1);

    const audit = await env.server.db.query<{ action: string; summary: string; actor: string }>(
      "SELECT action, summary, actor FROM admin_audit WHERE entity = 'count-approval' ORDER BY id",
    );
    expect(audit).toEqual([
      { action: 'count-approval.approve', summary: 'approved a count adjustment: recounted, four broken', actor: 'admin' },
      { action: 'count-approval.reject', summary: 'rejected a count adjustment: miscounted', actor: 'admin' },
    ]);
  }, 90_000);
});
