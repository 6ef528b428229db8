// The SSE stream: RESYNC on every connect, then one hint per committed change the device may see —
// and none for another site's changes.
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PairedDevice } from '../../sync-server/devices/pairing.ts';
import { lockFeed, publishQuery, stockChanged } from '../../sync-server/feed/publish.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

function listen(url: string): { messages: unknown[]; close: () => void } {
  const messages: unknown[] = [];
  const es = new EventSource(url);
  es.onmessage = (ev: MessageEvent<string>) => messages.push(JSON.parse(ev.data));
  return { messages, close: () => es.close() };
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(testDrivers)('SSE change stream on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let till: PairedDevice;
  let scanner: PairedDevice;
  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 20 });
    till = await s.pairDevice('till', 'STORE1');
    scanner = await s.pairDevice('scanner', 'WH1');
  });
  afterAll(async () => {
    await s?.close();
  });

  it.skipIf(skip)('sends RESYNC on connect, then hints for own-site and company-wide changes only', async () => {
    const tillStream = listen(`${s.url}/api/sync/stream?token=${till.token}`);
    const scannerStream = listen(`${s.url}/api/sync/stream?token=${scanner.token}`);
    try {
      await until(() => tillStream.messages.length > 0 && scannerStream.messages.length > 0);
      expect(tillStream.messages[0]).toBe('RESYNC');
      // A warehouse stock change: the scanner hears of it, the till does not.
      await s.db.transaction(async (tx) => {
        await lockFeed(tx);
        const changed = await tx.query<{ k: string }>(
          `UPDATE quants SET on_hand = on_hand + 1 WHERE location_id IN (SELECT l.id FROM locations l JOIN sites s ON s.id = l.site_id WHERE s.code = 'WH1')
           RETURNING product_id || '|' || location_id || '|' || lot AS k`,
        );
        await stockChanged(tx, changed.map((c) => c.k));
      });
      // Availability (what every site has, for the tills' endless aisle) is company-wide: both hear of it.
      // A catalog change: both hear of it, once per transaction however many documents changed.
      await s.db.transaction(async (tx) => {
        await tx.query('UPDATE products SET price = price + 1');
        await publishQuery(tx, 'products', `SELECT id, 'all' AS scope, doc FROM product_docs`);
      });
      await until(() => tillStream.messages.length >= 3 && scannerStream.messages.length >= 4);
      await new Promise((r) => setTimeout(r, 200));
      const hints = (m: unknown[]): string[] => m.slice(1).map((h) => (h as { collection: string }).collection);
      expect(hints(scannerStream.messages)).toEqual(['stock', 'availability', 'products']);
      expect(hints(tillStream.messages)).toEqual(['availability', 'products']);
      expect(tillStream.messages[2]).toMatchObject({ collection: 'products', checkpoint: { seq: expect.any(Number) } });
    } finally {
      tillStream.close();
      scannerStream.close();
    }
  });
});
