// The change-feed checkpoint is commit-safe: a client pulling while 20 writers commit
// concurrently (each holding its transaction open a random while after taking its sequence
// numbers) ends with every change. A timestamp or plain-sequence checkpoint fails this.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDocs, scopeAll } from '../../sync-server/feed/publish.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const WRITERS = 20;
const TX_PER_WRITER = 15;
const DOCS_PER_TX = 3;

describe.each(testDrivers)('change feed checkpoint on $kind', ({ kind, skip }) => {
  let s: TestServer;
  let token: string;
  beforeAll(async () => {
    if (skip) return;
    s = await startTestServer(kind, { products: 5, poolSize: WRITERS + 4 });
    token = (await s.pairDevice('till', 'STORE1')).token;
  });
  afterAll(async () => {
    await s?.close();
  });

  it.skipIf(skip)('a client pulling while 20 concurrent writers commit ends with every change, none skipped', async () => {
    const written = new Set<string>();
    let writing = true;
    const writer = async (w: number): Promise<void> => {
      for (let t = 0; t < TX_PER_WRITER; t++) {
        const ids = Array.from({ length: DOCS_PER_TX }, (_, i) => `cust-${w}-${t}-${i}`);
        await s.db.transaction(async (tx) => {
          await publishDocs(
            tx,
            'customers',
            ids.map((id) => ({ id, scope: scopeAll, doc: { id, name: id, business: false, updatedAt: new Date().toISOString() } })),
          );
          // Hold the transaction open after taking sequence numbers: commits land out of start order.
          await tx.query('SELECT pg_sleep($1)', [Math.random() * 0.01]);
        });
        for (const id of ids) written.add(id);
      }
    };
    const seen = new Set<string>();
    let checkpoint: unknown = undefined;
    let pulls = 0;
    const pullOnce = async (): Promise<number> => {
      const q = checkpoint === undefined ? '' : `&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`;
      const res = await s.api(`/api/sync/customers/pull?limit=7${q}`, { token });
      expect(res.status).toBe(200);
      const body = res.body as { documents: { id: string }[]; checkpoint: { seq: number } };
      for (const d of body.documents) seen.add(d.id);
      checkpoint = body.checkpoint;
      pulls++;
      return body.documents.length;
    };
    const reader = async (): Promise<void> => {
      while (writing) {
        await pullOnce();
        await new Promise((r) => setTimeout(r, 1));
      }
    };
    const readerDone = reader();
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    writing = false;
    await readerDone;
    // Catch up to the end from the checkpoint the live reader reached: nothing may be missing.
    while ((await pullOnce()) > 0);
    expect(written.size).toBe(WRITERS * TX_PER_WRITER * DOCS_PER_TX);
    const missing = [...written].filter((id) => !seen.has(id));
    expect(missing).toEqual([]);
    expect(pulls).toBeGreaterThan(5);
  });
});
