// Demo data (`aisle seed --demo`): one store, one warehouse with shelves, virtual locations,
// taxes, tenders, users, N products with valid EAN-13 barcodes, stock in both sites and a few
// customers. Bulk rows are generated in SQL (generate_series) so 100k products seed in seconds,
// even on PGlite; the same transaction publishes every document to the change feed.
import { postOpeningStock } from '../ledger/stock-valuation.ts';
import { v7 as uuidv7 } from 'uuid';
import type { Db, Tx } from '../db/db.ts';
import { publishAllConfig } from '../feed/config-docs.ts';
import { lockFeed, publishQuery } from '../feed/publish.ts';
import { hashPassword, hashPin } from '../security/secrets.ts';
import { ean13CheckSql } from './ean13.ts';
import { addWeighedDemoProducts } from './demo-weighed.ts';

export interface SeedOptions {
  products?: number;
}

export interface SeedResult {
  sites: { code: string; kind: 'store' | 'warehouse' }[];
  products: number;
  users: { username: string; role: string }[];
}

export class SeedError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'SeedError';
    this.code = code;
  }
}

export const DEMO_USERS = [
  { username: 'admin', displayName: 'Admin', role: 'admin', password: 'admin' },
  { username: 'manager', displayName: 'Manager', role: 'manager', password: 'manager' },
  { username: 'alice', displayName: 'Alice Martin', role: 'cashier', password: 'alice', pin: '1234' },
  { username: 'sam', displayName: 'Sam Becker', role: 'supervisor', password: 'sam', pin: '135790' },
  { username: 'pat', displayName: 'Pat Novak', role: 'picker', password: 'pat', pin: '2468' },
] as const;

const VIRTUAL = [
  ['supplier', 'Partners/Suppliers'],
  ['customer', 'Partners/Customers'],
  ['inventory_loss', 'Virtual/Inventory loss'],
  ['scrap', 'Virtual/Scrap'],
  ['transit', 'Virtual/Transit'],
] as const;

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sites');
  return (row?.n ?? 0) === 0;
}

// The demo passwords are public, so their hashes are made once per process and reused by every seed
// (a test run seeds many databases; one hash at N=2^17 takes ~0.3 s).
const demoHashes = new Map<string, Promise<string>>();
function demoPasswordHash(password: string): Promise<string> {
  let hash = demoHashes.get(password);
  if (!hash) {
    hash = hashPassword(password);
    demoHashes.set(password, hash);
  }
  return hash;
}

export async function seedDemo(db: Db, options: SeedOptions = {}): Promise<SeedResult> {
  const products = options.products ?? 2000;
  if (!Number.isInteger(products) || products < 1 || products > 999_999) throw new SeedError('bad_products', '--products must be an integer from 1 to 999999');
  // Slow hashes first, outside the transaction.
  const users = await Promise.all(
    DEMO_USERS.map(async (u) => ({ ...u, id: uuidv7(), passwordHash: await demoPasswordHash(u.password), pinHash: 'pin' in u ? hashPin(u.pin) : null })),
  );
  await db.transaction(async (tx) => {
    const [row] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM sites');
    if ((row?.n ?? 0) > 0) throw new SeedError('not_empty', 'the database already has sites; seed runs on an empty database only');
    // Bulk statements below hash and sort hundreds of thousands of rows: keep that in memory.
    await tx.query(`SET LOCAL work_mem = '64MB'`);
    const store = await addSite(tx, 'STORE1', 'Demo Store', 'store', []);
    const shelves: string[] = [];
    for (const aisle of ['A', 'B']) for (let rack = 1; rack <= 5; rack++) for (let level = 1; level <= 4; level++) shelves.push(`${aisle}-${pad2(rack)}-${pad2(level)}`);
    const wh = await addSite(tx, 'WH1', 'Demo Warehouse', 'warehouse', shelves);
    await tx.query(
      `INSERT INTO taxes (id, name, rate) VALUES ($1, 'VAT 20%', 20), ($2, 'VAT 5.5%', 5.5)`,
      ['tax-standard', 'tax-reduced'],
    );
    await tx.query(
      `INSERT INTO tenders (id, method, label, is_cash) VALUES
        ($1, 'cash', 'Cash', true), ($2, 'card', 'Card', false), ($3, 'voucher', 'Voucher', false)`,
      [uuidv7(), uuidv7(), uuidv7()],
    );
    for (const u of users) {
      await tx.query('INSERT INTO users (id, username, display_name, role, password_hash, pin_hash) VALUES ($1, $2, $3, $4, $5, $6)', [
        u.id, u.username, u.displayName, u.role, u.passwordHash, u.pinHash,
      ]);
    }
    // Where they work: PIN hashes reach only the devices of their own sites (feed/config-docs.ts).
    await tx.query(
      `INSERT INTO user_sites (user_id, site_id) SELECT u.id, s.id FROM users u JOIN sites s
         ON (u.role IN ('cashier', 'supervisor') AND s.kind = 'store') OR (u.role = 'picker' AND s.kind = 'warehouse')`,
    );
    await tx.query(`INSERT INTO settings (key, value) VALUES ('approvals', $1::jsonb)`, [JSON.stringify({ maxDiscountPercent: 10, maxPriceOverridePercent: 10, maxCashMovement: 20_000, maxCashMovedPerSession: 50_000 })]);
    await tx.query(
      `INSERT INTO customers (id, name, email, business, tax_number) VALUES
        ($1, 'Walk-in Demo Customer', 'demo@example.com', false, NULL), ($2, 'Acme Retail Ltd', 'buyer@acme.example', true, 'GB123456789')`,
      [uuidv7(), uuidv7()],
    );
    await insertProducts(tx, products);
    await addWeighedDemoProducts(tx);
    // Quants number their stock documents from the feed sequence: only under the feed lock.
    await lockFeed(tx);
    await insertStock(tx, store, wh);
    await postOpeningStock(tx, null);
    await publishQuery(tx, 'products', `SELECT id, 'all' AS scope, doc FROM product_docs`);
    await publishQuery(tx, 'customers', `SELECT id, 'all' AS scope, doc FROM customer_docs`);
    await publishAllConfig(tx);
  });
  return {
    sites: [
      { code: 'STORE1', kind: 'store' },
      { code: 'WH1', kind: 'warehouse' },
    ],
    products,
    users: DEMO_USERS.map((u) => ({ username: u.username, role: u.role })),
  };
}

interface SiteIds {
  siteId: string;
  stockId: string;
  shelfIds: string[];
  supplierId: string;
}

/**
 * A site with its location tree: root, Stock (and shelves under it), one virtual location of each
 * kind. The back office creates sites with it too (admin/sites.ts).
 */
export async function addSite(
  tx: Tx, code: string, name: string, kind: 'store' | 'warehouse', shelves: readonly string[],
  // The demo sites are in Paris: store time differs from UTC, so time-zone mistakes show.
  settings: { timeZone: string; currency: string } = { timeZone: 'Europe/Paris', currency: 'EUR' },
): Promise<SiteIds> {
  const siteId = uuidv7();
  await tx.query('INSERT INTO sites (id, code, name, kind, time_zone, currency) VALUES ($1, $2, $3, $4, $5, $6)', [siteId, code, name, kind, settings.timeZone, settings.currency]);
  const rootId = uuidv7();
  const stockId = uuidv7();
  await tx.query(`INSERT INTO locations (id, site_id, name, full_name, usage) VALUES ($1, $2, $3, $3, 'view')`, [rootId, siteId, code]);
  await tx.query(`INSERT INTO locations (id, site_id, parent_id, name, full_name, usage, barcode) VALUES ($1, $2, $3, 'Stock', $4, 'internal', $4)`, [
    stockId, siteId, rootId, `${code}/Stock`,
  ]);
  const shelfIds: string[] = [];
  for (const shelf of shelves) {
    const id = uuidv7();
    shelfIds.push(id);
    await tx.query(`INSERT INTO locations (id, site_id, parent_id, name, full_name, usage, barcode) VALUES ($1, $2, $3, $4, $5, 'internal', $5)`, [
      id, siteId, stockId, shelf, `${code}/Stock/${shelf}`,
    ]);
  }
  let supplierId = '';
  for (const [usage, path] of VIRTUAL) {
    const id = uuidv7();
    if (usage === 'supplier') supplierId = id;
    await tx.query('INSERT INTO locations (id, site_id, name, full_name, usage) VALUES ($1, $2, $3, $4, $5)', [id, siteId, path.split('/')[1] ?? path, `${code}/${path}`, usage]);
  }
  return { siteId, stockId, shelfIds, supplierId };
}

/**
 * What the generated products are (product i is the (i / 10) % 20-th, ten in a row), each with the
 * category it is sold under: batteries are household goods, not drinks. The category also gives the
 * tax (Grocery is at the reduced rate).
 */
const DEMO_GOODS: readonly (readonly [noun: string, category: string])[] = [
  ['Apples', 'Grocery'], ['Coffee', 'Drinks'], ['Pasta', 'Grocery'], ['Olive Oil', 'Grocery'], ['Tea', 'Drinks'],
  ['Cheese', 'Grocery'], ['Crackers', 'Grocery'], ['Yogurt', 'Grocery'], ['Honey', 'Grocery'], ['Rice', 'Grocery'],
  ['Soap', 'Personal care'], ['Batteries', 'Household'], ['Socks', 'Clothing'], ['Notebook', 'Stationery'], ['Shampoo', 'Personal care'],
  ['Chocolate', 'Grocery'], ['Juice', 'Drinks'], ['Beans', 'Grocery'], ['Cereal', 'Grocery'], ['Candles', 'Household'],
];

async function insertProducts(tx: Tx, n: number): Promise<void> {
  await tx.query(
    `INSERT INTO products (id, sku, name, price, cost, category, unit, tracking)
     SELECT gen_random_uuid()::text, 'SKU-' || lpad(i::text, 6, '0'),
       (ARRAY['Organic','Classic','Fresh','Premium','Everyday','Family','Crispy','Smooth','Wild','Golden'])[1 + i % 10] || ' ' ||
       ($2::text[])[1 + (i / 10) % cardinality($2::text[])] || ' #' || i,
       99 + (i * 37) % 4900,
       ((99 + (i * 37) % 4900) * 6) / 10,
       ($3::text[])[1 + (i / 10) % cardinality($3::text[])],
       CASE WHEN i % 97 = 0 THEN 'kg' ELSE 'unit' END,
       CASE WHEN i % 50 = 0 THEN 'lot' ELSE 'none' END
     FROM generate_series(1, $1::int) AS i`,
    [n, DEMO_GOODS.map(([noun]) => noun), DEMO_GOODS.map(([, category]) => category)],
  );
  // EAN-13 body: GS1 prefix 400 + the product number; stored as GTIN-14 (leading 0).
  await tx.query(
    `INSERT INTO product_barcodes (barcode, product_id)
     SELECT '0' || b.body || ${ean13CheckSql('b.body')}::text, b.id
     FROM (SELECT id, '400' || lpad(substr(sku, 5), 9, '0') AS body FROM products) b`,
  );
  await tx.query(
    `INSERT INTO product_taxes (product_id, tax_id)
     SELECT id, CASE WHEN category = 'Grocery' THEN 'tax-reduced' ELSE 'tax-standard' END FROM products`,
  );
}

async function insertStock(tx: Tx, store: SiteIds, wh: SiteIds): Promise<void> {
  // Opening stock is received from each site's supplier location: the ledger explains every
  // quant. The warehouse holds every product; the store a quarter of a big catalog (all of a
  // small one), which keeps a 100k seed fast and a till's stock pull small. Each generated row is a distinct (product, location, lot), so quants need no GROUP BY.
  await tx.query(
    `CREATE TEMP TABLE seed_stock ON COMMIT DROP AS
     SELECT p.id AS product_id,
       CASE WHEN p.tracking = 'lot' THEN 'LOT-' || substr(p.sku, 5) || '-A' ELSE '' END AS lot,
       CASE WHEN p.tracking = 'lot' THEN current_date + (p.i % 365) ELSE NULL END AS expiry,
       s.qty::numeric AS qty, s.from_id, s.to_id
     FROM (SELECT id, sku, tracking, substr(sku, 5)::int AS i FROM products) p
     CROSS JOIN LATERAL (VALUES
       ($1::text, $2::text, 5 + p.i % 20, p.i % 4 = 1 OR p.i <= 2000),
       ($3::text, ($4::text[])[1 + p.i % cardinality($4::text[])], 50 + p.i % 100, true)
     ) AS s(from_id, to_id, qty, stocked)
     WHERE s.stocked`,
    [store.supplierId, store.stockId, wh.supplierId, wh.shelfIds],
  );
  await tx.query(
    `INSERT INTO stock_moves (product_id, lot, expiry, qty, from_location_id, to_location_id, reason)
     SELECT product_id, lot, expiry, qty, from_id, to_id, 'seed' FROM seed_stock`,
  );
  await tx.query(
    `INSERT INTO quants (product_id, location_id, lot, expiry, on_hand)
     SELECT product_id, to_id, lot, expiry, qty FROM seed_stock`,
  );
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
