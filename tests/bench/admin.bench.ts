// `npm run bench -- admin` (issue 13 point 6): (a) a CSV import of 100k new products through the
// admin API (upload, checks, writes, feed) next to a raw COPY of the same rows into products,
// product_barcodes and product_taxes, in the same run on the same database (target ≤ 3×); (b) the
// time from a price change through the admin API until a paired, open till in Chromium has it —
// stored in its database, and in the catalog index its scans read (target ≤ 2 s), on that same
// 100k+ catalog. PGlite unless DATABASE_URL is set; AISLE_BENCH_PRODUCTS overrides 100k,
// AISLE_BENCH_PRICE_CHANGES the 6 price changes.
import { performance } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import type { CatalogImportLine } from '../../shared/admin-api/catalog-csv.ts';
import { withCheckDigit } from '../../shared/barcode/gtin.ts';
import { formatMoney } from '../../shared/money/format.ts';
import { buildRenderer } from '../../scripts/build-renderer.ts';
import { createPairingCode } from '../../sync-server/devices/pairing.ts';
import { launchChromium } from '../support/browser.ts';
import { databaseUrl } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { TillPage } from '../e2e/pages/till-page.ts';
import type { BenchRow } from './registry.ts';
import { p50 } from './percentile.ts';

export const name = 'admin';

const PRODUCTS = Number(process.env.AISLE_BENCH_PRODUCTS || 100_000);
const PRICE_CHANGES = Number(process.env.AISLE_BENCH_PRICE_CHANGES || 6);
const HEADER = 'sku,name,barcodes,category,unit,price,price_includes_tax,taxes,cost,tracking,archived';
const CATEGORIES = ['Grocery', 'Drinks', 'Household', 'Personal care', 'Stationery'];
const WORDS = ['Organic', 'Classic', 'Fresh', 'Premium', 'Everyday', 'Family', 'Crispy', 'Smooth', 'Wild', 'Golden'];
const THINGS = ['Apples', 'Coffee', 'Pasta', 'Olive Oil', 'Tea', 'Cheese', 'Crackers', 'Yogurt', 'Honey', 'Rice', 'Soap', 'Candles'];

const seconds = (ms: number): number => ms / 1000;
const csvQuote = (s: string): string => `"${s.replaceAll('"', '""')}"`;

interface BenchCatalog {
  /** The file an admin uploads. */
  file: string;
  /** The same rows as COPY input (FORMAT csv) for each table. */
  products: string;
  barcodes: string;
  taxes: string;
}

function benchCatalog(n: number, prefix = 'BENCH'): BenchCatalog {
  const file: string[] = [HEADER];
  const products: string[] = [];
  const barcodes: string[] = [];
  const taxes: string[] = [];
  for (let i = 1; i <= n; i++) {
    const id = uuidv7();
    const sku = `${prefix}-${String(i).padStart(6, '0')}`;
    const title = `${WORDS[i % WORDS.length] ?? ''} ${THINGS[Math.floor(i / 10) % THINGS.length] ?? ''} No. ${i}`;
    const ean = withCheckDigit(`${prefix === 'BENCH' ? 29 : 28}${String(i).padStart(10, '0')}`);
    const category = CATEGORIES[i % CATEGORIES.length] ?? '';
    const unit = i % 97 === 0 ? 'kg' : 'unit';
    const price = 99 + ((i * 37) % 4900);
    const cost = Math.floor((price * 6) / 10);
    const grocery = category === 'Grocery';
    file.push([sku, title, ean, category, unit, formatMoney(price, 'EUR'), 'true', grocery ? 'VAT 5.5%' : 'VAT 20%', formatMoney(cost, 'EUR'), 'none', 'false'].join(','));
    products.push([id, sku, csvQuote(title), price, 'true', cost, csvQuote(category), unit, 'none', 'true'].join(','));
    barcodes.push(`0${ean},${id}`);
    taxes.push(`${id},${grocery ? 'tax-reduced' : 'tax-standard'},0`);
  }
  const text = (lines: string[]): string => lines.join('\n') + '\n';
  return { file: text(file), products: text(products), barcodes: text(barcodes), taxes: text(taxes) };
}

/** Raw COPY of the rows into the three catalog tables, committed, then deleted again. */
async function rawCopy(s: TestServer, c: BenchCatalog, prefix: string): Promise<number> {
  const t = performance.now();
  await s.db.transaction(async (tx) => {
    await tx.copyFrom('products', ['id', 'sku', 'name', 'price', 'price_includes_tax', 'cost', 'category', 'unit', 'tracking', 'active'], c.products);
    await tx.copyFrom('product_barcodes', ['barcode', 'product_id'], c.barcodes);
    await tx.copyFrom('product_taxes', ['product_id', 'tax_id', 'position'], c.taxes);
  });
  const ms = performance.now() - t;
  await s.db.query('DELETE FROM products WHERE sku LIKE $1', [`${prefix}-%`]);
  for (const table of ['product_taxes', 'product_barcodes', 'products']) await s.db.query(`VACUUM ${table}`);
  return ms;
}

/** The import through the admin API, as the back office sends it; each phase's end, from the progress lines. */
async function apiImport(s: TestServer, token: string, file: string): Promise<{ ms: number; firstAt: Map<string, number>; lines: CatalogImportLine[] }> {
  const t = performance.now();
  const res = await fetch(`${s.url}/api/admin/products/import?file=bench.csv`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: file });
  if (res.status !== 200 || !res.body) throw new Error(`import refused: ${res.status} ${await res.text()}`);
  const firstAt = new Map<string, number>();
  const lines: CatalogImportLine[] = [];
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of res.body) {
    rest += decoder.decode(chunk, { stream: true });
    const parts = rest.split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts.filter(Boolean)) {
      const line = JSON.parse(part) as CatalogImportLine;
      lines.push(line);
      const key = line.type === 'progress' ? line.phase : line.type;
      if (!firstAt.has(key)) firstAt.set(key, performance.now() - t);
    }
  }
  return { ms: performance.now() - t, firstAt, lines };
}

interface PriceChangeTiming {
  answered: number;
  stored: number;
  indexed: number;
}

/**
 * In the till page: changes a price through the admin API (the page's clock starts at the
 * request) and waits until the till's own database holds the new price, and until the catalog
 * index its scans read is published again with it (`data-catalog-ready-at`, catalog-store.ts).
 */
async function changePriceInPage(page: TillPage['page'], args: { token: string; id: string; price: number }): Promise<PriceChangeTiming> {
  // tsx names the functions below with an `__name` helper the page does not have (given as text, not transformed).
  await page.evaluate('globalThis.__name = (fn) => fn');
  return page.evaluate(async ({ token, id, price }) => {
    const dbs = await indexedDB.databases();
    const name = dbs.find((d) => d.name?.includes('aisle-till') && d.name.includes('--products'))?.name;
    if (!name) throw new Error('the till has no products database');
    const idb = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error('open failed'));
    });
    const store = [...idb.objectStoreNames].find((n) => n === 'docs') ?? idb.objectStoreNames[0] ?? 'docs';
    const read = () =>
      new Promise<number | undefined>((resolve, reject) => {
        const get = idb.transaction(store, 'readonly').objectStore(store).get(id);
        get.onsuccess = () => resolve((get.result as { price?: number } | undefined)?.price);
        get.onerror = () => reject(get.error ?? new Error('read failed'));
      });
    const sleep = (ms = 5) => new Promise((r) => setTimeout(r, ms));
    const ds = document.documentElement.dataset;
    // Start when the index is quiet (no rebuild from an earlier change in flight), so the first
    // publication after the change is the one that carries it.
    for (let last = ds.catalogReadyAt, quietSince = performance.now(); performance.now() - quietSince < 2500; await sleep(50)) {
      if (ds.catalogReadyAt !== last) [last, quietSince] = [ds.catalogReadyAt, performance.now()];
    }
    const t0 = performance.now();
    const res = await fetch(`/api/admin/products/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ price }) });
    if (!res.ok) throw new Error(`price change refused: ${res.status}`);
    const answered = performance.now() - t0;
    let stored = NaN;
    let indexed = NaN;
    while (performance.now() - t0 < 30_000 && (Number.isNaN(stored) || Number.isNaN(indexed))) {
      const at = Number(ds.catalogReadyAt);
      if (Number.isNaN(indexed) && at >= t0) indexed = at - t0;
      if (Number.isNaN(stored) && (await read()) === price) stored = performance.now() - t0;
      else await sleep();
    }
    idb.close();
    return { answered, stored, indexed };
  }, args);
}


async function priceChanges(s: TestServer, token: string, catalogSize: number, rows: BenchRow[]): Promise<void> {
  await buildRenderer({ quiet: true });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    page.on('pageerror', (error) => console.error('till page error:', error.message));
    const till = new TillPage(page);
    await till.open(s.url);
    const t = performance.now();
    await till.pair(s.url, (await createPairingCode(s.db, 'till', 'STORE1')).code);
    await page.waitForFunction((n) => Number(document.documentElement.dataset.catalogSize ?? 0) >= n && document.documentElement.dataset.productsPulledAt !== undefined, catalogSize, { timeout: 900_000, polling: 500 });
    rows.push({ metric: `till first sync of ${catalogSize} products (setup)`, value: seconds(performance.now() - t), unit: 's', note: 'pairing → catalog searchable' });
    await till.login('alice', '1234');
    await till.openSession('100.00');

    const [product] = await s.db.query<{ id: string; ean: string; price: number }>(
      "SELECT p.id, b.barcode AS ean, p.price FROM products p JOIN product_barcodes b ON b.product_id = p.id WHERE p.sku = 'BENCH-000500'",
    );
    if (!product) throw new Error('no bench product');
    const timings: PriceChangeTiming[] = [];
    let price = product.price;
    for (let i = 0; i < PRICE_CHANGES; i++) {
      price += 10;
      timings.push(await changePriceInPage(page, { token, id: product.id, price }));
    }
    // Right after the last change, before any rebuild of the index: the next scan charges it.
    await till.enterCode(product.ean.slice(1));
    const line = await page.getByRole('row', { name: /^Line / }).first().innerText();
    if (!line.includes(formatMoney(price, 'EUR'))) throw new Error(`the scan shows ${line}, not the new price ${formatMoney(price, 'EUR')}`);
    const stored = timings.map((x) => x.stored);
    const indexed = timings.map((x) => x.indexed);
    const answered = timings.map((x) => x.answered);
    rows.push({ metric: `price change → stored on the till, p50 of ${timings.length}`, value: seconds(p50(stored)), unit: 's', note: `max ${seconds(Math.max(...stored)).toFixed(2)} s; API answered in ${p50(answered).toFixed(0)} ms (p50); target ≤ 2 s` });
    rows.push({ metric: `price change → in the index scans read, p50 of ${timings.length}`, value: seconds(p50(indexed)), unit: 's', note: `max ${seconds(Math.max(...indexed)).toFixed(2)} s, ${catalogSize} products; a scan right after the last change showed ${formatMoney(price, 'EUR')}; target ≤ 2 s` });
  } finally {
    await browser.close();
  }
}

export async function run(): Promise<BenchRow[]> {
  const kind = databaseUrl ? 'postgres' : 'pglite';
  const rows: BenchRow[] = [];
  const s = await startTestServer(kind, { products: 20, poolSize: 4 });
  try {
    const token = await s.login('admin', 'admin');
    const catalog = benchCatalog(PRODUCTS);
    rows.push({ metric: `CSV file of ${PRODUCTS} products`, value: catalog.file.length / 1e6, unit: 'MB', note: kind });

    // The raw COPY runs before and after the import and the import is compared with their mean:
    // on a shared machine the load drifts within a run, and one COPY before would compare the
    // import with a quieter (or busier) moment. The second COPY (other SKUs and barcodes) goes
    // into the tables that then hold the imported catalog too, as the import's writes did not.
    const copyBefore = await rawCopy(s, catalog, 'BENCH');
    const { ms, firstAt, lines } = await apiImport(s, token, catalog.file);
    const copyAfter = await rawCopy(s, benchCatalog(PRODUCTS, 'RAWB'), 'RAWB');
    const copyMs = (copyBefore + copyAfter) / 2;
    rows.push({ metric: `raw COPY of the same ${PRODUCTS} rows (products, barcodes, taxes)`, value: seconds(copyMs), unit: 's', note: `committed, same database, same run: mean of ${seconds(copyBefore).toFixed(2)} s before the import and ${seconds(copyAfter).toFixed(2)} s after it` });
    const result = lines.at(-1);
    if (result?.type !== 'result' || !result.ok || result.created !== PRODUCTS) throw new Error(`import did not create ${PRODUCTS} products: ${JSON.stringify(result).slice(0, 500)}`);
    // Each phase runs from its first progress line to the next phase's.
    const span = (from: string, to: string): string => `${seconds((firstAt.get(to) ?? NaN) - (firstAt.get(from) ?? 0)).toFixed(1)} s`;
    rows.push({
      metric: `CSV import of ${PRODUCTS} new products via the admin API`,
      value: seconds(ms),
      unit: 's',
      note: `${(ms / copyMs).toFixed(2)}× the raw COPY (target ≤ 3×); upload + read ${seconds(firstAt.get('read') ?? NaN).toFixed(1)} s, staged (COPY) ${span('read', 'check')}, checked ${span('check', 'write')}, written ${span('write', 'publish')}, published to the feed + audit ${span('publish', 'result')}`,
    });
    const [published] = await s.db.query<{ n: number }>("SELECT count(*)::int AS n FROM replicated_docs d JOIN products p ON p.id = d.id WHERE d.collection = 'products' AND p.sku LIKE 'BENCH-%'");
    if (published?.n !== PRODUCTS) throw new Error(`${published?.n ?? 0} of ${PRODUCTS} imported products are in the feed`);

    const [size] = await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM products WHERE active');
    await priceChanges(s, token, size?.n ?? PRODUCTS, rows);
  } finally {
    await s.close();
  }
  return rows;
}
