import fc from 'fast-check';
import type { WithDeleted } from 'rxdb';
import { describe, expect, it } from 'vitest';
import { loadFirstPages, type PulledPage } from './first-load.ts';
import type { StoredWriter } from './stored-write.ts';

type Doc = WithDeleted<Record<string, unknown>>;

/** A change feed of `ids` (in feed order) served in pages of `limit`, with a `{seq}` checkpoint. */
function feed(ids: readonly string[]) {
  const requests: (number | undefined)[] = [];
  const fetchPage = async (checkpoint: unknown): Promise<PulledPage> => {
    const from = (checkpoint as { seq: number } | undefined)?.seq;
    requests.push(from);
    await Promise.resolve();
    const start = from ?? 0;
    return { documents: ids.slice(start, start + limit).map((id, i) => ({ id, v: start + i, _deleted: false })), checkpoint: { seq: Math.min(ids.length, start + limit) } };
  };
  let limit = 10;
  return { requests, fetchPage, setLimit: (n: number) => (limit = n) };
}

function memoryWriter(empty = true) {
  const stored = new Map<string, Doc>();
  const looked: string[][] = [];
  let writing = 0;
  const writer: StoredWriter & { stored: Map<string, Doc>; looked: string[][]; overlapped: boolean } = {
    direct: true,
    stored,
    looked,
    overlapped: false,
    isEmpty: async () => empty,
    async put(docs, mayBeStored) {
      if (writing > 0) writer.overlapped = true;
      writing++;
      looked.push(docs.map((d) => String(d.id)).filter(mayBeStored));
      await new Promise((r) => setTimeout(r, 1));
      for (const d of docs) stored.set(String(d.id), d);
      writing--;
    },
  };
  return writer;
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `d${i}`);

describe('first load of a pulled collection', () => {
  it('stores every document but the last one directly and hands that one to RxDB with the last checkpoint', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 1, max: 12 }), async (n, limit) => {
        const f = feed(ids(n));
        f.setLimit(limit);
        const writer = memoryWriter();
        const result = await loadFirstPages({ limit, primaryPath: 'id', fetchPage: f.fetchPage, writer });
        if (n < limit) {
          // One page holds it all: RxDB's own path, nothing written here.
          expect(result.documents).toHaveLength(n);
          expect(writer.stored.size).toBe(0);
          return;
        }
        expect(result.documents.map((d) => d.id)).toEqual([`d${n - 1}`]);
        expect(result.checkpoint).toEqual({ seq: n });
        expect([...writer.stored.keys()].sort()).toEqual(ids(n - 1).sort());
        expect(writer.overlapped).toBe(false);
        // Every page fetched once, then one empty page when the last one was full.
        const pages = Math.ceil(n / limit) + (n % limit === 0 ? 1 : 0);
        expect(f.requests).toHaveLength(pages);
        expect(writer.looked.flat()).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('fetches the next page while the previous one is written', async () => {
    const events: string[] = [];
    const writer = memoryWriter();
    const put = writer.put.bind(writer);
    writer.put = async (docs, mayBeStored) => {
      events.push(`write ${docs.length} start`);
      await put(docs, mayBeStored);
      events.push('write end');
    };
    const f = feed(ids(30));
    const fetchPage = async (checkpoint: unknown) => {
      events.push(`fetch ${(checkpoint as { seq: number } | undefined)?.seq ?? 0}`);
      return f.fetchPage(checkpoint);
    };
    await loadFirstPages({ limit: 10, primaryPath: 'id', fetchPage, writer });
    expect(events).toEqual(['fetch 0', 'fetch 10', 'write 9 start', 'write end', 'fetch 20', 'write 10 start', 'write end', 'fetch 30', 'write 10 start', 'write end']);
  });

  it('reads before writing only what may be stored: everything on a non-empty collection, repeats on an empty one', async () => {
    const f = feed(ids(25));
    const restarted = memoryWriter(false);
    await loadFirstPages({ limit: 10, primaryPath: 'id', fetchPage: f.fetchPage, writer: restarted });
    expect(restarted.looked.flat()).toHaveLength(24);

    // d3 changed on the server during the load: the feed sends it again, later.
    const fresh = memoryWriter(true);
    const changed = feed([...ids(25).filter((id) => id !== 'd3'), 'd3']);
    await loadFirstPages({ limit: 10, primaryPath: 'id', fetchPage: changed.fetchPage, writer: fresh });
    expect(fresh.looked.flat()).toEqual([]);
    const again = feed([...ids(25), 'd3', 'd30']);
    const seenTwice = memoryWriter(true);
    await loadFirstPages({ limit: 10, primaryPath: 'id', fetchPage: again.fetchPage, writer: seenTwice });
    expect(seenTwice.looked.flat()).toEqual(['d3']);
    expect(seenTwice.stored.get('d3')?.v).toBe(25);
  });

  it('fails as a whole when a page cannot be fetched, leaving what was stored', async () => {
    const f = feed(ids(40));
    const writer = memoryWriter();
    const fetchPage = async (checkpoint: unknown) => {
      if ((checkpoint as { seq: number } | undefined)?.seq === 20) throw new Error('offline');
      return f.fetchPage(checkpoint);
    };
    await expect(loadFirstPages({ limit: 10, primaryPath: 'id', fetchPage, writer })).rejects.toThrow('offline');
    expect(writer.stored.size).toBe(19);
  });
});
