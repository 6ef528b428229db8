import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Sale } from '../schemas/sale.ts';
import { GENESIS_HASH, hashSale, saleHashInput, shortHash } from './hash-sale.ts';
import { SaleNotHashableError } from './chain-errors.ts';
import { saleArb } from './sale-arbitraries.ts';

// Computed independently of this module, with node:crypto and `canonicalize`:
//   createHash('sha256').update(doc.prevHash + canonicalize(doc), 'utf8').digest('hex')
// If this test fails, the hash algorithm changed and every till's existing chain breaks.
const VECTOR_DOC: Omit<Sale, 'hash'> = {
  id: '0193a5c2-7b1e-7c3d-8a4f-1e2d3c4b5a69',
  kind: 'sale',
  tillId: 'till-1',
  siteId: 'store-1',
  sessionId: '0193a5c0-0000-7000-8000-000000000001',
  cashierId: 'alice',
  seq: 1,
  receiptNo: 'T1-000001',
  createdAt: '2026-11-22T08:42:49.123Z',
  currency: 'EUR',
  lines: [
    {
      lineId: 'l1',
      productId: 'p-creme',
      name: 'Crème brûlée €',
      qty: 2,
      unitPrice: 450,
      discount: 50,
      total: 850,
      taxes: [{ taxId: 'vat-5.5', rate: 5.5, amount: 44 }],
    },
    {
      lineId: 'l2',
      productId: 'p-apples',
      name: 'Pommes',
      qty: 0.745,
      unitPrice: 299,
      discount: 0,
      total: 223,
      taxes: [{ taxId: 'vat-5.5', rate: 5.5, amount: 12 }],
      lot: 'L2026-47',
    },
  ],
  payments: [{ paymentId: 'pay1', method: 'cash', amount: 1073, tendered: 2000, change: 927 }],
  total: 1073,
  prevHash: '0'.repeat(64),
};
const VECTOR_HASH = '2133e4556751ef0ab94c7228523997ba36c8ca17e151a7d813ca2c52effb1fa0';
const VECTOR_JCS =
  '{"cashierId":"alice","createdAt":"2026-11-22T08:42:49.123Z","currency":"EUR","id":"0193a5c2-7b1e-7c3d-8a4f-1e2d3c4b5a69","kind":"sale",' +
  '"lines":[{"discount":50,"lineId":"l1","name":"Crème brûlée €","productId":"p-creme","qty":2,"taxes":[{"amount":44,"rate":5.5,"taxId":"vat-5.5"}],' +
  '"total":850,"unitPrice":450},{"discount":0,"lineId":"l2","lot":"L2026-47","name":"Pommes","productId":"p-apples","qty":0.745,' +
  '"taxes":[{"amount":12,"rate":5.5,"taxId":"vat-5.5"}],"total":223,"unitPrice":299}],' +
  '"payments":[{"amount":1073,"change":927,"method":"cash","paymentId":"pay1","tendered":2000}],' +
  '"prevHash":"0000000000000000000000000000000000000000000000000000000000000000","receiptNo":"T1-000001","seq":1,' +
  '"sessionId":"0193a5c0-0000-7000-8000-000000000001","siteId":"store-1","tillId":"till-1","total":1073}';

/** Rebuilds a JSON value with every object's keys in an order drawn from `seed`. */
function shuffleKeysDeep(value: unknown, seed: number): unknown {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state;
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v)
        .map((entry) => ({ entry, key: next() }))
        .sort((a, b) => a.key - b.key)
        .map(({ entry: [k, inner] }) => [k, walk(inner)] as const);
      return Object.fromEntries(entries);
    }
    return v;
  };
  return walk(value);
}

describe('hashSale', () => {
  it('matches a hash computed independently with node:crypto and canonicalize (fixed test vector)', () => {
    expect(saleHashInput(VECTOR_DOC)).toBe(GENESIS_HASH + VECTOR_JCS);
    expect(hashSale(VECTOR_DOC)).toBe(VECTOR_HASH);
  });

  it('ignores the hash field itself, whatever it holds', () => {
    expect(hashSale({ ...VECTOR_DOC, hash: 'f'.repeat(64) })).toBe(VECTOR_HASH);
  });

  it('ignores RxDB bookkeeping fields that ride along on stored and pushed documents', () => {
    const stored = { ...VECTOR_DOC, _deleted: false, _rev: '1-abc', _meta: { lwt: 1 }, _attachments: {} };
    expect(hashSale(stored)).toBe(VECTOR_HASH);
  });

  it('changes when prevHash changes, because prevHash is both prefixed and inside the document', () => {
    expect(hashSale({ ...VECTOR_DOC, prevHash: '1'.repeat(64) })).not.toBe(VECTOR_HASH);
  });

  it('is 64 lowercase hex digits and shortHash is its first 8', () => {
    expect(VECTOR_HASH).toMatch(/^[0-9a-f]{64}$/);
    expect(shortHash(VECTOR_HASH)).toBe('2133e455');
  });

  it('throws SaleNotHashableError for values JSON cannot carry', () => {
    const bad = { ...VECTOR_DOC, total: Number.NaN };
    expect(() => hashSale(bad)).toThrow(SaleNotHashableError);
    try {
      hashSale(bad);
    } catch (error) {
      expect(error).toBeInstanceOf(SaleNotHashableError);
      expect((error as SaleNotHashableError).code).toBe('sale-not-hashable');
    }
  });

  it('does not depend on the order of keys at any depth', () => {
    fc.assert(
      fc.property(saleArb({ maxLines: 4 }), fc.integer(), (sale, seed) => {
        const shuffled = shuffleKeysDeep(sale, seed) as Sale;
        expect(hashSale(shuffled)).toBe(hashSale(sale));
        expect(hashSale(shuffled)).toBe(sale.hash);
      }),
      { numRuns: 500 },
    );
  });

  it('survives a JSON round trip (what replication does to a sale)', () => {
    fc.assert(
      fc.property(saleArb({ maxLines: 4 }), (sale) => {
        expect(hashSale(JSON.parse(JSON.stringify(sale)) as Sale)).toBe(sale.hash);
      }),
      { numRuns: 500 },
    );
  });
});
