// The catalog for the back office: products listed with search and paging, created, changed and
// archived. Every change publishes the product's document to the feed in the same transaction,
// so paired tills get it on their next pull (the SSE hint makes that pull happen at once), and is
// written to the audit log with the values before and after.
import { byName, folded } from '../db/name-sql.ts';
import { v7 as uuidv7 } from 'uuid';
import { printedGtin, toGtin14 } from '../../shared/barcode/gtin.ts';
import type { Product, ProductInput, ProductPage, ProductPatch, ProductQuery } from '../../shared/admin-api/catalog.ts';
import { type Db, pgErrorCode, type Queryable, type Tx } from '../db/db.ts';
import { prefixPattern } from '../db/prefix-pattern.ts';
import { publishQuery } from '../feed/publish.ts';
import { badRequest, HttpError, notFound } from '../http/errors.ts';
import type { Actor } from './actor.ts';
import { postCostChanges } from '../ledger/stock-valuation.ts';
import { recordAudit } from './audit.ts';
import { changedFields } from './changes.ts';
import { auditFieldList } from '../../shared/admin-api/audit-fields.ts';

interface ProductDoc {
  id: string; sku: string; name: string; barcodes: string[]; price: number; priceIncludesTax: boolean; cost: number;
  taxIds: string[]; category: string; unit: Product['unit']; tracking: Product['tracking']; active: boolean; updatedAt: string;
}

const toProduct = (d: ProductDoc): Product => ({
  id: d.id, sku: d.sku, name: d.name, barcodes: d.barcodes, price: Number(d.price), priceIncludesTax: d.priceIncludesTax, cost: Number(d.cost),
  category: d.category, unit: d.unit, tracking: d.tracking, taxIds: d.taxIds, active: d.active, updatedAt: d.updatedAt,
});

/** The stores' currency, in which catalog prices are kept (minor units). */
export async function catalogCurrency(q: Queryable): Promise<string> {
  const [site] = await q.query<{ currency: string }>("SELECT currency FROM sites ORDER BY kind <> 'store', code LIMIT 1");
  return site?.currency ?? 'EUR';
}

/**
 * The products page's search as SQL over `products p`: prefix search on name (accents folded) or
 * SKU (indexed, migrations 071 and 120), or an exact barcode; `archived` true/false picks archived
 * or active products, undefined both. `params` are $1 and on: a caller numbers its own after them.
 * The listing and the CSV export find the same products.
 */
export function productSearch(text: string | undefined, archived: boolean | undefined): { where: string; params: (string | boolean | null)[] } {
  const t = (text ?? '').trim().toLowerCase();
  const active = archived === undefined ? null : !archived;
  if (t === '') return { where: '($1::boolean IS NULL OR p.active = $1)', params: [active] };
  const gtin = /^[0-9]{8,14}$/.test(t) ? toGtin14(t) : null;
  return {
    // One bitmap scan of p over three indexes: the barcodes' products as an array computed once
    // (ORed as an IN subquery beside them it made PostgreSQL read every product, ≈ 40 ms at 100k).
    where: `($1::boolean IS NULL OR p.active = $1) AND (${folded('p.name')} LIKE ${folded('$2')} OR lower(p.sku) LIKE $2
            OR p.id = ANY (ARRAY(SELECT product_id FROM product_barcodes WHERE barcode = $3)))`,
    params: [active, prefixPattern(t), gtin ?? ''],
  };
}

export async function listProducts(q: Queryable, query: ProductQuery): Promise<ProductPage> {
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 50;
  const { where, params } = productSearch(query.q, query.archived ?? false);
  const [count] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM products p WHERE ${where}`, params);
  const rows = await q.query<{ doc: ProductDoc }>(
    `SELECT d.doc FROM products p JOIN product_docs d ON d.id = p.id WHERE ${where} ORDER BY ${byName('p.name')}, p.id OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
    [...params, offset, limit],
  );
  return { products: rows.map((r) => toProduct(r.doc)), total: count?.n ?? 0, offset, currency: await catalogCurrency(q) };
}

async function productDoc(q: Queryable, id: string): Promise<Product | null> {
  const [row] = await q.query<{ doc: ProductDoc }>('SELECT doc FROM product_docs WHERE id = $1', [id]);
  return row ? toProduct(row.doc) : null;
}

export async function getProduct(q: Queryable, id: string): Promise<Product> {
  const p = await productDoc(q, id);
  if (!p) throw notFound(`no product ${id}`);
  return p;
}

function gtins(barcodes: readonly string[]): string[] {
  const out: string[] = [];
  for (const b of barcodes) {
    const g = toGtin14(b);
    if (!g) throw badRequest(`barcode ${b} is not a valid EAN/UPC/GTIN (wrong length or check digit)`);
    if (!out.includes(g)) out.push(g);
  }
  return out;
}

/**
 * A product's taxes must be active ones. The rows are locked FOR SHARE until the product is saved:
 * a tax being retired meanwhile (updateTax holds its row FOR UPDATE while it counts the products
 * that carry it) waits for the save and then sees the product, or is seen retired here.
 */
async function checkTaxes(tx: Tx, taxIds: readonly string[]): Promise<void> {
  if (taxIds.length === 0) return;
  const rows = await tx.query<{ id: string; name: string; active: boolean }>('SELECT id, name, active FROM taxes WHERE id = ANY($1::text[]) ORDER BY id FOR SHARE', [[...taxIds]]);
  const retired = rows.find((r) => !r.active);
  if (retired) throw badRequest(`The tax "${retired.name}" is retired: choose another tax, or restore it on the Taxes page first.`);
  const missing = taxIds.filter((t) => !rows.some((r) => r.id === t));
  if (missing.length) throw badRequest(`There is no tax with id ${missing.map((m) => `"${m}"`).join(', ')}.`);
}

async function checkBarcodesFree(tx: Tx, productId: string, codes: readonly string[]): Promise<void> {
  if (codes.length === 0) return;
  const taken = await tx.query<{ barcode: string; name: string }>(
    'SELECT b.barcode, p.name FROM product_barcodes b JOIN products p ON p.id = b.product_id WHERE b.barcode = ANY($1::text[]) AND b.product_id <> $2',
    [[...codes], productId],
  );
  const first = taken[0];
  if (first) throw new HttpError(409, 'barcode_taken', `barcode ${printedGtin(first.barcode)} already belongs to "${first.name}"`);
}

async function writeLinks(tx: Tx, id: string, barcodes: readonly string[] | undefined, taxIds: readonly string[] | undefined): Promise<void> {
  if (barcodes) {
    await checkBarcodesFree(tx, id, barcodes);
    await tx.query('DELETE FROM product_barcodes WHERE product_id = $1', [id]);
    if (barcodes.length) await tx.query('INSERT INTO product_barcodes (barcode, product_id) SELECT unnest($1::text[]), $2', [[...barcodes], id]);
  }
  if (taxIds) {
    await checkTaxes(tx, taxIds);
    await tx.query('DELETE FROM product_taxes WHERE product_id = $1', [id]);
    if (taxIds.length) await tx.query('INSERT INTO product_taxes (product_id, tax_id, position) SELECT $1, t, (o - 1)::smallint FROM unnest($2::text[]) WITH ORDINALITY AS u(t, o)', [id, [...taxIds]]);
  }
}

async function publishProducts(tx: Tx, ids: readonly string[]): Promise<void> {
  await publishQuery(tx, 'products', `SELECT id, 'all' AS scope, doc FROM product_docs WHERE id = ANY($1::text[])`, [[...ids]]);
}

function skuConflict(err: unknown, sku: string | undefined): never {
  if (pgErrorCode(err) === '23505' && sku !== undefined) throw new HttpError(409, 'sku_taken', `SKU ${sku} is already used by another product`);
  throw err;
}

export async function createProduct(db: Db, actor: Actor, input: ProductInput): Promise<Product> {
  const id = uuidv7();
  const barcodes = gtins(input.barcodes ?? []);
  const product = await db
    .transaction(async (tx) => {
      await tx.query(
        `INSERT INTO products (id, sku, name, price, price_includes_tax, cost, category, unit, tracking) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [id, input.sku, input.name.trim(), input.price, input.priceIncludesTax ?? true, input.cost ?? 0, input.category ?? '', input.unit ?? 'unit', input.tracking ?? 'none'],
      );
      await writeLinks(tx, id, barcodes, input.taxIds ?? []);
      await publishProducts(tx, [id]);
      const created = await getProduct(tx, id);
      await recordAudit(tx, actor, { action: 'product.create', entity: 'product', entityId: id, summary: `created product "${created.name}" (${created.sku})`, after: created });
      return created;
    })
    .catch((err: unknown) => skuConflict(err, input.sku));
  return product;
}

const COLUMNS: Partial<Record<keyof ProductPatch, string>> = {
  sku: 'sku', name: 'name', price: 'price', priceIncludesTax: 'price_includes_tax', cost: 'cost', category: 'category', unit: 'unit', tracking: 'tracking', active: 'active',
};

export async function updateProduct(db: Db, actor: Actor, id: string, patch: ProductPatch): Promise<Product> {
  const barcodes = patch.barcodes ? gtins(patch.barcodes) : undefined;
  return db
    .transaction(async (tx) => {
      const before = await productDoc(tx, id);
      if (!before) throw notFound(`no product ${id}`);
      // The cost before, under the row's lock (a receipt may be moving it): stock on hand is revalued.
      const [locked] = patch.cost === undefined ? [] : await tx.query<{ cost: string }>('SELECT cost FROM products WHERE id = $1 FOR UPDATE', [id]);
      const sets: string[] = [];
      const params: (string | number | boolean)[] = [id];
      for (const [key, column] of Object.entries(COLUMNS) as [keyof ProductPatch, string][]) {
        const value = patch[key];
        if (value === undefined || Array.isArray(value)) continue;
        params.push(typeof value === 'string' && key === 'name' ? value.trim() : value);
        sets.push(`${column} = $${params.length}`);
      }
      await tx.query(`UPDATE products SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1`, params);
      await writeLinks(tx, id, barcodes, patch.taxIds);
      if (locked) await postCostChanges(tx, [{ productId: id, oldCost: Number(locked.cost) }], new Date().toISOString());
      await publishProducts(tx, [id]);
      const after = await getProduct(tx, id);
      await recordAudit(tx, actor, { action: 'product.update', entity: 'product', entityId: id, summary: describeChange(before, after), ...changedFields(before, after, ['updatedAt']) });
      return after;
    })
    .catch((err: unknown) => skuConflict(err, patch.sku));
}

function describeChange(before: Product, after: Product): string {
  if (before.active !== after.active) return `${after.active ? 'restored' : 'archived'} "${after.name}"`;
  const fields = Object.keys(changedFields(before, after, ['updatedAt']).after);
  return `changed ${auditFieldList(fields)} of "${after.name}"`;
}
