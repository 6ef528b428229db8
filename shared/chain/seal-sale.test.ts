import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GENESIS_HASH, hashSale } from './hash-sale.ts';
import { sealSale } from './seal-sale.ts';
import { InvalidChainHeadError } from './chain-errors.ts';
import { unsignedSaleArb } from './sale-arbitraries.ts';

describe('sealSale', () => {
  it('starts a chain at seq 1 with 64 zeros when there is no previous sale', () => {
    fc.assert(
      fc.property(unsignedSaleArb({ maxLines: 3 }), (unsigned) => {
        const sale = sealSale(unsigned, null);
        expect(sale.seq).toBe(1);
        expect(sale.prevHash).toBe(GENESIS_HASH);
        expect(sale.hash).toBe(hashSale(sale));
        expect(sealSale(unsigned)).toEqual(sale);
      }),
      { numRuns: 500 },
    );
  });

  it('places a sale right after the previous one', () => {
    fc.assert(
      fc.property(unsignedSaleArb({ maxLines: 3 }), fc.integer({ min: 1, max: 1e12 }), fc.stringMatching(/^[0-9a-f]{64}$/), (unsigned, seq, hash) => {
        const sale = sealSale(unsigned, { seq, hash });
        expect(sale.seq).toBe(seq + 1);
        expect(sale.prevHash).toBe(hash);
        expect(sale.hash).toBe(hashSale(sale));
      }),
      { numRuns: 500 },
    );
  });

  it('replaces chain fields already present on the input', () => {
    fc.assert(
      fc.property(unsignedSaleArb({ maxLines: 2 }), (unsigned) => {
        const stale = { ...unsigned, seq: 99, prevHash: 'a'.repeat(64), hash: 'b'.repeat(64) };
        expect(sealSale(stale, null)).toEqual(sealSale(unsigned, null));
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a previous sale that cannot head a chain', () => {
    const unsigned = fc.sample(unsignedSaleArb({ maxLines: 1 }), { numRuns: 1, seed: 7 })[0];
    if (!unsigned) throw new Error('no sample');
    expect(() => sealSale(unsigned, { seq: 0, hash: GENESIS_HASH })).toThrow(InvalidChainHeadError);
    expect(() => sealSale(unsigned, { seq: 1.5, hash: GENESIS_HASH })).toThrow(InvalidChainHeadError);
    expect(() => sealSale(unsigned, { seq: 3, hash: 'ABC' })).toThrow(/valid hash/);
  });
});
