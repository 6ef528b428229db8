// A browser till opened over plain http from another machine has no secure context: no
// WebCrypto (PIN check) and no service worker (offline start). Before, PIN login threw and the
// service worker silently did not register; now the page says so, with the fix (issue 14 point 8).
// (It is worse than PINs: the till's local database needs WebCrypto too, so the till cannot start.)
// The till is opened on this machine's LAN address through a TCP relay (Chromium treats only
// loopback addresses as secure over http).
import { createServer, type Server, connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { TillPage } from './pages/till-page.ts';
import { startTillServer, type TillE2eServer } from './till-harness.ts';

function lanAddress(): string {
  const found = Object.values(networkInterfaces()).flat().find((a) => a && !a.internal && a.family === 'IPv4');
  if (!found) throw new Error('this machine has no non-loopback IPv4 address to open the till on');
  return found.address;
}

describe('a till opened over plain http from another machine', () => {
  let env: TillE2eServer;
  let relay: Server;
  let browser: Browser;
  let lanUrl: string;

  beforeAll(async () => {
    env = await startTillServer({ products: 20 });
    const target = Number(new URL(env.url).port);
    relay = createServer((socket) => {
      const upstream = connect(target, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    const host = lanAddress();
    await new Promise<void>((resolve) => relay.listen(0, host, resolve));
    lanUrl = `http://${host}:${(relay.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    relay?.close();
    await env?.close();
  });

  it('says the connection is not secure and why the till cannot start, instead of failing silently', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${lanUrl}/till`);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    const notice = page.getByRole('alert', { name: 'Connection not secure' });
    await expect.poll(() => notice.textContent()).toContain('opened over plain http from another machine');
    expect(await notice.textContent()).toContain('--tls');

    // Pairing still works (a plain fetch), and the till then says why it cannot start.
    const till = new TillPage(page);
    await till.pair(lanUrl, await env.pairingCode());
    await expect.poll(() => page.locator('body').innerText(), { timeout: 30_000 }).toContain('The till could not start');
    expect(await notice.textContent()).toContain('withholds what a till needs');

    // The same till on this machine's loopback address is a secure context: no notice.
    const local = await (await browser.newContext()).newPage();
    await local.goto(`${env.url}/till`);
    await local.getByRole('heading', { name: /Pair this till/ }).waitFor();
    expect(await local.getByRole('alert', { name: 'Connection not secure' }).count()).toBe(0);
  }, 120_000);
});
