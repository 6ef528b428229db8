// Issue 13 point 11 in Chromium against the real sync server, at 1280×800: an admin creates a
// reorder rule for a product that runs low → its proposal appears → ordered, the purchase order
// appears and is received; a transfer from the warehouse to the store is created, shipped by a
// station, shown in transit and received at the store; count tasks by location (blind) and by
// product are created and listed. Forms refuse bad input before sending. A manager sees the pages
// without the means to change them. Screenshots of every page go to test-results/admin-planning/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { PairedDevice } from '../../sync-server/devices/pairing.ts';
import { launchChromium } from '../support/browser.ts';
import { makeProduct, pickAll, type PickingDoc, pickingEvent, pushEvents } from '../warehouse/wh-harness.ts';
import { AdminPage } from './pages/admin-page.ts';
import { AdminPlanningPage } from './pages/admin-planning-page.ts';
import { startTillServer, type TillE2eServer } from './till-harness.ts';

const SHOTS = 'test-results/admin-planning';

describe('warehouse planning in the back office', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let admin: AdminPage;
  let planning: AdminPlanningPage;
  let beans: string;
  let station: PairedDevice;

  const shot = async (page: Page, name: string): Promise<void> => {
    await page.screenshot({ path: `${SHOTS}/${name}.png` });
  };
  const pickingsOfKind = async (kind: 'transfer' | 'count'): Promise<number> =>
    Number((await env.server.db.query<{ n: string }>('SELECT count(*) AS n FROM pickings WHERE kind = $1', [kind]))[0]?.n);
  const onHand = async (productId: string, location: string): Promise<number> => {
    const [row] = await env.server.db.query<{ qty: string | null }>(
      'SELECT sum(q.on_hand) AS qty FROM quants q JOIN locations l ON l.id = q.location_id WHERE q.product_id = $1 AND l.full_name = $2',
      [productId, location],
    );
    return Number(row?.qty ?? 0);
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await startTillServer({ products: 30 });
    beans = await makeProduct(env.server.db, [{ site: 'WH1', qty: 3 }, { site: 'WH1', qty: 4, location: 'WH1/Stock/A-01-02' }], { cost: 250 });
    await env.server.db.query(`UPDATE products SET name = 'Planning Beans', sku = 'PLAN-BEANS' WHERE id = $1`, [beans]);
    station = await env.server.pairDevice('scanner', 'WH1', 'Dock station');
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (error) => console.error('admin page error:', error.message));
    admin = new AdminPage(page);
    planning = new AdminPlanningPage(page);
    await admin.open(env.url, 'reorder-rules');
    await admin.login('admin', 'admin');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('creates a reorder rule, orders its proposal, and the purchase order appears and is received', async () => {
    const page = admin.page;
    // Checked before sending: no product chosen, maximum below minimum.
    await page.getByRole('button', { name: 'New rule' }).click();
    const form = page.getByRole('form', { name: 'New reorder rule' });
    await form.getByLabel('Minimum').fill('9');
    await form.getByLabel('Maximum').fill('2');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Choose the product. Maximum must be at least the minimum.');
    await (await admin.findProducts(form, 'Product', 'Planning')).getByRole('button').first().waitFor();
    await shot(page, 'reorder-rule-form');
    await form.getByRole('button', { name: 'Cancel' }).click();

    await planning.createReorderRule({ product: 'Planning Beans', warehouse: 'Demo Warehouse (WH1)', min: '10', max: '20', multiple: '6', supplier: 'Acme Foods' });
    await expect.poll(() => planning.status().textContent()).toBe('Saved the rule for Planning Beans in Demo Warehouse: order up to 20 when the forecast falls below 10.');
    const rule = page.getByRole('row', { name: 'Rule Planning Beans in Demo Warehouse' });
    expect(await rule.innerText()).toContain('7 (below min)');

    await page.getByRole('button', { name: 'Check rules now' }).click();
    const proposal = planning.proposal('Planning Beans', 'Demo Warehouse');
    await proposal.waitFor();
    // 20 − 7 = 13, rounded up to packs of 6.
    expect(await proposal.innerText()).toMatch(/\b18\b/);
    expect(await proposal.getByLabel('Supplier').inputValue()).toBe('Acme Foods');
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
    await shot(page, 'reorder-rules');
    await proposal.getByRole('button', { name: 'Order' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Purchase proposals' }).getByRole('status').textContent()).toMatch(/^Ordered PO\/\d+: 18 × Planning Beans from Acme Foods for Demo Warehouse\.$/);
    const reference = /PO\/\d+/.exec((await page.getByRole('region', { name: 'Purchase proposals' }).getByRole('status').textContent()) ?? '')?.[0] ?? '';
    await expect.poll(() => proposal.count()).toBe(0);

    await admin.goto('Purchase orders');
    const po = planning.purchaseOrder(reference);
    await po.waitFor();
    const text = await po.innerText();
    expect(text).toContain('Acme Foods');
    expect(text).toContain('Demo Warehouse');
    expect(text).toContain('18 × Planning Beans');
    expect(text).toContain('€45.00');
    expect(text).toContain('0 of 18');
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
    await shot(page, 'purchase-orders');

    await planning.confirmAndClick(po, 'Receive');
    await expect.poll(() => planning.status().textContent()).toMatch(new RegExp(`^Received WH1/IN/\\d+ for ${reference.replace('/', '\\/')}: the goods are in stock\\.$`));
    expect(await onHand(beans, 'WH1/Stock')).toBe(21);
    await admin.filter('purchaseOrders', 'State', 'Received');
    await expect.poll(async () => (await po.innerText()).includes('18 of 18')).toBe(true);
    const audit = await env.server.db.query<{ action: string }>("SELECT action FROM admin_audit WHERE action IN ('reorder-rule.set', 'purchase-proposal.order', 'receipt.receive') ORDER BY id");
    expect(audit.map((a) => a.action)).toEqual(['reorder-rule.set', 'purchase-proposal.order', 'receipt.receive']);
  }, 120_000);

  it('refuses an empty purchase order before sending, and creates one with a line', async () => {
    const page = admin.page;
    await page.getByRole('button', { name: 'New purchase order' }).click();
    const form = page.getByRole('form', { name: 'New purchase order' });
    await form.getByRole('button', { name: 'Create purchase order' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('Supplier is required. Add at least one product.');
    await form.getByLabel('Supplier').fill('Beans & Co');
    await admin.pickProduct(form, 'Add a product', 'Planning Beans');
    await form.getByRole('row', { name: 'Line Planning Beans' }).getByLabel('Quantity').fill('12');
    await form.getByRole('row', { name: 'Line Planning Beans' }).getByLabel('Unit cost').fill('2.10');
    await shot(page, 'purchase-order-form');
    await form.getByRole('button', { name: 'Create purchase order' }).click();
    await expect.poll(() => planning.status().textContent()).toMatch(/^Created PO\/\d+ from Beans & Co: its receipt is ready for the warehouse\.$/);
    await admin.filter('purchaseOrders', 'State', 'Open');
    await admin.search('beans & co', 'purchaseOrders');
    const rows = page.getByRole('row', { name: /^Purchase order PO\// });
    await expect.poll(async () => (await rows.allInnerTexts()).map((t) => t.includes('Beans & Co'))).toEqual([true]);
    expect(await rows.innerText()).toContain('€25.20');
    // The warehouse filter names every warehouse (or all of them) and keeps what is chosen.
    const warehouse = admin.list('purchaseOrders').getByLabel('Warehouse');
    expect(await warehouse.locator('option').allTextContents()).toEqual(['All warehouses', 'Demo Warehouse (WH1)']);
    await admin.filter('purchaseOrders', 'Warehouse', 'Demo Warehouse (WH1)');
    expect(await warehouse.inputValue()).toBe('WH1');
    await expect.poll(async () => page.getByRole('row', { name: /^Purchase order PO\// }).count()).toBe(1);
  }, 60_000);

  it('creates a transfer from the warehouse to the store, shown in transit once shipped and received at the store', async () => {
    const page = admin.page;
    await admin.goto('Transfers');
    await planning.createTransfer({ from: 'Demo Warehouse (WH1)', to: 'Demo Store (STORE1, store)', lines: [{ product: 'Planning Beans', qty: '2', fromLocation: 'WH1/Stock/A-01-02' }] });
    await expect.poll(() => planning.status().textContent()).toMatch(/^Created WH1\/OUT\/\d+ to Demo Store: Demo Warehouse's stations pick it\.$/);
    const reference = /WH1\/OUT\/\d+/.exec((await planning.status().textContent()) ?? '')?.[0] ?? '';
    const row = planning.transfer(reference);
    await row.waitFor();
    expect(await row.innerText()).toContain('Ready to ship');
    // Sites by name: from the warehouse's shelf to the store.
    expect((await row.innerText()).split('\t').slice(1, 3)).toEqual(['Demo Warehouse WH1/Stock/A-01-02', 'Demo Store']);
    expect(await row.innerText()).toContain('2 × Planning Beans');

    // The warehouse's station ships it.
    const [{ id }] = await env.server.db.query<{ id: string }>('SELECT id FROM pickings WHERE reference = $1', [reference]) as [{ id: string }];
    const [{ doc }] = await env.server.db.query<{ doc: PickingDoc }>(`SELECT doc FROM replicated_docs WHERE collection = 'pickings' AND id = $1`, [id]) as [{ doc: PickingDoc }];
    await pushEvents(env.server, station, [pickingEvent(station, 'validate', id, { lines: pickAll(doc) })]);
    await page.reload();
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).toContain('In transit');
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
    await shot(page, 'transfers');

    await planning.confirmAndClick(row, 'Receive');
    await expect.poll(() => planning.status().textContent()).toMatch(/^Received STORE1\/IN\/\d+ at Demo Store: the goods are in its stock\.$/);
    await expect.poll(() => row.innerText()).toContain('Received at Demo Store');
    expect(await onHand(beans, 'STORE1/Stock')).toBe(2);

    // A move inside the warehouse, refused before sending while source and destination are the same.
    await page.getByRole('button', { name: 'New transfer' }).click();
    const form = page.getByRole('form', { name: 'New transfer' });
    await admin.pickProduct(form, 'Add a product', 'Planning Beans');
    await shot(page, 'transfer-form');
    await form.getByRole('button', { name: 'Create transfer' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('Line 1 (Planning Beans): it already is at the destination; choose another location.');
    await form.getByRole('button', { name: 'Cancel' }).click();
  }, 90_000);

  it('adds a scanned barcode as a line of the new transfer and sends nothing on its Enter', async () => {
    const page = admin.page;
    await admin.goto('Transfers');
    const scanned = await env.server.db.query<{ name: string; barcode: string }>(
      `SELECT p.name, min(b.barcode) AS barcode FROM products p JOIN product_barcodes b ON b.product_id = p.id
       GROUP BY p.id, p.name HAVING (SELECT count(*) FROM products o WHERE o.name = p.name) = 1 ORDER BY p.name LIMIT 2`,
    );
    expect(scanned).toHaveLength(2);
    const before = await pickingsOfKind('transfer');
    await page.getByRole('button', { name: 'New transfer' }).click();
    const form = page.getByRole('form', { name: 'New transfer' });
    const box = form.getByLabel('Add a product', { exact: true });
    // A scanner types the barcode and Enter at once, before the search has answered.
    for (const p of scanned) {
      await box.click();
      await page.keyboard.type(p.barcode);
      await page.keyboard.press('Enter');
      await form.getByRole('row', { name: `Line ${p.name}` }).waitFor();
      expect(await box.inputValue()).toBe('');
    }
    // Enter on a text nothing matches keeps it, says so, and sends nothing either.
    await box.fill('Zzyzx');
    await page.keyboard.press('Enter');
    await expect.poll(() => form.getByRole('list', { name: 'Add a product: matches' }).textContent()).toBe('No product starts with “Zzyzx”.');
    expect(await box.inputValue()).toBe('Zzyzx');
    expect(await form.getByRole('alert').count()).toBe(0);
    expect(await form.getByRole('row', { name: /^Line / }).count()).toBe(2);
    expect(await pickingsOfKind('transfer')).toBe(before);
    await form.getByRole('button', { name: 'Cancel' }).click();
  }, 60_000);

  it('requests stock for the store from the back office; the source accepts it, and one it cannot serve is declined', async () => {
    const page = admin.page;
    await admin.goto('Transfers');
    await page.getByRole('button', { name: 'Request stock' }).click();
    const form = page.getByRole('form', { name: 'Request stock' });
    await form.getByLabel('Needed at').selectOption({ label: 'Demo Store (STORE1, store)' });
    await form.getByLabel('Ask').selectOption({ label: 'Demo Warehouse (WH1, warehouse)' });
    await form.getByLabel('Note').fill('Shelf empty since Monday');
    await admin.pickProduct(form, 'Add a product', 'Planning Beans');
    await form.getByRole('row', { name: 'Line Planning Beans' }).getByLabel('Quantity').fill('3');
    await shot(page, 'transfer-request-form');
    await form.getByRole('button', { name: 'Send request' }).click();
    await expect.poll(() => planning.status().textContent()).toMatch(/^Requested WH1\/OUT\/\d+ from Demo Warehouse for Demo Store: Demo Warehouse accepts or declines it here\.$/);
    const reference = /WH1\/OUT\/\d+/.exec((await planning.status().textContent()) ?? '')?.[0] ?? '';
    const row = planning.transfer(reference);
    await row.waitFor();
    expect(await row.innerText()).toContain('Requested by Admin — “Shelf empty since Monday”');
    expect(await row.innerText()).toContain('3 × Planning Beans');
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
    await shot(page, 'transfer-requested');
    await planning.confirmAndClick(row, 'Accept');
    await expect.poll(() => planning.status().textContent()).toBe(`Accepted ${reference}: reserved at Demo Warehouse, on its stations' work list.`);
    await expect.poll(() => row.innerText()).toContain('Ready to ship');
    const [{ reserved }] = await env.server.db.query<{ reserved: string }>(
      `SELECT coalesce(sum(r.qty), 0) AS reserved FROM reservations r JOIN picking_lines l ON l.id = r.picking_line_id JOIN pickings p ON p.id = l.picking_id WHERE p.reference = $1`, [reference],
    ) as [{ reserved: string }];
    expect(Number(reserved)).toBe(3);

    // A second request, declined: it shows as cancelled and reserves nothing.
    await page.getByRole('button', { name: 'Request stock' }).click();
    await admin.pickProduct(form, 'Add a product', 'Planning Beans');
    await form.getByRole('button', { name: 'Send request' }).click();
    await expect.poll(() => planning.status().textContent()).toMatch(/^Requested WH1\/OUT\/\d+/);
    const second = /WH1\/OUT\/\d+/.exec((await planning.status().textContent()) ?? '')?.[0] ?? '';
    await planning.confirmAndClick(planning.transfer(second), 'Decline');
    await expect.poll(() => planning.status().textContent()).toBe(`Declined ${second}.`);
    await expect.poll(() => planning.transfer(second).innerText()).toContain('Cancelled');
  }, 90_000);

  it('creates a blind count task of a location and one of a product, and lists both', async () => {
    const page = admin.page;
    await admin.goto('Count tasks');
    await planning.createCountTask({ warehouse: 'Demo Warehouse (WH1)', locations: ['WH1/Stock/A-01-02'], expected: 'Hidden: a blind count' });
    await expect.poll(() => planning.status().textContent()).toMatch(/^Created WH1\/CNT\/\d+: \d+ lines? to count, blind\. The warehouse's stations have it now\.$/);
    const located = /WH1\/CNT\/\d+/.exec((await planning.status().textContent()) ?? '')?.[0] ?? '';
    await planning.createCountTask({ warehouse: 'Demo Warehouse (WH1)', products: ['Planning Beans'], expected: 'Shown to the picker' });
    await expect.poll(() => planning.status().textContent()).toMatch(/^Created WH1\/CNT\/\d+: 2 lines to count, expected quantities shown\./);
    const byProduct = /WH1\/CNT\/\d+/.exec((await planning.status().textContent()) ?? '')?.[0] ?? '';

    const first = await planning.countTask(located).innerText();
    expect(first).toMatch(/WH1\/Stock\/A-01-02 — /);
    expect(first).toContain('No (blind)');
    expect(first).toContain('Ready');
    expect(first).toContain('Demo Warehouse');
    expect(await planning.countTask(byProduct).innerText()).toContain('Yes');
    // The stations' documents say it too.
    const docs = await env.server.db.query<{ blind: boolean }>(
      `SELECT NOT (d.doc->>'showsExpected')::boolean AS blind FROM replicated_docs d JOIN pickings p ON p.id = d.id WHERE d.collection = 'pickings' AND p.reference = ANY($1::text[]) ORDER BY p.reference`,
      [[located, byProduct]],
    );
    expect(docs.map((d) => d.blind)).toEqual([true, false]);
    expect(await admin.horizontalOverflow()).toBeLessThanOrEqual(0);
    await shot(page, 'count-tasks');
    await page.getByRole('button', { name: 'New count task' }).click();
    await shot(page, 'count-task-form');
    // Enter in the locations' filter filters; it does not send the task ticked so far.
    const form = page.getByRole('form', { name: 'New count task' });
    const before = await pickingsOfKind('count');
    const location = form.getByRole('checkbox', { name: 'WH1/Stock/A-01-02', exact: true });
    await form.getByLabel('Filter locations').fill('A-01-02');
    await location.check();
    await form.getByLabel('Filter locations').press('Enter');
    await form.getByLabel('Filter locations').fill('A-01-0');
    expect(await location.isChecked()).toBe(true);
    expect(await form.getByRole('alert').count()).toBe(0);
    expect(await pickingsOfKind('count')).toBe(before);
    await location.uncheck();
    await form.getByRole('button', { name: 'Create count task' }).click();
    await expect.poll(() => page.getByRole('form', { name: 'New count task' }).getByRole('alert').textContent()).toBe('Tick the locations to count, or add the products to count (or both).');
    expect(await pickingsOfKind('count')).toBe(before);
  }, 60_000);

  it('shows a manager the planning pages without the means to change them', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const manager = new AdminPage(page);
    await manager.open(env.url, 'reorder-rules');
    await manager.login('manager', 'manager');
    await page.getByRole('row', { name: 'Rule Planning Beans in Demo Warehouse' }).waitFor();
    expect(await page.getByRole('button', { name: /New rule|Edit|Delete|Check rules now|Order/ }).count()).toBe(0);
    for (const [label, button] of [['Purchase orders', 'New purchase order'], ['Transfers', 'New transfer'], ['Count tasks', 'New count task']] as const) {
      await manager.goto(label);
      await page.getByRole('heading', { name: label }).waitFor();
      await page.getByRole('row').nth(1).waitFor();
      expect(await page.getByRole('button', { name: button }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Receive' }).count()).toBe(0);
    }
    await shot(page, 'count-tasks-manager');
  }, 60_000);
});
