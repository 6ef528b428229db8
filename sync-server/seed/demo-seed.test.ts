import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { migrate } from '../db/migrate.ts';
import { createTestDb, type TestDb } from '../../tests/support/test-db.ts';
import { verifyPassword, verifyPin } from '../security/secrets.ts';
import { seedDemo, SeedError } from './demo-seed.ts';
import { DEMO_WEIGHED } from './demo-weighed.ts';
import { ean13CheckDigit, isValidEan13 } from './ean13.ts';

describe('EAN-13 check digit', () => {
  it('matches known barcodes', () => {
    expect(ean13CheckDigit('400638133393')).toBe(1); // 4006381333931
    expect(ean13CheckDigit('590123412345')).toBe(7); // 5901234123457
    expect(isValidEan13('4006381333931')).toBe(true);
    expect(isValidEan13('4006381333932')).toBe(false);
  });

  it('detects every single-digit error', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{12}$/), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 9 }), (body, pos, delta) => {
        const code = body + String(ean13CheckDigit(body));
        const wrong = code.slice(0, pos) + String((Number(code[pos]) + delta) % 10) + code.slice(pos + 1);
        expect(isValidEan13(wrong)).toBe(false);
      }),
    );
  });
});

describe('demo seed (PGlite)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('pglite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('makes the sites, users and products it reports, with valid GTIN-14 barcodes and explained stock', async () => {
    const result = await seedDemo(t.db, { products: 300 });
    expect(result).toEqual({
      sites: [
        { code: 'STORE1', kind: 'store' },
        { code: 'WH1', kind: 'warehouse' },
      ],
      products: 300,
      users: [
        { username: 'admin', role: 'admin' },
        { username: 'manager', role: 'manager' },
        { username: 'alice', role: 'cashier' },
        { username: 'sam', role: 'supervisor' },
        { username: 'pat', role: 'picker' },
      ],
    });
    const barcodes = await t.db.query<{ barcode: string }>('SELECT barcode FROM product_barcodes');
    // One EAN-13 per product, and two scale lookup codes (price, weight) per weighed demo product.
    expect(barcodes).toHaveLength(300 + 2 * DEMO_WEIGHED.length);
    for (const { barcode } of barcodes) {
      expect(barcode).toMatch(/^0[0-9]{13}$/);
      expect(isValidEan13(barcode.slice(1))).toBe(true);
    }
    // Every quant is the sum of its moves: the ledger explains the stock.
    const drift = await t.db.query(
      `SELECT q.product_id FROM quants q LEFT JOIN (
         SELECT product_id, location_id, lot, sum(qty) AS qty FROM (
           SELECT product_id, to_location_id AS location_id, lot, qty FROM stock_moves
           UNION ALL SELECT product_id, from_location_id, lot, -qty FROM stock_moves) m
         GROUP BY 1, 2, 3) m USING (product_id, location_id, lot)
       WHERE q.on_hand <> coalesce(m.qty, 0)`,
    );
    expect(drift).toEqual([]);
    const [lots] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM quants WHERE lot <> '' AND expiry IS NOT NULL`);
    expect(lots?.n).toBeGreaterThan(0);
    const [feed] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM replicated_docs WHERE collection = 'products'`);
    expect(feed?.n).toBe(300);
    const [alice] = await t.db.query<{ pin_hash: string; password_hash: string }>(`SELECT pin_hash, password_hash FROM users WHERE username = 'alice'`);
    expect(verifyPin('1234', alice?.pin_hash ?? '')).toBe(true);
    expect(await verifyPassword('alice', alice?.password_hash ?? '')).toBe(true);
  });

  it('files each product under the category its name says, and taxes groceries at the reduced rate', async () => {
    const rows = await t.db.query<{ name: string; category: string; tax: string }>(
      `SELECT p.name, p.category, t.tax_id AS tax FROM products p JOIN product_taxes t ON t.product_id = p.id ORDER BY p.sku`,
    );
    const expected: [RegExp, string][] = [
      [/ (Apples|Pasta|Olive Oil|Cheese|Crackers|Yogurt|Honey|Rice|Chocolate|Beans|Cereal|Nuts) /, 'Grocery'],
      [/ (Coffee|Tea|Juice) #/, 'Drinks'],
      [/ (Batteries|Candles) #/, 'Household'],
      [/ (Soap|Shampoo) #/, 'Personal care'],
      [/ Socks #/, 'Clothing'],
      [/ Notebook #/, 'Stationery'],
    ];
    const misfiled = rows.filter((r) => expected.find(([name]) => name.test(`${r.name} `))?.[1] !== r.category);
    expect(misfiled).toEqual([]);
    expect(rows.filter((r) => (r.category === 'Grocery') !== (r.tax === 'tax-reduced'))).toEqual([]);
    expect(new Set(rows.map((r) => r.category))).toEqual(new Set(['Grocery', 'Drinks', 'Household', 'Personal care', 'Clothing', 'Stationery']));
  });

  it('refuses to seed a database that already has data, and migrations are idempotent', async () => {
    await expect(seedDemo(t.db, { products: 10 })).rejects.toBeInstanceOf(SeedError);
    expect(await migrate(t.db)).toEqual([]);
  });
});

describe('EAN-13 check digit in SQL', () => {
  it('agrees with the TypeScript one', async () => {
    const { ean13CheckSql } = await import('./ean13.ts');
    const t = await createTestDb('pglite', { migrate: false });
    try {
      const bodies = fc.sample(fc.stringMatching(/^[0-9]{12}$/), 200);
      const rows = await t.db.query<{ body: string; d: number }>(`SELECT b AS body, ${ean13CheckSql('b')} AS d FROM unnest($1::text[]) AS b`, [bodies]);
      for (const r of rows) expect(r.d).toBe(ean13CheckDigit(r.body));
    } finally {
      await t.close();
    }
  });
});
