// Till sales built as a till builds them, for server tests that push them: a line's amounts from the
// shared tax function, and receipts sealed in one till's hash chain with gapless numbers.
import { v7 as uuidv7 } from 'uuid';
import { type ChainHead, sealSale } from '../../shared/chain/index.ts';
import type { Sale, SaleLine } from '../../shared/schemas/index.ts';
import { computeOrder } from '../../shared/tax/index.ts';

/** A sale line of `qty` × `unitPrice` (tax included) with its taxes computed. */
export function taxedLine(productId: string, qty: number, unitPrice: number, taxes: readonly { taxId: string; rate: number }[]): SaleLine {
  const amounts = computeOrder({ lines: [{ qty, unitPrice, priceIncludesTax: true, taxes: [...taxes] }] }).lines[0]?.amounts;
  if (!amounts) throw new Error('no amounts');
  return { lineId: uuidv7(), productId, qty, unitPrice, ...amounts };
}

/** Seals sales one after another in one till's chain, numbered T1-000001, T1-000002, … */
export function receiptChain(): (sale: Omit<Sale, 'seq' | 'prevHash' | 'hash' | 'receiptNo'>) => Sale {
  let head: ChainHead | null = null;
  return (sale) => {
    const seq = (head?.seq ?? 0) + 1;
    const sealed = sealSale({ ...sale, receiptNo: `T1-${String(seq).padStart(6, '0')}` }, head);
    head = { seq: sealed.seq, hash: sealed.hash };
    return sealed;
  };
}
