// The SSE stream: RESYNC on every connect, then one hint per committed change the device may see —
// none for another site's changes, availability only to tills and at most one per interval.
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
    s = await startTestServer(kind, { products: 20, server: { availabilityHintMs: 1500 } });
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
      // Availability (what every site has, for the tills' endless aisle) is company-wide, but only tills pull it.
      // A catalog change: both hear of it, once per transaction however many documents changed.
      await s.db.transaction(async (tx) => {
        await tx.query('UPDATE products SET price = price + 1');
        await publishQuery(tx, 'products', `SELECT id, 'all' AS scope, doc FROM product_docs`);
      });
      await until(() => tillStream.messages.length >= 3 && scannerStream.messages.length >= 3);
      await new Promise((r) => setTimeout(r, 200));
      const hints = (m: unknown[]): string[] => m.slice(1).map((h) => (h as { collection: string }).collection);
      expect(hints(scannerStream.messages)).toEqual(['stock', 'products']);
      expect(hints(tillStream.messages)).toEqual(['availability', 'products']);
      expect(tillStream.messages[2]).toMatchObject({ collection: 'products', checkpoint: { seq: expect.any(Number) } });
    } finally {
      tillStream.close();
      scannerStream.close();
    }
  });

  it.skipIf(skip)('batches availability hints: the first at once, then one per interval with the latest position', async () => {
    const tillStream = listen(`${s.url}/api/sync/stream?token=${till.token}`);
    try {
      await until(() => tillStream.messages.length > 0);
      const stockChange = (): Promise<void> =>
        s.db.transaction(async (tx) => {
          await lockFeed(tx);
          const changed = await tx.query<{ k: string }>(
            `UPDATE quants SET on_hand = on_hand + 1 WHERE location_id IN (SELECT l.id FROM locations l JOIN sites s ON s.id = l.site_id WHERE s.code = 'STORE1')
             RETURNING product_id || '|' || location_id || '|' || lot AS k`,
          );
          await stockChanged(tx, changed.map((c) => c.k));
        });
      const availability = (): Array<{ checkpoint: { seq: number } }> =>
        tillStream.messages.slice(1).filter((m) => (m as { collection: string }).collection === 'availability') as Array<{ checkpoint: { seq: number } }>;
      await stockChange();
      await until(() => availability().length === 1);
      // Five more changes inside the interval: no hint for any of them yet …
      for (let i = 0; i < 5; i++) await stockChange();
      await new Promise((r) => setTimeout(r, 300));
      expect(availability()).toHaveLength(1);
      // … then one, at the interval's end, carrying a later position.
      await until(() => availability().length === 2, 5_000);
      const [first, second] = availability() as [{ checkpoint: { seq: number } }, { checkpoint: { seq: number } }];
      expect(second.checkpoint.seq).toBeGreaterThan(first.checkpoint.seq);
      await new Promise((r) => setTimeout(r, 1_800));
      expect(availability()).toHaveLength(2);
    } finally {
      tillStream.close();
    }
  });
});
