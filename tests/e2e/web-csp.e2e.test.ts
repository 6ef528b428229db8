// The served UI under its Content-Security-Policy (issue 14 point 10), in Chromium against the real
// server: the till sells and prints through the local hardware service (ws://127.0.0.1), the
// scanner station logs in, the back office shows a pairing QR code (a data: image) and location
// labels (SVG markup), the reports
// draw their charts — and the browser logs no Content Security Policy violation on any of them.
// An inline script injected into the page is refused, so the policy is really in force.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createPairingCode } from '../../sync-server/devices/pairing.ts';
import { startDevHardware, type DevHardware } from '../../electron/virtual/dev-hardware.ts';
import { launchChromium } from '../support/browser.ts';
import { AdminPage } from './pages/admin-page.ts';
import { ReportsPage } from './pages/reports-page.ts';
import { ScannerPage } from './pages/scanner-page.ts';
import { TillPage } from './pages/till-page.ts';
import { openShift, startTillServer, type TillE2eServer } from './till-harness.ts';

describe('the UI under its Content-Security-Policy', () => {
  let env: TillE2eServer;
  let hw: DevHardware;
  let browser: Browser;
  const dataDir = mkdtempSync(join(tmpdir(), 'aisle-csp-'));
  /** Every console message about the policy, with the page it came from. */
  const violations: string[] = [];

  const newPage = async (name: string, viewport = { width: 1024, height: 768 }): Promise<Page> => {
    const page = await (await browser.newContext({ viewport })).newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(`${name}: ${m.text()}`);
    });
    page.on('pageerror', (error) => console.error(`${name} page error:`, error.message));
    return page;
  };

  beforeAll(async () => {
    env = await startTillServer({ products: 50 });
    hw = await startDevHardware({ dataDir, appOrigins: [env.url], servicePort: 0, printerPagePort: 0, log: () => undefined });
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await hw?.close();
    await env?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sells on the till and prints through the local hardware service with no policy violation', async () => {
    const [product] = await env.products(1);
    const page = await newPage('till');
    const till = new TillPage(page);
    await openShift(till, env, { float: '10.00', url: hw.tillUrl(`${env.url}/till`) });
    const receiptNo = await till.sellAndPayCash([product?.ean ?? '']);
    const jobs = await hw.printer.waitForPrinted(2, 30_000);
    expect(jobs.some((j) => j.text.includes(receiptNo))).toBe(true);
    expect(violations).toEqual([]);
  }, 120_000);

  it('refuses a script injected inline, and says so in the console', async () => {
    const page = await newPage('injected');
    await page.goto(`${env.url}/reports`);
    await page.getByRole('form', { name: 'Log in' }).waitFor();
    const ran = await page.evaluate(async () => {
      const refused = new Promise<void>((resolve) => document.addEventListener('securitypolicyviolation', () => resolve(), { once: true }));
      const script = document.createElement('script');
      script.textContent = 'document.body.dataset.inline = "ran"';
      document.head.append(script);
      // An inline script that is allowed runs as it is inserted; one that is refused is reported.
      if (document.body.dataset.inline !== 'ran') await refused;
      return document.body.dataset.inline ?? 'blocked';
    });
    expect(ran).toBe('blocked');
    await expect.poll(() => violations.filter((v) => v.startsWith('injected:')).length).toBeGreaterThan(0);
    violations.splice(0, violations.length, ...violations.filter((v) => !v.startsWith('injected:')));
  });

  it('opens the scanner station and logs a picker in with no policy violation', async () => {
    const page = await newPage('scanner');
    const scanner = new ScannerPage(page);
    await scanner.open(env.url);
    await scanner.pair(env.url, (await createPairingCode(env.server.db, 'scanner', 'WH1')).code);
    await scanner.login('Pat Novak', '2468');
    expect(violations).toEqual([]);
  }, 90_000);

  it('shows a pairing QR code and location labels in the back office with no policy violation', async () => {
    const page = await newPage('admin', { width: 1280, height: 800 });
    const admin = new AdminPage(page);
    await admin.open(env.url, 'devices');
    await admin.login('admin', 'admin');
    expect(await admin.createPairingCode()).toMatch(/\S/);
    const qr = page.getByRole('img', { name: /^QR code: / });
    await qr.waitFor();
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    // Location labels: bwip-js SVG inserted as markup.
    await page.goto(`${env.url}/admin/labels/WH1`);
    await page.locator('figure.location-label svg path').first().waitFor();
    expect(violations).toEqual([]);
  }, 90_000);

  it('draws the reports with no policy violation', async () => {
    const page = await newPage('reports', { width: 1280, height: 800 });
    const reports = new ReportsPage(page);
    await reports.open(env.url);
    await reports.login('manager', 'manager');
    await reports.goto('Sales');
    await page.locator('svg').first().waitFor({ timeout: 20_000 });
    expect(violations).toEqual([]);
  }, 90_000);
});
