// The browser till's hardware path in a real Chromium: the renderer's bridge selection, bundled
// for the browser, served from an allowed origin, given the service address in the URL fragment;
// it prints to the virtual printer through the real hardware service, gets keyboard-wedge and
// virtual scans as the same ScanEvents, and a page from another origin is refused.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../tests/support/browser.ts';
import { decodedTextLines } from '../hardware/escpos/escpos-decoder.ts';
import { startDevHardware, type DevHardware } from '../virtual/dev-hardware.ts';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '../..');

async function bundleBridge(): Promise<string> {
  const out = await build({
    entryPoints: [join(root, 'renderer/device-bridge/select-device-bridge.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'AisleBridge',
    platform: 'browser',
    target: 'chrome120',
  });
  const file = out.outputFiles[0];
  if (!file) throw new Error('no bundle');
  return file.text;
}

async function pageServer(script: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/bridge.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(script);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>till</title><input id="scan"><script src="/bridge.js"></script>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}` };
}

interface PageApi {
  AisleBridge: {
    deviceBridgeForWindow(opts?: { wedge?: { maxKeyGapMs: number } }): {
      kind: string;
      bridge: {
        printReceipt(r: unknown, o?: unknown): Promise<unknown>;
        listDevices(): Promise<unknown>;
        onScan(l: (e: { raw: string; source: string }) => void): () => void;
      };
    };
  };
  aisle: ReturnType<PageApi['AisleBridge']['deviceBridgeForWindow']>;
  scans: { raw: string; source: string }[];
}

describe('browser till → hardware service (real Chromium)', () => {
  let browser: Browser;
  let dev: DevHardware;
  let allowed: { server: Server; origin: string };
  let other: { server: Server; origin: string };
  let dataDir: string;

  beforeAll(async () => {
    const script = await bundleBridge();
    allowed = await pageServer(script);
    other = await pageServer(script);
    dataDir = await mkdtemp(join(tmpdir(), 'aisle-chromium-hw-'));
    dev = await startDevHardware({ dataDir, appOrigins: [allowed.origin], servicePort: 0, printerPagePort: 0, log: () => {} });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    await dev.close();
    allowed.server.close();
    other.server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints from the page to the virtual printer and receives wedge and virtual scans', async () => {
    const page = await browser.newPage();
    await page.goto(dev.tillUrl(`${allowed.origin}/till`));
    const kind = await page.evaluate(() => {
      const w = window as unknown as PageApi;
      // A generous key gap: on a loaded test machine Chromium's key events can arrive late.
      w.aisle = w.AisleBridge.deviceBridgeForWindow({ wedge: { maxKeyGapMs: 250 } });
      w.scans = [];
      w.aisle.bridge.onScan((e) => w.scans.push({ raw: e.raw, source: e.source }));
      return w.aisle.kind;
    });
    expect(kind).toBe('hardware-service');
    expect(new URL(page.url()).hash).toBe('');

    const result = await page.evaluate(() =>
      (window as unknown as PageApi).aisle.bridge.printReceipt(
        { columns: 42, lines: [{ kind: 'text', text: 'Vente payée — merci !'.replace('—', '-') }, { kind: 'text', text: 'TOTAL 12,50 €', bold: true }, { kind: 'cut' }] },
        { reference: 'T1-000001' },
      ),
    );
    expect(result).toMatchObject({ ok: true, value: { state: 'queued', reference: 'T1-000001' } });
    const [job] = await dev.printer.waitForPrinted(1, 10_000);
    expect(decodedTextLines(job?.ops ?? [])).toEqual(['Vente payée - merci !', 'TOTAL 12,50 €']);

    await page.focus('#scan');
    await page.keyboard.type('4006381333931', { delay: 5 });
    await page.keyboard.press('Enter');
    dev.scanner.scan(']C10109501101020917');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as PageApi).scans), { timeout: 10_000 })
      .toEqual(
        expect.arrayContaining([
          { raw: '4006381333931', source: 'wedge' },
          { raw: ']C10109501101020917', source: 'virtual' },
        ]),
      );
    await page.close();
  });

  it('a page from another origin gets `unavailable`, even with the token', async () => {
    const page = await browser.newPage();
    await page.goto(dev.tillUrl(`${other.origin}/till`));
    const answer = await page.evaluate(() => (window as unknown as PageApi).AisleBridge.deviceBridgeForWindow().bridge.listDevices());
    expect(answer).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await page.close();
  });
});
