// The first pull of a server-owned collection (the replication has no checkpoint yet): when the
// first page is full, the pages are fetched here and written straight into storage
// (stored-write.ts), fetching page n+1 while page n is written, instead of through RxDB's
// replication. The last document of the feed is held back and handed to RxDB with the last
// checkpoint, as the pull result: RxDB stores it the ordinary way and persists that checkpoint,
// so the replication goes on live from there and `awaitInitialReplication()` resolves only once
// everything is stored. (RxDB drops the checkpoint of an empty pull result, so one document has to
// go through it.) An interrupted first load leaves no checkpoint: the next start loads again from
// the beginning and overwrites what is stored — documents are keyed by id, nothing is duplicated.
import type { WithDeleted } from 'rxdb';
import type { StoredWriter } from './stored-write.ts';

type Doc = Record<string, unknown>;

export interface PulledPage {
  documents: WithDeleted<Doc>[];
  checkpoint: unknown;
}

export interface FirstLoadInput {
  limit: number;
  primaryPath: string;
  /** One pull request; `checkpoint` undefined for the first page. */
  fetchPage(checkpoint: unknown): Promise<PulledPage>;
  writer: StoredWriter;
  /** A page was stored directly (for sync status). */
  onStored?(count: number): void;
}

/** Loads the whole feed; returns what the pull handler hands to RxDB. */
export async function loadFirstPages(input: FirstLoadInput): Promise<PulledPage> {
  const { limit, writer } = input;
  const [first, empty] = await Promise.all([input.fetchPage(undefined), writer.isEmpty()]);
  // One page holds it all: RxDB's own path is as fast.
  if (first.documents.length < limit) return first;

  // On an empty collection a document can only be stored already if the feed sent it twice (it
  // changed on the server during the load), so only those are read before writing.
  const written = new Set<string>();
  const mayBeStored = empty ? (id: string) => written.has(id) : () => true;
  const idOf = (doc: Doc) => String(doc[input.primaryPath]);
  const store = async (batch: WithDeleted<Doc>[]): Promise<void> => {
    // A document the server changed while the load ran comes again later; the last state wins.
    const byId = new Map(batch.map((d) => [idOf(d), d]));
    const docs = byId.size < batch.length ? [...byId.values()] : batch;
    await writer.put(docs, mayBeStored);
    if (empty) for (const d of docs) written.add(idOf(d));
    input.onStored?.(docs.length);
  };

  let page = first;
  let held: WithDeleted<Doc>[] = [];
  let checkpoint: unknown;
  for (;;) {
    const batch = held.concat(page.documents.slice(0, -1));
    held = page.documents.slice(-1);
    checkpoint = page.checkpoint;
    if (page.documents.length < limit) {
      await store(batch);
      break;
    }
    // The request goes out first: the server prepares page n+1 while page n is written here.
    // Both settle before anything is thrown, so no write is left running behind a failed load.
    const [fetched, stored] = await Promise.allSettled([input.fetchPage(checkpoint), store(batch)]);
    if (stored.status === 'rejected') throw stored.reason;
    if (fetched.status === 'rejected') throw fetched.reason;
    if (fetched.value.documents.length === 0) break;
    page = fetched.value;
  }
  return { documents: held, checkpoint };
}
