// Issue 15 points 8 and 9 in Chromium at the handheld size (360×640) against the real sync server:
// a package (SSCC) scanned at the station shows what it holds and moves as a unit with one event
// when the destination is scanned — online, and offline with contents that changed meanwhile (an
// exception the picker sees, never a drop); the picker login list names pickers; a refused pairing
// code says so in words; a till-paired device on /scanner offers to pair again; and after an
// offline reload the station still says when it last synced, in store time.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { withCheckDigit } from '../../shared/barcode/index.ts';
import { formatStoreTime } from '../../shared/time/index.ts';
import { createPairingCode } from '../../sync-server/devices/pairing.ts';
import { publishQuery } from '../../sync-server/feed/publish.ts';
import type { PairedDevice } from '../../sync-server/devices/pairing.ts';
import { launchChromium } from '../support/browser.ts';
import { locationId, makeProduct, pickingDocs, pickingEvent, pushEvents } from '../warehouse/wh-harness.ts';
import { ScannerPage } from './pages/scanner-page.ts';
import { startTillServer, type TillE2eServer } from './till-harness.ts';

const SHOTS = '/tmp/aisle-i15-shots';
const HANDHELD = { width: 360, height: 640 };
const PICK = 'WH1/Stock/A-01-01';
const PACKED = 'WH1/Stock/A-01-02';
const DEST = 'WH1/Stock/B-01-01';

describe('scanner station: packages and start-up (issue 15 points 8 and 9)', () => {
  let env: TillE2eServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let scanner: ScannerPage;
  let packer: PairedDevice;
  let admin: string;
  let mug: string;
  let milk: string;
  let mugName: string;
  let milkName: string;
  const sscc = withCheckDigit('34012345000000003');

  const onHand = async (productId: string, location: string, lot = ''): Promise<number> =>
    Number((await env.server.db.query<{ on_hand: number }>(
      'SELECT q.on_hand FROM quants q JOIN locations l ON l.id = q.location_id WHERE q.product_id = $1 AND l.full_name = $2 AND q.lot = $3',
      [productId, location, lot],
    ))[0]?.on_hand ?? 0);
  const nameOf = async (productId: string): Promise<string> =>
    (await env.server.db.query<{ name: string }>('SELECT name FROM products WHERE id = $1', [productId]))[0]?.name ?? '?';
  const packageMoves = async (): Promise<{ payload: { toLocationId: string } }[]> =>
    env.server.db.query(`SELECT payload FROM events WHERE collection = 'package_moves' AND payload->>'sscc' = $1 ORDER BY received_at`, [sscc]);
  /** Another station packs goods into the package with a transfer validated at `to`. */
  const pack = async (lines: { productId: string; qty: number; lot?: string }[], from: string, to: string): Promise<void> => {
    const [fromId, toId] = [await locationId(env.server.db, from), await locationId(env.server.db, to)];
    const t = await env.server.api('/api/transfers', { token: admin, body: { warehouse: 'WH1', lines: lines.map((l) => ({ ...l, fromLocationId: fromId, toLocationId: toId })) } });
    expect(t.status).toBe(201);
    const { pickingId } = t.body as { pickingId: string };
    const doc = (await pickingDocs(env.server.db)).filter((d) => d.id === pickingId).at(-1);
    const picked = (doc?.lines ?? []).map((l) => ({ lineId: l.lineId, productId: l.productId, qty: l.qty, fromLocationId: l.fromLocationId, toLocationId: toId, packageId: sscc, ...(l.lot ? { lot: l.lot } : {}) }));
    await pushEvents(env.server, packer, [pickingEvent(packer, 'claim', pickingId), pickingEvent(packer, 'validate', pickingId, { lines: picked })]);
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await startTillServer({ products: 30 });
    const db = env.server.db;
    admin = await env.server.login('admin', 'admin');
    mug = await makeProduct(db, [{ site: 'WH1', qty: 10, location: PICK }]);
    milk = await makeProduct(db, [{ site: 'WH1', qty: 5, lot: 'LOT-P', expiry: '2031-03-31', location: PICK }], { tracking: 'lot' });
    [mugName, milkName] = [await nameOf(mug), await nameOf(milk)];
    // The station's catalog gets them (names on the package screen).
    await db.transaction(async (tx) => {
      await tx.query('SELECT seq FROM feed_counter FOR UPDATE');
      await publishQuery(tx, 'products', `SELECT id, 'all' AS scope, doc FROM product_docs WHERE id = ANY($1::text[])`, [[mug, milk]]);
    });
    packer = await env.server.pairDevice('scanner', 'WH1', 'Packer');
    await pack([{ productId: mug, qty: 4 }, { productId: milk, qty: 2, lot: 'LOT-P' }], PICK, PACKED);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: HANDHELD });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    scanner = new ScannerPage(page);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('a wrong or used pairing code says "That code is unknown or already used"; the login list names pickers', async () => {
    await scanner.open(env.url);
    await scanner.pair(env.url, 'WRONG-CODE-1234');
    await expect.poll(async () => page.getByRole('alert').textContent(), { timeout: 10_000 }).toMatch(/^That code is unknown or already used\./);
    const used = (await createPairingCode(env.server.db, 'scanner', 'WH1')).code;
    expect((await env.server.api('/api/devices/pair', { body: { code: used, name: 'Someone else' } })).status).toBe(200);
    await scanner.pair(env.url, used);
    await expect.poll(async () => page.getByRole('alert').textContent(), { timeout: 10_000 }).toMatch(/^That code is unknown or already used\./);
    await page.screenshot({ path: `${SHOTS}/pairing-refused-360x640.png`, fullPage: true });

    await scanner.pair(env.url, (await createPairingCode(env.server.db, 'scanner', 'WH1')).code);
    const list = await scanner.loginChoices();
    expect(list.label).toBe('Picker');
    expect(list.choices).toContain('Pat Novak');
    // Names, never usernames: no "(pat)" and no bare login names in the list.
    expect(list.choices.some((c) => /\(pat\)|^pat$/.test(c))).toBe(false);
    expect(await page.getByRole('heading', { name: 'Picker login' }).isVisible()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/login-360x640.png`, fullPage: true });
    await scanner.login('Pat Novak', '2468');
  }, 120_000);

  it('scanning a package shows what it holds; scanning the destination moves it all with one event', async () => {
    await page.getByRole('heading', { name: 'Work' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => page.evaluate(() => document.body.textContent?.includes('Last synced') ?? false), { timeout: 30_000 }).toBe(true);
    // A package this station was never told about.
    await scanner.scan(`(00)${withCheckDigit('34012345000000999')}`);
    await page.getByRole('heading', { name: 'Move a package' }).waitFor({ timeout: 10_000 });
    await scanner.expectFeedback(/is not known to this station/);
    expect(await scanner.lastSound()).toBe('unknown-package');
    await page.getByRole('button', { name: 'Back to list' }).click();

    // The package packed by the other station, scanned on the work list: its contents, from where.
    await expect.poll(async () => {
      await scanner.scan(`(00)${sscc}`);
      const ok = await page.getByRole('heading', { name: `Package ${sscc}` }).isVisible();
      if (!ok && await page.getByRole('button', { name: 'Back to list' }).isVisible()) await page.getByRole('button', { name: 'Back to list' }).click();
      return ok;
    }, { timeout: 30_000, interval: 1_000 }).toBe(true);
    await scanner.expectFeedback(new RegExp(`^Package ${sscc} at ${PACKED}: scan where you put it\\.$`));
    const contents = page.getByRole('table', { name: 'Package contents' });
    // One card per line at this width (the header row is hidden; each cell is labelled).
    const rows = (await contents.locator('tbody tr').allTextContents()).sort();
    expect(rows).toEqual([`${mugName}—4`, `${milkName}LOT-P2`].sort());
    await page.screenshot({ path: `${SHOTS}/package-contents-360x640.png`, fullPage: true });
    for (const el of [page.getByLabel('Next step'), page.getByLabel('Scan feedback'), contents, page.getByLabel('Barcode'), page.getByRole('button', { name: 'Back to list' })]) {
      await el.scrollIntoViewIfNeeded();
      const box = await el.boundingBox();
      if (!box) throw new Error(`not shown at 360×640: ${el.toString()}`);
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, el.toString()).toBeLessThanOrEqual(HANDHELD.width + 0.5);
    }
    for (const button of await page.getByRole('button').all()) {
      const box = await button.boundingBox();
      if (box) expect(box.height, `${await button.textContent()}`).toBeGreaterThanOrEqual(48);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(HANDHELD.width);

    // Where it already is is not a move; a product is not a destination.
    await scanner.scan(`LOC:${PACKED}`);
    await scanner.expectFeedback(/is already at WH1\/Stock\/A-01-02/);
    await scanner.scan(`LOC:${DEST}`);
    await scanner.expectFeedback(new RegExp(`^Package ${sscc} moved to ${DEST}\\.$`));
    await expect.poll(async () => (await page.getByLabel('Move outcome').textContent()) ?? '', { timeout: 30_000 }).toBe('Recorded');
    await page.screenshot({ path: `${SHOTS}/package-moved-360x640.png`, fullPage: true });
    expect(await packageMoves()).toHaveLength(1);
    expect([await onHand(mug, PACKED), await onHand(mug, DEST), await onHand(milk, PACKED, 'LOT-P'), await onHand(milk, DEST, 'LOT-P')]).toEqual([0, 4, 0, 2]);
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await scanner.eventOutcome(`Moved package ${sscc} to ${DEST}`)).toMatch(/Recorded/);
  }, 120_000);

  it('offline, the move waits on the station and arrives once; contents changed meanwhile come back as an exception', async () => {
    const cut = `${env.url}/api/**`;
    // Cut off: the live stream may still look up, but nothing the station sends arrives.
    await context.route(cut, (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Move a package' }).click();
    await scanner.scan(`(00)${sscc}`);
    await scanner.expectFeedback(new RegExp(`^Package ${sscc} at ${DEST}: scan where you put it\\.$`));
    await scanner.scan(`LOC:${PICK}`);
    await expect.poll(async () => (await page.getByLabel('Move outcome').textContent()) ?? '', { timeout: 10_000 }).toBe('Waiting for the server');
    // Meanwhile another station puts one more mug in the package where the books have it.
    await pack([{ productId: mug, qty: 1 }], PICK, DEST);
    expect(await packageMoves()).toHaveLength(1);

    await context.unroute(cut);
    await expect.poll(async () => (await page.getByLabel('Move outcome').textContent()) ?? '', { timeout: 60_000 })
      .toBe(`Package ${sscc} changed since the station saw it: the books say it holds 5 × ${mugName}, 2 × ${milkName} lot LOT-P, the station showed 4 × ${mugName}, 2 × ${milkName} lot LOT-P. What the books hold was moved to ${PICK} — check the package`);
    expect(await packageMoves()).toHaveLength(2);
    expect([await onHand(mug, DEST), await onHand(milk, DEST, 'LOT-P'), await onHand(milk, PICK, 'LOT-P')]).toEqual([0, 0, 5]);
    await page.screenshot({ path: `${SHOTS}/package-changed-360x640.png`, fullPage: true });
    await page.getByRole('button', { name: 'Done' }).click();
  }, 180_000);

  it('after an offline reload the station shows when it last synced, in store time', async () => {
    await expect.poll(() => scanner.connection(), { timeout: 30_000 }).toBe('Online');
    const cut = `${env.url}/api/**`;
    await context.route(cut, (route) => route.abort('internetdisconnected'));
    const last = await page.evaluate(() => localStorage.getItem('aisle.lastSyncAt'));
    expect(last).not.toBeNull();
    await page.reload();
    const text = page.getByLabel('Last sync');
    await text.waitFor({ timeout: 30_000 });
    expect(await scanner.connection()).toBe('Offline');
    // A pull in flight when the line was cut may have landed a moment later: the time kept is the last one.
    const kept = (await page.evaluate(() => localStorage.getItem('aisle.lastSyncAt'))) ?? '';
    expect(Date.parse(kept)).toBeGreaterThanOrEqual(Date.parse(last ?? ''));
    await expect.poll(() => text.textContent(), { timeout: 10_000 }).toBe(`Last synced ${formatStoreTime(kept, 'Europe/Paris')}`);
    await page.screenshot({ path: `${SHOTS}/offline-reload-360x640.png`, fullPage: true });
    await context.unroute(cut);
  }, 120_000);

  it('a device paired as a till that opens /scanner offers to pair it again as a station', async () => {
    const other = await browser.newContext({ viewport: HANDHELD });
    const tillPage = await other.newPage();
    const station = new ScannerPage(tillPage);
    await station.open(env.url);
    await station.pair(env.url, await env.pairingCode());
    await tillPage.getByRole('heading', { name: 'Not a scanner station' }).waitFor({ timeout: 30_000 });
    expect(await tillPage.getByRole('alert').textContent()).toBe('This device is paired as a till. Open /till, or pair it again with a scanner code.');
    await tillPage.getByRole('button', { name: 'Pair as a scanner station' }).click();
    await tillPage.getByRole('heading', { name: 'Pair this scanner station' }).waitFor({ timeout: 10_000 });
    await station.pair(env.url, (await createPairingCode(env.server.db, 'scanner', 'WH1')).code);
    expect((await station.loginChoices()).choices).toContain('Pat Novak');
    await other.close();
  }, 120_000);
});
