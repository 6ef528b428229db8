// End-to-end harness for the till: builds the renderer, runs the real sync server (migrated and
// seeded demo data) and lets a test stop and restart its HTTP side on the same port (same
// database) to play "server down", and read what the server stored.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { buildRenderer } from '../../scripts/build-renderer.ts';
import { verifyChain } from '../../shared/chain/index.ts';
import type { Sale } from '../../shared/schemas/index.ts';
import { createPairingCode } from '../../sync-server/devices/pairing.ts';
import { buildServer } from '../../sync-server/http/server.ts';
import { launchChromium, launchPersistentChromium } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { TillPage } from './pages/till-page.ts';

export interface TillE2eServer {
  server: TestServer;
  url: string;
  stopHttp(): Promise<void>;
  startHttp(): Promise<void>;
  pairingCode(): Promise<string>;
  /** Product barcodes as printed (EAN-13), with name and price. */
  products(n: number): Promise<{ ean: string; name: string; price: number }[]>;
  /** The sale events the server stored for a till, by seq. */
  serverSales(tillId: string): Promise<Sale[]>;
  close(): Promise<void>;
}

export async function startTillServer(options: { products?: number } = {}): Promise<TillE2eServer> {
  await buildRenderer({ quiet: true });
  const server = await startTestServer('pglite', { products: options.products ?? 300 });
  const port = Number(new URL(server.url).port);
  let app: FastifyInstance | null = server.app;
  const e2e: TillE2eServer = {
    server,
    url: server.url,
    async stopHttp() {
      if (!app) return;
      // SSE streams hold their sockets open; cut every connection like a crashed server would.
      const closing = app.close();
      app.server.closeAllConnections();
      await closing;
      app = null;
    },
    async startHttp() {
      if (app) return;
      const next = await buildServer({ db: server.db, heartbeatMs: 5_000 });
      await next.listen({ port, host: '127.0.0.1' });
      if ((next.server.address() as AddressInfo).port !== port) throw new Error('server restarted on another port');
      app = next;
    },
    async pairingCode() {
      return (await createPairingCode(server.db, 'till', 'STORE1')).code;
    },
    async products(n) {
      const rows = await server.db.query<{ barcode: string; name: string; price: string | number }>(
        `SELECT b.barcode, p.name, p.price FROM products p JOIN product_barcodes b ON b.product_id = p.id
         WHERE p.active AND b.barcode LIKE '0%' AND p.unit = 'unit' ORDER BY p.sku LIMIT $1`,
        [n],
      );
      return rows.map((r) => ({ ean: r.barcode.slice(1), name: r.name, price: Number(r.price) }));
    },
    async serverSales(tillId) {
      const rows = await server.db.query<{ payload: Sale }>(
        `SELECT payload FROM events WHERE collection = 'sales' AND device_id = $1 ORDER BY (payload->>'seq')::int`,
        [tillId],
      );
      return rows.map((r) => r.payload);
    },
    async close() {
      if (app && app !== server.app) {
        const closing = app.close();
        app.server.closeAllConnections();
        await closing;
      }
      app = null;
      await server.close();
    },
  };
  return e2e;
}

/** Seqs 1..n with no gap or repeat, and the hash chain intact. */
export function chainReport(sales: readonly Sale[]): { seqs: number[]; gapless: boolean; chainOk: boolean } {
  const seqs = sales.map((s) => s.seq);
  const gapless = seqs.every((s, i) => s === i + 1);
  const verdict = verifyChain(sales);
  return { seqs, gapless, chainOk: verdict.ok };
}

/**
 * A till in a persistent Chromium profile (IndexedDB survives closing the browser), for the
 * offline and crash tests: each call is a browser start on the same profile.
 */
export async function openPersistentTill(profile: string): Promise<{ context: BrowserContext; page: Page; till: TillPage }> {
  const context = await launchPersistentChromium(profile);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return { context, page, till: new TillPage(page) };
}

/** A product as the tests scan it: its EAN-13 as printed, name and price. */
export interface E2eProduct {
  ean: string;
  name: string;
  price: number;
}

/** What a till test works with: the server, one Chromium, one till page on it and products to scan. */
export interface TillE2e {
  env: TillE2eServer;
  browser: Browser;
  page: Page;
  till: TillPage;
  products: E2eProduct[];
}

/**
 * Starts the server (seeded, renderer built), Chromium and one till page at 1024×768 (page errors
 * logged), and reads `products` barcodes to scan. `page` adds to or overrides the page's options.
 */
export async function startTillE2e(options: { products: number; page?: BrowserContextOptions }): Promise<TillE2e> {
  const env = await startTillServer();
  const products = await env.products(options.products);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1024, height: 768 }, ...options.page });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return { env, browser, page, till: new TillPage(page), products };
}

/** The server's product id of a product the tests scan by its EAN-13 (stored as a GTIN-14, 0-prefixed). */
export async function productIdOf(env: TillE2eServer, ean: string): Promise<string> {
  const [row] = await env.server.db.query<{ product_id: string }>('SELECT product_id FROM product_barcodes WHERE barcode = $1', [`0${ean}`]);
  if (!row) throw new Error(`no product with the barcode ${ean}`);
  return row.product_id;
}

/** Closes what startTillE2e started (either may be missing when the start failed). */
export async function stopTillE2e(env: TillE2eServer | undefined, browser: Browser | undefined): Promise<void> {
  await browser?.close();
  await env?.close();
}

/**
 * Opens the till (at `url`, default the server's /till; a hardware test passes its device-bridge URL),
 * pairs it with a fresh code, logs alice in and opens a session with the float (default 100.00).
 */
export async function openShift(till: TillPage, env: TillE2eServer, options: { float?: string; url?: string } = {}): Promise<void> {
  await till.page.goto(options.url ?? `${env.url}/till`);
  await till.pair(env.url, await env.pairingCode());
  await till.login('alice', '1234');
  await till.openSession(options.float ?? '100.00');
}
