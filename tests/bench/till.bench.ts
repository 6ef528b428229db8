// Till benchmarks in Chromium against the real server with a 100k-product catalog (override with
// AISLE_BENCH_PRODUCTS). Every till figure stands beside the raw Dexie/IndexedDB cost of the same
// operation, measured in the same browser in the same run (tests/bench/till-bench-page.ts):
// scan-to-line-rendered, search-as-you-type, pay-to-committed, ready-after-reload, first sync.
// The store runs 1,000 promotions and 100 pricelists (pricing-rules-seed.ts), so every scan re-prices
// the cart with them; AISLE_BENCH_NO_PRICING=1 leaves them out, to compare.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Sale } from '../../shared/schemas/index.ts';
import { launchChromium } from '../support/browser.ts';
import { TillPage } from '../e2e/pages/till-page.ts';
import { startTillServer } from '../e2e/till-harness.ts';
import { bundlePageScript } from './page-bundle.ts';
import { BENCH_PRICELISTS, BENCH_PROMOTIONS, seedBenchPricing, withdrawBenchPricing } from './pricing-rules-seed.ts';
import type { BenchRow } from './registry.ts';
import { p50, p95 } from './percentile.ts';

export const name = 'till';

const PRODUCTS = Number(process.env.AISLE_BENCH_PRODUCTS || 100_000);
const SAMPLES = Number(process.env.AISLE_BENCH_TILL_SAMPLES || 200);


const ms = (v: number) => `${v.toFixed(1)} ms`;

/**
 * AISLE_BENCH_TILL_PROFILE=1: a V8 CPU profile of the page over the scans, written to
 * bench-results/<label>.cpuprofile (open it in Chrome's DevTools), with the functions that took the
 * most time themselves printed (build the renderer unminified to read the names).
 */
async function startProfile(page: Page): Promise<{ stop(label: string): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  return {
    async stop(label) {
      const { profile } = await cdp.send('Profiler.stop');
      mkdirSync('bench-results', { recursive: true });
      writeFileSync(`bench-results/${label}.cpuprofile`, JSON.stringify(profile));
      const dt = new Map<number, number>();
      profile.timeDeltas?.forEach((d, i) => {
        const id = profile.samples?.[i];
        if (id !== undefined) dt.set(id, (dt.get(id) ?? 0) + d);
      });
      const self = new Map<string, number>();
      for (const n of profile.nodes) {
        const f = n.callFrame;
        const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
        self.set(key, (self.get(key) ?? 0) + (dt.get(n.id) ?? 0));
      }
      const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 40);
      console.log(`${label}: self time (ms)\n` + top.map(([k, us]) => `${(us / 1000).toFixed(1).padStart(9)}  ${k}`).join('\n'));
    },
  };
}

async function inject(page: Page, script: string): Promise<void> {
  await page.addScriptTag({ content: script });
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  let t = performance.now();
  const env = await startTillServer({ products: PRODUCTS });
  if (!process.env.AISLE_BENCH_NO_PRICING) await seedBenchPricing(env.server.db, await env.server.siteId('STORE1'));
  rows.push({ metric: `seed ${PRODUCTS} products, ${BENCH_PROMOTIONS} promotions, ${BENCH_PRICELISTS} pricelists (pglite)`, value: (performance.now() - t) / 1000, unit: 's', note: 'setup, not a till figure' });
  const script = await bundlePageScript(new URL('./till-bench-page.ts', import.meta.url));
  const browser = await launchChromium();
  try {
    // The bench's measuring code is injected into the till page; the served UI's CSP forbids
    // inline scripts, as it should, so this page (and only this bench's) bypasses it.
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 }, bypassCSP: true });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    const till = new TillPage(page);
    await till.open(env.url);
    await inject(page, script);

    // First sync of the whole catalog into a fresh till: pairing → every product stored locally.
    // The till marks the end of the products' first full pull (till-boot.ts); the count is then
    // read once from its storage — polling a count during the load would compete with it.
    t = performance.now();
    await till.pair(env.url, await env.pairingCode());
    await page.waitForFunction(() => document.documentElement.dataset.productsPulledAt !== undefined, undefined, { timeout: 600_000, polling: 100 });
    const firstSync = performance.now() - t;
    const stored = await page.evaluate(() => window.aisleBench.tillProductCount());
    if (stored !== PRODUCTS) throw new Error(`first sync ended with ${stored} of ${PRODUCTS} products stored`);
    await page.waitForFunction((n) => Number(document.documentElement.dataset.catalogSize ?? 0) >= n, PRODUCTS, { timeout: 120_000 });
    const token = await page.evaluate(() => (JSON.parse(localStorage.getItem('aisle.device') ?? '{}') as { token: string }).token);
    await page.evaluate(([u, tk]) => window.aisleBench.fetchProducts(u ?? '', tk ?? ''), [env.url, token]);
    const rawPut = await page.evaluate(() => window.aisleBench.rawBulkPut());
    rows.push({ metric: `first sync of ${PRODUCTS} products into a fresh till`, value: firstSync / 1000, unit: 's', note: `raw Dexie bulkPut of the same docs ${(rawPut / 1000).toFixed(1)} s → ${(firstSync / rawPut).toFixed(2)}× (target ≤ 2×)` });
    rows.push({ metric: 'raw Dexie bulkPut, same documents (10,000 per transaction = the till pull page)', value: rawPut / 1000, unit: 's' });

    // Ready after reload with the catalog already local: navigation start → catalog index usable.
    await page.reload();
    await page.waitForFunction((n) => Number(document.documentElement.dataset.catalogSize ?? 0) >= n, PRODUCTS, { timeout: 60_000 });
    const ready = await page.evaluate(() => Number(document.documentElement.dataset.catalogReadyAt));
    await inject(page, script);
    const rawRead = await page.evaluate((n) => window.aisleBench.rawReadAll(n), PRODUCTS);
    const marks = await page.evaluate(() => ({ ...document.documentElement.dataset }));
    console.log('ready-after-reload marks', marks);
    const source = marks.catalogSize;
    rows.push({ metric: 'ready after reload (catalog local)', value: ready, unit: 'ms', note: `navigation → ${source ?? '?'} products searchable; raw Dexie read of all products ${ms(rawRead)}; target ≤ 2000 ms` });

    await till.login('alice', '1234');
    await till.openSession('100.00');
    const sample = await env.products(Math.min(PRODUCTS, 2000));
    const pick = (i: number) => sample[(i * 7919) % sample.length];
    const codes = Array.from({ length: SAMPLES }, (_, i) => pick(i)?.ean ?? '');
    const gtins = codes.map((c) => c.padStart(14, '0'));

    const profiler = process.env.AISLE_BENCH_TILL_PROFILE ? await startProfile(page) : undefined;
    const scans = await page.evaluate((c) => window.aisleBench.scans(c), codes);
    if (profiler) await profiler.stop('till-scans');
    const rawLookups = await page.evaluate((c) => window.aisleBench.rawLookups(c), gtins);
    rows.push({ metric: 'scan-to-line-rendered p95', value: p95(scans), unit: 'ms', note: `p50 ${ms(p50(scans))}; raw Dexie barcode lookup p95 ${ms(p95(rawLookups))}; target ≤ 16 ms; ${process.env.AISLE_BENCH_NO_PRICING ? 'no pricing rules (AISLE_BENCH_NO_PRICING)' : `every scan re-prices the cart against ${BENCH_PROMOTIONS} promotions and ${BENCH_PRICELISTS} pricelists`}` });

    const words = sample.flatMap((p) => p.name.split(/\s+/).filter((w) => /^[A-Za-z]{4,}$/.test(w)));
    const queries = Array.from({ length: SAMPLES }, (_, i) => {
      const w = words[(i * 104729) % words.length] ?? 'milk';
      return w.slice(0, 3 + (i % 3));
    });
    const searches = await page.evaluate((q) => window.aisleBench.searches(q), queries);
    const rawPrefix = await page.evaluate((q) => window.aisleBench.rawPrefix(q), queries);
    rows.push({ metric: 'search-as-you-type p95 (keystroke → results shown)', value: p95(searches), unit: 'ms', note: `raw Dexie indexed name-prefix query p95 ${ms(p95(rawPrefix))}; target ≤ 10 ms` });

    const payCount = Math.min(50, SAMPLES);
    const pays = await page.evaluate((c) => window.aisleBench.pays(c), codes.slice(0, payCount));
    const tillId = await page.evaluate(() => (JSON.parse(localStorage.getItem('aisle.device') ?? '{}') as { deviceId: string }).deviceId);
    let template: Sale | undefined;
    for (let i = 0; i < 40 && !template; i++) {
      [template] = await env.serverSales(tillId);
      if (!template) await new Promise((r) => setTimeout(r, 250));
    }
    const rawWrites = template ? await page.evaluate(([s, n]) => window.aisleBench.rawSaleWrites(s as Sale, n as number), [template, payCount] as const) : [];
    const rawNote = `raw Dexie put of a sale p95 ${rawWrites.length ? ms(p95(rawWrites)) : 'n/a'}`;
    rows.push({ metric: 'pay-to-committed p95 (click → sealed sale stored)', value: p95(pays.committed), unit: 'ms', note: `${rawNote}; target ≤ 50 ms` });
    rows.push({ metric: 'pay-to-Paid-shown p95 (click → screen says paid)', value: p95(pays.shown), unit: 'ms', note: rawNote });

    // The same scans once the rules are withdrawn, in the same browser a few minutes later: the
    // ratio says what the rules cost on this machine at this load (AISLE_BENCH_NO_PRICING runs
    // without them from the start).
    if (!process.env.AISLE_BENCH_NO_PRICING) {
      await withdrawBenchPricing(env.server.db);
      const probe = codes[0] ?? '';
      let withdrawn = false;
      for (let i = 0; i < 120 && !withdrawn; i++) {
        withdrawn = !(await page.evaluate((c) => window.aisleBench.promotionShown(c), probe));
        if (!withdrawn) await new Promise((r) => setTimeout(r, 500));
      }
      if (!withdrawn) throw new Error('the till still applies the bench promotions a minute after they were withdrawn');
      const plain = await page.evaluate((c) => window.aisleBench.scans(c), codes);
      rows.push({ metric: 'scan-to-line-rendered p95, rules withdrawn (same run, after the figures above)', value: p95(plain), unit: 'ms', note: `with the rules ${ms(p95(scans))} → ${(p95(scans) / p95(plain)).toFixed(2)}× (p50 ${ms(p50(scans))} against ${ms(p50(plain))})` });
    }
  } finally {
    await browser.close();
    await env.close();
  }
  return rows;
}
