// Committing a sale: the one durable write that makes it real. Inside a cross-window lock it
// finds the till's last sale in storage (never a cached query), places the new sale after it
// (seq + 1, prevHash), hashes it and inserts it in ONE RxDB write. Only after that resolves may
// the UI say "paid" or the printer print; printing is a separate job.
//
// The chain head is kept per window and caught up, inside the lock, from the storage's change
// feed (every sale written since, by this window or another): a Dexie query sorted by seq would
// read every sale of the till on each payment.
import { getChangedDocumentsSince, type RxCollection, type RxStorageDefaultCheckpoint } from 'rxdb';
import { sealSale, type UnsignedSale } from '../../shared/chain/index.ts';
import type { Sale } from '../../shared/schemas/index.ts';
import { withExclusiveLock } from '../db/chain-lock.ts';

export class SaleCommitError extends Error {
  readonly code = 'sale-commit-failed';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SaleCommitError';
  }
}

export type SaleDraft = Omit<UnsignedSale, 'receiptNo'>;

/** Receipt number printed for the customer: till prefix and the gapless seq. */
export function receiptNumber(tillPrefix: string, seq: number): string {
  return `${tillPrefix}-${String(seq).padStart(6, '0')}`;
}

interface HeadCache {
  head: Pick<Sale, 'seq' | 'hash'> | null;
  checkpoint: RxStorageDefaultCheckpoint | undefined;
}

const heads = new WeakMap<RxCollection<Sale>, HeadCache>();

/** The till's latest sale (highest seq) as stored, or null for a fresh till. Call inside the chain lock. */
export async function readChainHead(sales: RxCollection<Sale>): Promise<Pick<Sale, 'seq' | 'hash'> | null> {
  const cache = heads.get(sales) ?? { head: null, checkpoint: undefined };
  for (;;) {
    const page = await getChangedDocumentsSince<Sale, RxStorageDefaultCheckpoint>(sales.storageInstance, 500, cache.checkpoint);
    for (const doc of page.documents) {
      if (!cache.head || doc.seq > cache.head.seq) cache.head = { seq: doc.seq, hash: doc.hash };
    }
    cache.checkpoint = page.checkpoint;
    if (page.documents.length < 500) break;
  }
  heads.set(sales, cache);
  return cache.head;
}

export async function commitSale(sales: RxCollection<Sale>, draft: SaleDraft, tillPrefix: string): Promise<Sale> {
  return withExclusiveLock(`aisle-sale-chain-${draft.tillId}`, async () => {
    const head = await readChainHead(sales);
    const seq = (head?.seq ?? 0) + 1;
    const sealed = sealSale({ ...draft, receiptNo: receiptNumber(tillPrefix, seq) }, head ? { seq: head.seq, hash: head.hash } : null);
    try {
      await sales.insert(sealed);
    } catch (cause) {
      throw new SaleCommitError(`sale ${draft.id} could not be stored`, { cause });
    }
    return sealed;
  });
}
