// Committing a sale: the one durable write that makes it real. Inside a cross-window lock it
// reads the till's last sale straight from storage (never a cached query), places the new sale
// after it (seq + 1, prevHash), hashes it and inserts it in ONE RxDB write. Only after that
// resolves may the UI say "paid" or the printer print; printing is a separate job.
import { prepareQuery, type RxCollection } from 'rxdb';
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

/** The till's latest sale (highest seq), read from storage, or null for a fresh till. */
export async function readChainHead(sales: RxCollection<Sale>): Promise<Sale | null> {
  const query = prepareQuery<Sale>(sales.schema.jsonSchema, {
    selector: { seq: { $gt: 0 } },
    sort: [{ seq: 'desc' }],
    limit: 1,
    skip: 0,
  });
  const result = await sales.storageInstance.query(query);
  return result.documents[0] ?? null;
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
