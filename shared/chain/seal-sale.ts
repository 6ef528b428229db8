// Sealing: the till's last step before a sale is committed locally. It places the sale after
// the till's previous sale (seq + 1, prevHash = previous hash) and computes its hash.
import type { Sale } from '../schemas/sale.ts';
import { InvalidChainHeadError } from './chain-errors.ts';
import { GENESIS_HASH, hashSale } from './hash-sale.ts';

/** A sale before sealing: everything but its place in the chain. */
export type UnsignedSale = Omit<Sale, 'seq' | 'prevHash' | 'hash'>;

/** What sealing needs from the till's previous sale. */
export type ChainHead = Pick<Sale, 'seq' | 'hash'>;

const HASH_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Returns the sale with `seq`, `prevHash` and `hash` set. With no previous sale it starts the
 * chain: seq 1 and 64 zeros. Any `seq`/`prevHash`/`hash` already on the input are replaced.
 */
export function sealSale(unsigned: UnsignedSale, prev?: ChainHead | null): Sale {
  if (prev) {
    if (!Number.isSafeInteger(prev.seq) || prev.seq < 1) {
      throw new InvalidChainHeadError(`previous sale has seq ${String(prev.seq)}; expected a positive integer`);
    }
    if (!HASH_PATTERN.test(prev.hash)) {
      throw new InvalidChainHeadError(`previous sale seq ${prev.seq} has no valid hash (64 lowercase hex)`);
    }
  }
  const placed: Omit<Sale, 'hash'> = {
    ...withoutChainFields(unsigned),
    seq: prev ? prev.seq + 1 : 1,
    prevHash: prev ? prev.hash : GENESIS_HASH,
  };
  return { ...placed, hash: hashSale(placed) };
}

function withoutChainFields(unsigned: UnsignedSale & Partial<Pick<Sale, 'seq' | 'prevHash' | 'hash'>>): UnsignedSale {
  const { seq: _seq, prevHash: _prevHash, hash: _hash, ...rest } = unsigned;
  return rest;
}
