import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Sale } from '../schemas/sale.ts';
import { GENESIS_HASH } from './hash-sale.ts';
import { sealSale } from './seal-sale.ts';
import { verifyChain } from './verify-chain.ts';
import type { ChainVerification } from './verify-chain.ts';
import { chainArb } from './sale-arbitraries.ts';

const RUNS = { numRuns: 500 };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Paths to every leaf (and every optional object) of a sale, excluding the chain fields. */
function leafPaths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leafPaths(v, [...prefix, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
  return [prefix];
}

/** A different value of the same JSON type. */
function changed(value: Json): Json {
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'string') return `${value}x`;
  if (typeof value === 'boolean') return !value;
  return 'x';
}

function setPath(root: Json, path: (string | number)[], make: (old: Json) => Json): Json {
  const [head, ...rest] = path;
  if (head === undefined) return make(root);
  if (Array.isArray(root) && typeof head === 'number') return root.map((v, i) => (i === head ? setPath(v, rest, make) : v));
  if (root !== null && typeof root === 'object' && !Array.isArray(root) && typeof head === 'string') {
    return { ...root, [head]: setPath(root[head] ?? null, rest, make) };
  }
  throw new Error(`bad path ${path.join('.')}`);
}

function asJson(sale: Sale): Json {
  return JSON.parse(JSON.stringify(sale)) as Json;
}

function expectBreak(result: ChainVerification): Exclude<ChainVerification, { ok: true }> {
  if (result.ok) throw new Error('expected the chain to be broken');
  return result;
}

describe('verifyChain', () => {
  it('accepts every chain that sealSale builds, in any input order', () => {
    fc.assert(
      fc.property(
        chainArb(0, 8).chain((chain) => fc.tuple(fc.constant(chain), fc.shuffledSubarray(chain, { minLength: chain.length, maxLength: chain.length }))),
        ([chain, shuffled]) => {
          const result = verifyChain(shuffled);
          const last = chain.at(-1);
          expect(result).toEqual({ ok: true, count: chain.length, head: last ? { seq: last.seq, hash: last.hash } : null });
        },
      ),
      RUNS,
    );
  });

  it('detects a change to any field of any sale, at that sale', () => {
    fc.assert(
      fc.property(
        chainArb(1, 6).chain((chain) =>
          fc.integer({ min: 0, max: chain.length - 1 }).chain((index) => {
            const target = chain[index];
            if (!target) throw new Error('index out of range');
            const paths = leafPaths(asJson(target)).filter((p) => p[0] !== 'seq');
            return fc.tuple(fc.constant(chain), fc.constant(index), fc.constantFrom(...paths));
          }),
        ),
        ([chain, index, path]) => {
          const target = chain[index];
          if (!target) throw new Error('index out of range');
          const tampered = setPath(asJson(target), path, changed) as unknown as Sale;
          const copy = chain.map((s, i) => (i === index ? tampered : s));
          const broken = expectBreak(verifyChain(copy));
          expect(broken.seq).toBe(target.seq);
          expect(broken.saleId).toBe(tampered.id);
          expect(broken.reason).toBe(path[0] === 'prevHash' ? 'wrong-prev-hash' : 'wrong-hash');
          if (broken.reason === 'wrong-hash') expect(broken.actual).toBe(tampered.hash);
        },
      ),
      RUNS,
    );
  });

  it('detects a changed seq no later than the changed sale', () => {
    fc.assert(
      fc.property(chainArb(1, 6), fc.nat(), fc.integer({ min: -3, max: 10 }), (chain, pick, newSeq) => {
        const index = pick % chain.length;
        const target = chain[index];
        if (!target || newSeq === target.seq) return;
        const broken = expectBreak(verifyChain(chain.map((s, i) => (i === index ? { ...target, seq: newSeq } : s))));
        expect(broken.seq).toBeLessThanOrEqual(target.seq);
      }),
      RUNS,
    );
  });

  it('detects an added or removed field', () => {
    fc.assert(
      fc.property(chainArb(1, 6), fc.nat(), fc.boolean(), (chain, pick, add) => {
        const index = pick % chain.length;
        const target = chain[index];
        if (!target) throw new Error('index out of range');
        const tampered: Sale = add ? { ...target, customerId: 'mallory' } : { ...target, lines: target.lines.slice(1) };
        const result = expectBreak(verifyChain(chain.map((s, i) => (i === index ? tampered : s))));
        expect(result).toMatchObject({ reason: 'wrong-hash', seq: target.seq });
      }),
      RUNS,
    );
  });

  it('detects a deleted sale at the first missing seq (or a wrong start when seq 1 is gone)', () => {
    fc.assert(
      fc.property(chainArb(2, 8), fc.nat(), (chain, pick) => {
        const index = pick % (chain.length - 1);
        const broken = expectBreak(verifyChain(chain.filter((_, i) => i !== index)));
        expect(broken.seq).toBe(index + 1);
        if (index === 0) {
          expect(broken).toMatchObject({ reason: 'wrong-start', expected: 1, actual: 2 });
        } else {
          expect(broken).toMatchObject({ reason: 'gap', detail: 'missing', expected: index + 1, actual: index + 2 });
        }
      }),
      RUNS,
    );
  });

  it('cannot see the last sale deleted: the chain alone has no length, so callers compare its head', () => {
    fc.assert(
      fc.property(chainArb(2, 6), (chain) => {
        const result = verifyChain(chain.slice(0, -1));
        expect(result).toMatchObject({ ok: true, head: { seq: chain.length - 1 } });
      }),
      { numRuns: 100 },
    );
  });

  it('detects a duplicated sale at the repeated seq', () => {
    fc.assert(
      fc.property(chainArb(1, 8), fc.nat(), fc.nat(), (chain, pick, at) => {
        const index = pick % chain.length;
        const dup = chain[index];
        if (!dup) throw new Error('index out of range');
        const withDup = [...chain];
        withDup.splice(at % (chain.length + 1), 0, structuredClone(dup));
        const broken = expectBreak(verifyChain(withDup));
        expect(broken).toMatchObject({ reason: 'gap', detail: 'duplicate', seq: dup.seq, expected: dup.seq + 1, actual: dup.seq });
      }),
      RUNS,
    );
  });

  it('detects two sales swapped in the chain at the earlier position', () => {
    fc.assert(
      fc.property(
        chainArb(2, 8).chain((chain) =>
          fc.tuple(fc.constant(chain), fc.uniqueArray(fc.integer({ min: 0, max: chain.length - 1 }), { minLength: 2, maxLength: 2 })),
        ),
        ([chain, [a, b]]) => {
          if (a === undefined || b === undefined) throw new Error('need two indexes');
          const [i, j] = a < b ? [a, b] : [b, a];
          const first = chain[i];
          const second = chain[j];
          if (!first || !second) throw new Error('index out of range');
          const swapped = chain.map((s, k) => (k === i ? { ...second, seq: first.seq } : k === j ? { ...first, seq: second.seq } : s));
          const broken = expectBreak(verifyChain(swapped));
          expect(broken).toMatchObject({ reason: 'wrong-prev-hash', seq: first.seq, expected: first.prevHash, actual: second.prevHash });
        },
      ),
      RUNS,
    );
  });

  it('reports a chain that does not start at seq 1', () => {
    fc.assert(
      fc.property(chainArb(3, 6), (chain) => {
        expect(verifyChain(chain.slice(2))).toMatchObject({ ok: false, reason: 'wrong-start', seq: 1, expected: 1, actual: 3 });
      }),
      { numRuns: 100 },
    );
  });

  it('reports a first sale whose prevHash is not 64 zeros', () => {
    fc.assert(
      fc.property(chainArb(1, 3), (chain) => {
        const [first, ...rest] = chain;
        if (!first) throw new Error('empty chain');
        const { seq: _seq, prevHash: _prevHash, hash: _hash, ...unsigned } = first;
        const resealed = sealSale(unsigned, { seq: 1, hash: 'f'.repeat(64) });
        const forged = { ...resealed, seq: 1 };
        expect(verifyChain([forged, ...rest])).toMatchObject({ reason: 'wrong-prev-hash', seq: 1, expected: GENESIS_HASH, actual: 'f'.repeat(64) });
      }),
      { numRuns: 100 },
    );
  });

  it('verifies a later segment from a known head', () => {
    fc.assert(
      fc.property(chainArb(2, 8), fc.nat(), (chain, pick) => {
        const cut = 1 + (pick % (chain.length - 1));
        const anchor = chain[cut - 1];
        if (!anchor) throw new Error('index out of range');
        const after = { seq: anchor.seq, hash: anchor.hash };
        expect(verifyChain(chain.slice(cut), { after })).toMatchObject({ ok: true, count: chain.length - cut });
        expect(verifyChain([], { after })).toEqual({ ok: true, count: 0, head: after });
        expect(verifyChain(chain.slice(cut), { after: { ...after, hash: GENESIS_HASH } })).toMatchObject({ ok: false, reason: 'wrong-prev-hash', seq: cut + 1 });
        expect(verifyChain(chain.slice(cut), { after: { ...after, seq: after.seq + 1 } })).toMatchObject({ ok: false, reason: 'wrong-start', seq: cut + 2 });
      }),
      RUNS,
    );
  });
});
