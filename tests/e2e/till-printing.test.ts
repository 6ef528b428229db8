// What `npm start` wires up, end to end: the browser till, opened with the hardware-service
// fragment, prints through the local WebSocket hardware service to the virtual network printer
// (real ESC/POS over TCP, decoded back), and a cash sale kicks the drawer once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startDevHardware, type DevHardware } from '../../electron/virtual/dev-hardware.ts';
import { launchChromium } from '../support/browser.ts';
import { TillPage } from './pages/till-page.ts';
import { openShift, startTillServer, type TillE2eServer } from './till-harness.ts';

describe('till printing through the hardware service', () => {
  let env: TillE2eServer;
  let hw: DevHardware;
  let browser: Browser;
  const dataDir = mkdtempSync(join(tmpdir(), 'aisle-hw-'));

  beforeAll(async () => {
    env = await startTillServer();
    hw = await startDevHardware({ dataDir, appOrigins: [env.url], servicePort: 0, printerPagePort: 0, log: () => undefined });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await hw?.close();
    await env?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the receipt of a cash sale on the virtual printer and opens the drawer once', async () => {
    const [product] = await env.products(1);
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    const till = new TillPage(page);
    await openShift(till, env, { float: '10.00', url: hw.tillUrl(`${env.url}/till`) });
    const receiptNo = await till.sellAndPayCash([product?.ean ?? '']);

    // Two jobs reach the printer: the receipt, and the drawer kick sent on its own (so a failed
    // print still opens the drawer for the change).
    const jobs = await hw.printer.waitForPrinted(2, 30_000);
    const receipt = jobs.find((j) => j.text.includes(receiptNo));
    expect(receipt?.text).toContain(product?.name.slice(0, 12) ?? '');
    expect(receipt?.ops.some((op) => op.op === 'cut')).toBe(true);
    expect(jobs.flatMap((j) => j.ops).filter((op) => op.op === 'drawer-kick')).toHaveLength(1);
    await page.close();
  });
});
