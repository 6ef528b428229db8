// Verification of one till's chain: seq runs 1, 2, 3, … without gaps or repeats, each sale
// names its predecessor's hash, and each hash matches the sale's content. It reports the first
// broken link as data (never throws for a broken chain) so the server can raise an exception
// for that sale and still keep it.
import type { Sale } from '../schemas/sale.ts';
import { GENESIS_HASH, hashSale } from './hash-sale.ts';
import type { ChainHead } from './seal-sale.ts';

/**
 * The first broken link. `seq` is the position in the chain where it breaks:
 * - `wrong-start`: the first sale is not where the chain starts (seq 1, or `after.seq + 1`);
 *   `expected`/`actual` are seqs and `seq` is the expected one.
 * - `gap`: after seq n the next sale is not n + 1; `detail` says whether seq n repeats
 *   (`duplicate`, `seq` = n) or seqs are missing (`missing`, `seq` = n + 1, the first missing one).
 *   `expected`/`actual` are seqs.
 * - `wrong-prev-hash`: the sale's `prevHash` is not its predecessor's `hash` (64 zeros for seq 1).
 * - `wrong-hash`: the sale's `hash` is not the hash of its content (`expected` is the recomputed one).
 */
export type ChainBreak =
  | { ok: false; reason: 'wrong-start'; seq: number; saleId: string; expected: number; actual: number }
  | { ok: false; reason: 'gap'; detail: 'missing' | 'duplicate'; seq: number; saleId: string; expected: number; actual: number }
  | { ok: false; reason: 'wrong-prev-hash'; seq: number; saleId: string; expected: string; actual: string }
  | { ok: false; reason: 'wrong-hash'; seq: number; saleId: string; expected: string; actual: string };

export type ChainBreakReason = ChainBreak['reason'];

/** An intact chain: `head` is the last sale (null when there were none), to continue from later. */
export interface ChainIntact {
  ok: true;
  count: number;
  head: ChainHead | null;
}

export type ChainVerification = ChainIntact | ChainBreak;

export interface VerifyChainOptions {
  /**
   * The last already-verified sale, to verify a later segment of the chain: the segment must
   * then start at `after.seq + 1` with `prevHash === after.hash`. Omitted: the chain starts at seq 1.
   */
  after?: ChainHead;
}

/**
 * Verifies the sales of one till. Input order does not matter: sales are sorted by `seq`
 * (stable, so of two sales with the same seq the earlier in the input comes first).
 */
export function verifyChain(sales: readonly Sale[], options: VerifyChainOptions = {}): ChainVerification {
  const sorted = sales.map((sale, index) => ({ sale, index })).sort((a, b) => a.sale.seq - b.sale.seq || a.index - b.index);
  const start = options.after;
  let expectedSeq = start ? start.seq + 1 : 1;
  let expectedPrev = start ? start.hash : GENESIS_HASH;
  let previous: Sale | null = null;

  for (const { sale } of sorted) {
    if (sale.seq !== expectedSeq) {
      if (previous === null) {
        return { ok: false, reason: 'wrong-start', seq: expectedSeq, saleId: sale.id, expected: expectedSeq, actual: sale.seq };
      }
      const duplicate = sale.seq === previous.seq;
      return {
        ok: false,
        reason: 'gap',
        detail: duplicate ? 'duplicate' : 'missing',
        seq: duplicate ? sale.seq : expectedSeq,
        saleId: sale.id,
        expected: expectedSeq,
        actual: sale.seq,
      };
    }
    if (sale.prevHash !== expectedPrev) {
      return { ok: false, reason: 'wrong-prev-hash', seq: sale.seq, saleId: sale.id, expected: expectedPrev, actual: sale.prevHash };
    }
    const recomputed = hashSale(sale);
    if (sale.hash !== recomputed) {
      return { ok: false, reason: 'wrong-hash', seq: sale.seq, saleId: sale.id, expected: recomputed, actual: sale.hash };
    }
    previous = sale;
    expectedSeq = sale.seq + 1;
    expectedPrev = sale.hash;
  }

  const head = previous ? { seq: previous.seq, hash: previous.hash } : (start ?? null);
  return { ok: true, count: sorted.length, head };
}
