// The receipt numbers of other tills' sales this till took returns of. A return names its original
// by id (`returnOfSaleId`, the replicated contract), and this till's database holds only its own
// sales: so when it takes a return of another till's sale it keeps the original's receipt number
// here, and a reprint of that return names the original by number even with the server out of
// reach. A small store of its own (idb-records.ts: strict durability, one per device), like the
// sale in progress — it is till-local state, not a replicated document.
import type { Sale } from '../../shared/schemas/index.ts';
import { databaseNameFor } from '../db/database.ts';
import { idbRecords } from '../db/idb-records.ts';

export interface OriginalReceipts {
  remember(saleId: string, receiptNo: string): Promise<void>;
  /** The receipt number kept for sale `saleId`, if this till took a return of it. */
  recall(saleId: string): Promise<string | undefined>;
}

export function originalReceipts(deviceId: string, factory: IDBFactory = indexedDB): OriginalReceipts {
  const store = idbRecords<string>(`${databaseNameFor(deviceId)}-original-receipts`, 'receipts', factory);
  return {
    remember: (saleId, receiptNo) => store.put(saleId, receiptNo),
    async recall(saleId) {
      const value = await store.get(saleId);
      return typeof value === 'string' ? value : undefined;
    },
  };
}

/** Where a reprinted return's original receipt number can come from once this till's own sales had none. */
export interface OriginalReceiptSources {
  receipts: OriginalReceipts;
  /** The server's answer; absent offline. */
  server?: (saleId: string) => Promise<string | undefined>;
}

/**
 * The receipt number of the other till's sale that return `ret` names: what this till kept when
 * it took the return, else the server's (kept for the next reprint), else undefined — the receipt
 * then prints the original's id, all there is.
 */
export async function foreignOriginalReceiptNo(ret: Sale, sources: OriginalReceiptSources): Promise<string | undefined> {
  const saleId = ret.kind === 'return' ? ret.returnOfSaleId : undefined;
  if (!saleId) return undefined;
  const kept = await sources.receipts.recall(saleId);
  if (kept) return kept;
  const asked = await sources.server?.(saleId);
  if (asked) await sources.receipts.remember(saleId, asked);
  return asked;
}
