// Parked sales (docs/till.md "Parked sales"), in Chromium at 1024×768 against the real server, on a
// persistent profile: a cart parked with a note leaves an empty cart; another sale is paid
// meanwhile; the parked one is resumed (over a sale on screen, parked first when the cashier says
// so) with its lines and customer and paid; both reach the server once. A sale with a recorded card
// payment is refused. A parked sale survives a reload and a killed browser, and closing the
// session with it says so until it is discarded.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { formatStoreDateTime } from '../../shared/time/index.ts';
import { killChromium } from '../support/browser.ts';
import type { TillPage } from './pages/till-page.ts';
import { type E2eProduct, openPersistentTill, openShift, startTillServer, type TillE2eServer } from './till-harness.ts';

const SHOTS = join(process.cwd(), 'test-results', 'till-park');
const euros = (minor: number): string => `€${(minor / 100).toFixed(2)}`;

describe('till: park a sale and resume it', () => {
  let env: TillE2eServer;
  let profile: string;
  let context: BrowserContext | null = null;
  let page: Page;
  let till: TillPage;
  let tillId = '';
  let a: E2eProduct;
  let b: E2eProduct;
  let c: E2eProduct;
  let customer: { id: string; name: string };
  let cashierName = '';
  let storeZone = '';

  const openTill = async (): Promise<void> => {
    const opened = await openPersistentTill(profile);
    context = opened.context;
    ({ page, till } = opened);
  };

  /** "today HH:MM" in store time, for the minute around now. */
  const storeTodayNow = (): string[] => {
    const now = Date.now();
    return [now - 60_000, now, now + 60_000].map((t) => `today ${formatStoreDateTime(new Date(t), storeZone).slice(11)}`);
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await startTillServer();
    const candidates = await env.products(40);
    const dear = candidates.filter((p) => p.price > 300);
    const [first, second, third] = dear;
    if (!first || !second || !third) throw new Error('the seed has no three products above 3.00');
    [a, b, c] = [first, second, third];
    const [row] = await env.server.db.query<{ id: string; name: string }>('SELECT id, name FROM customers ORDER BY name LIMIT 1');
    if (!row) throw new Error('seed has no customers');
    customer = row;
    const [alice] = await env.server.db.query<{ display_name: string }>(`SELECT display_name FROM users WHERE username = 'alice'`);
    cashierName = alice?.display_name ?? '';
    const [site] = await env.server.db.query<{ time_zone: string }>(`SELECT time_zone FROM sites WHERE code = 'STORE1'`);
    storeZone = site?.time_zone ?? '';
    expect(storeZone).not.toBe('');
    profile = mkdtempSync(join(tmpdir(), 'aisle-till-park-'));
    await openTill();
    await openShift(till, env);
    tillId = await till.deviceId();
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await env?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('parks a cart with a note and a customer, and leaves an empty cart', async () => {
    await till.enterCode(a.ean);
    await till.enterCode(b.ean);
    await till.expectLines(2);
    await till.attachCustomer(customer.name);
    expect(await till.parkedCount()).toBe(0);
    await till.parkSale('blue coat');
    await till.expectLines(0);
    expect(await page.getByRole('button', { name: 'Remove customer' }).count()).toBe(0);
    await expect.poll(() => till.parkedCount()).toBe(1);
    expect(await page.getByRole('status').filter({ hasText: 'is parked' }).textContent()).toBe('“blue coat” is parked: find it under Parked to resume it.');
    // Park sale, Parked and the rest of the side column, down to Void sale, are in view at 1024×768.
    const hidden = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.sell-side button')]
        .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().bottom > (el.closest('.sell-side')?.getBoundingClientRect().bottom ?? 0) + 0.5)
        .map((el) => el.textContent ?? ''),
    );
    expect(hidden).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'sell-with-parked-1024x768.png') });
  }, 60_000);

  it('refuses to park an empty cart, saying so', async () => {
    await page.getByRole('button', { name: 'Park sale', exact: true }).click();
    await expect.poll(() => till.alertText()).toBe('Nothing to park: the sale is empty.');
    expect(await page.getByRole('dialog', { name: 'Park sale' }).count()).toBe(0);
  }, 30_000);

  it('sells another sale meanwhile, then resumes the parked one over a new cart (parking that first) and pays it: both reach the server once', async () => {
    await till.sellAndPayCash([c.ean]);
    await till.newSale();
    // Another customer's item is on screen when the first customer comes back.
    await till.enterCode(c.ean);
    await till.expectLines(1);
    const dialog = await till.openParked();
    const row = dialog.getByRole('row', { name: 'Parked blue coat' });
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells.slice(0, 5)).toEqual(['blue coat', customer.name, '2', euros(a.price + b.price), cashierName]);
    expect(storeTodayNow()).toContain(cells[5]);
    await page.screenshot({ path: join(SHOTS, 'parked-list-1024x768.png') });
    await dialog.getByRole('button', { name: 'Resume blue coat' }).click();
    expect(await dialog.textContent()).toContain(`The sale on screen (1 item, ${euros(c.price)}) is parked first, then “blue coat” comes back into the cart.`);
    await page.screenshot({ path: join(SHOTS, 'resume-over-a-sale-1024x768.png') });
    await dialog.getByRole('button', { name: 'Park it and resume' }).click();
    await dialog.waitFor({ state: 'detached' });
    await till.expectLines(2);
    expect(await page.getByRole('row', { name: `Line ${a.name}` }).count()).toBe(1);
    expect(await page.getByRole('row', { name: `Line ${b.name}` }).count()).toBe(1);
    expect(await page.getByLabel('Customer', { exact: true }).textContent()).toContain(customer.name);
    expect(await page.getByLabel('Total due').textContent()).toContain(euros(a.price + b.price).slice(1));
    // The sale that was on screen is parked now, named by when it was parked.
    await expect.poll(() => till.parkedCount()).toBe(1);
    await till.startPayment();
    await till.tender('Cash');
    await till.expectPaid();
    await till.newSale();
    await expect.poll(async () => (await env.serverSales(tillId)).length, { timeout: 30_000 }).toBe(2);
    const [other, resumed] = await env.serverSales(tillId);
    expect(other?.lines.map((l) => l.name)).toEqual([c.name]);
    expect(resumed?.lines.map((l) => l.name)).toEqual([a.name, b.name]);
    expect(resumed?.customerId).toBe(customer.id);
    expect(resumed?.total).toBe(a.price + b.price);
    expect(new Set([other?.id, resumed?.id]).size).toBe(2);
  }, 120_000);

  it('refuses to park a sale with a recorded card payment, naming it', async () => {
    await till.enterCode(a.ean);
    await till.expectLines(1);
    await till.startPayment();
    await till.tender('Card approved', '1.00');
    await till.backToSale();
    await page.getByRole('button', { name: 'Park sale', exact: true }).click();
    await expect.poll(() => till.alertText()).toBe(
      "This sale cannot be parked: Card €1.00 is recorded on it. A parked sale never holds a customer's money — finish the sale, or void the payment on the pay screen first.",
    );
    expect(await page.getByRole('dialog', { name: 'Park sale' }).count()).toBe(0);
    expect(await till.parkedCount()).toBe(1);
    await till.expectLines(1);
    await till.startPayment();
    await till.tender('Cash');
    await till.expectPaid();
    await till.newSale();
    await expect.poll(async () => (await env.serverSales(tillId)).length, { timeout: 30_000 }).toBe(3);
  }, 60_000);

  it('keeps a parked sale across a reload and a killed browser', async () => {
    await page.reload();
    await till.login('alice', '1234');
    await till.waitForCatalog(2);
    await expect.poll(() => till.parkedCount(), { timeout: 15_000 }).toBe(1);
    await till.expectLines(0);
    // SIGKILL: no unload handler, no orderly IndexedDB shutdown.
    await killChromium(context as BrowserContext, profile);
    context = null;
    await openTill();
    await till.open(env.url);
    await till.login('alice', '1234');
    await till.waitForCatalog(2);
    await expect.poll(() => till.parkedCount(), { timeout: 15_000 }).toBe(1);
    const dialog = await till.openParked();
    const cells = await dialog.getByRole('row', { name: /^Parked / }).getByRole('cell').allTextContents();
    expect(cells.slice(0, 4)).toEqual(['No note', '—', '1', euros(c.price)]);
    await dialog.getByRole('button', { name: 'Close' }).click();
  }, 180_000);

  it('does not close the session while a sale is parked, and closes once it is discarded', async () => {
    await page.getByRole('button', { name: 'Close session' }).click();
    const notice = page.getByRole('region', { name: 'Parked sales before closing' });
    expect(await notice.getByRole('alert').textContent()).toBe(
      '1 parked sale on this till: resume or discard it before closing the session. A parked sale holds no money, so discarding is allowed.',
    );
    expect(await page.getByRole('button', { name: 'Close and print Z report' }).isDisabled()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'close-with-parked-1024x768.png') });
    await notice.getByRole('button', { name: 'Show parked sales' }).click();
    const dialog = page.getByRole('dialog', { name: 'Parked sales' });
    await dialog.getByRole('button', { name: /^Discard Sale parked at / }).click();
    expect(await dialog.textContent()).toContain(`(1 item, ${euros(c.price)})? It leaves the parked sales for good. No money was taken on it.`);
    await dialog.getByRole('button', { name: 'Yes, discard it' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('No parked sales on this till.');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await notice.count()).toBe(0);
    await page.getByLabel('Counted cash (€)', { exact: true }).fill('100.00');
    await page.getByLabel('Counted card (€)', { exact: true }).fill('0');
    await page.getByLabel('Counted voucher (€)', { exact: true }).fill('0');
    await page.getByRole('button', { name: 'Close and print Z report' }).click();
    await page.getByRole('region', { name: 'Z report' }).waitFor();
    // Nothing parked reached the server: the two sales and the card-and-cash one only.
    expect((await env.serverSales(tillId)).length).toBe(3);
  }, 60_000);
});
