// What the till says happened at the printer and drawer, happened. The browser till prints through
// the hardware service to the virtual network printer (real ESC/POS over TCP, decoded back):
// printer faults reach the screen and stay until cleared; a cash sale whose drawer did not open
// says so and opens it on retry (the kick is counted at the printer); cash slips, the X report and
// the Z report ("Close and print Z report") arrive at the printer with the session's figures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { decodedTextLines } from '../../electron/hardware/escpos/escpos-decoder.ts';
import { startDevHardware, type DevHardware } from '../../electron/virtual/dev-hardware.ts';
import { launchChromium } from '../support/browser.ts';
import { TillHardwarePage } from './pages/till-hardware-page.ts';
import { openShift, startTillServer, type TillE2eServer } from './till-harness.ts';

describe('till hardware feedback and printed session documents', () => {
  let env: TillE2eServer;
  let hw: DevHardware;
  let browser: Browser;
  let page: Page;
  let till: TillHardwarePage;
  let saleTotal = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'aisle-hw-'));

  const printedLines = (): string[][] => hw.printer.printedJobs().map((j) => decodedTextLines(j.ops));
  const drawerKicks = (): number => hw.printer.printedJobs().flatMap((j) => j.ops).filter((op) => op.op === 'drawer-kick').length;
  const documentWith = (heading: string): string[] | undefined => printedLines().find((lines) => lines.some((l) => l.trim() === heading));

  beforeAll(async () => {
    env = await startTillServer();
    hw = await startDevHardware({ dataDir, appOrigins: [env.url], servicePort: 0, printerPagePort: 0, log: () => undefined });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    till = new TillHardwarePage(page);
    await openShift(till, env, { float: '10.00', url: hw.tillUrl(`${env.url}/till`) });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await hw?.close();
    await env?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows paper out at once and keeps it on screen until the printer has paper again', async () => {
    hw.printer.setFault('paper-out');
    await till.printerAlert(/out of paper/).waitFor({ timeout: 5000 });
    // Still there several status polls later (each one a connection to the printer): nothing but the printer clears it.
    const polled = hw.printer.connectionStats().connections;
    await expect.poll(() => hw.printer.connectionStats().connections, { timeout: 15_000 }).toBeGreaterThanOrEqual(polled + 3);
    expect(await till.printerAlert(/out of paper/).isVisible()).toBe(true);
    hw.printer.setFault('none');
    await till.printerAlert(/out of paper/).waitFor({ state: 'hidden', timeout: 5000 });
  });

  it('a cash sale whose drawer did not open says so, and "Open drawer again" opens it once the printer is back', async () => {
    const [product] = await env.products(1);
    hw.printer.setFault('cover-open');
    await till.printerAlert(/cover open/).waitFor({ timeout: 5000 });
    const receiptNo = await till.sellAndPayCash([product?.ean ?? '']);
    saleTotal = (await page.getByLabel('Receipt').textContent())?.match(/Total EUR\s+(-?\d+\.\d\d)/i)?.[1] ?? '';
    await till.drawerAlert().waitFor({ timeout: 10_000 });
    expect(await till.drawerAlert().textContent()).toContain(`Receipt ${receiptNo}: Drawer did not open: the printer cover is open`);
    // The paid screen never claims the drawer opened.
    expect(await page.getByText('drawer opened').count()).toBe(0);
    expect(drawerKicks()).toBe(0);

    hw.printer.setFault('none');
    await till.printerAlert(/cover open/).waitFor({ state: 'hidden', timeout: 5000 });
    await till.openDrawerAgain();
    await till.drawerAlert().waitFor({ state: 'hidden', timeout: 10_000 });
    await expect.poll(drawerKicks, { timeout: 5000 }).toBe(1);
    // The receipt waited for the cover and printed once, after it was closed.
    await expect.poll(() => printedLines().filter((lines) => lines.some((l) => l.includes(receiptNo))).length, { timeout: 20_000 }).toBe(1);
    await till.newSale();
  });

  it('prints a cash-in slip and opens the drawer for it', async () => {
    const kicks = drawerKicks();
    await till.cashMove('Cash in', '5.00', 'Float top-up');
    await expect.poll(() => documentWith('CASH IN'), { timeout: 10_000 }).toBeDefined();
    const slip = documentWith('CASH IN') ?? [];
    expect(slip.join('\n')).toMatch(/Amount EUR\s+5\.00/);
    expect(slip.join('\n')).toContain('Reason: Float top-up');
    await expect.poll(drawerKicks, { timeout: 5000 }).toBe(kicks + 1);
  });

  it('prints the X report and, on "Close and print Z report", the Z report with the session figures', async () => {
    expect(saleTotal).toMatch(/^\d+\.\d\d$/);
    const shownTotal = await till.printXReport();
    expect(shownTotal).toContain(saleTotal);
    await expect.poll(() => documentWith('X REPORT'), { timeout: 10_000 }).toBeDefined();
    expect((documentWith('X REPORT') ?? []).join('\n')).toMatch(new RegExp(`Sales \\(1\\)\\s+${saleTotal.replace('.', '\\.')}`));

    const expectedCash = (1000 + Math.round(Number(saleTotal) * 100) + 500) / 100;
    await till.closeAndPrintZ({ Cash: expectedCash.toFixed(2) });
    await expect.poll(() => documentWith('Z REPORT'), { timeout: 15_000 }).toBeDefined();
    const z = (documentWith('Z REPORT') ?? []).join('\n');
    expect(z).toMatch(new RegExp(`Sales \\(1\\)\\s+${saleTotal.replace('.', '\\.')}`));
    expect(z).toMatch(/Float\s+10\.00/);
    expect(z).toMatch(/Cash in\s+5\.00/);
    expect(z).toMatch(new RegExp(`Cash\\n\\s+Expected\\s+${expectedCash.toFixed(2).replace('.', '\\.')}\\n\\s+Counted\\s+${expectedCash.toFixed(2).replace('.', '\\.')}\\n\\s+Difference\\s+0\\.00`));
    // The Z screen says it went to the printer.
    await page.getByRole('status').filter({ hasText: 'Z report sent to the printer' }).waitFor({ timeout: 10_000 });
  });
});
