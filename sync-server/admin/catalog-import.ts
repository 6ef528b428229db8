// Catalog import from a CSV file (issue 13 point 6): creates or updates products by SKU, all or
// nothing. Cells are read in Node (shared/catalog/catalog-csv.ts); the rows then go into a staging
// table by COPY, in one transaction, and everything after is set-based SQL: which SKUs exist and
// what changed, barcodes that already belong to another product, and the writes themselves.
// Any bad row → nothing is written and every bad row is named with its reason. The changed
// products are published to the feed in the same transaction (paired tills get them on their next
// pull, at once thanks to the SSE hint), and the import is one audit entry with its counts.
import { v7 as uuidv7 } from 'uuid';
import type { CatalogImportProblem, CatalogImportProgress, CatalogImportResult } from '../../shared/admin-api/catalog-csv.ts';
import { printedGtin } from '../../shared/barcode/gtin.ts';
import { type CatalogCsvColumn, type CatalogCsvRow, parseCatalogCsv } from '../../shared/catalog/catalog-csv.ts';
import type { Db, Tx } from '../db/db.ts';
import { publishQuery } from '../feed/publish.ts';
import type { Actor } from './actor.ts';
import { postCostChanges } from '../ledger/stock-valuation.ts';
import { recordAudit } from './audit.ts';
import { catalogCurrency } from './catalog.ts';
import { listTaxes } from './taxes.ts';

export interface CatalogImportOptions {
  dryRun?: boolean;
  /** The file's name, for the audit entry. */
  file?: string;
  onProgress?: (progress: CatalogImportProgress) => void;
}

/** Rows per COPY into the staging table (one progress step each). */
const CHUNK = 10_000;

interface StagedRow extends CatalogCsvRow {
  taxIds?: string[];
}

const STAGING_COLUMNS = ['row_no', 'sku', 'new_id', 'name', 'barcodes', 'category', 'unit', 'price', 'price_includes_tax', 'tax_ids', 'cost', 'tracking', 'archived'];

// A staging row as COPY reads it (FORMAT csv): an unquoted empty cell is NULL (the column is not
// in the file), a quoted one is the empty string; arrays are PostgreSQL array literals.
const csvText = (v: string): string => `"${v.replaceAll('"', '""')}"`;
const csvCell = (v: string | number | boolean | undefined): string => (v === undefined ? '' : typeof v === 'string' ? csvText(v) : String(v));
const csvArray = (items: readonly string[] | undefined): string => (items === undefined ? '' : csvText(`{${items.map((i) => `"${i.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`));

function stagingCsv(rows: readonly StagedRow[]): string {
  let out = '';
  for (const r of rows) {
    out += [
      r.row, csvText(r.sku), csvText(uuidv7()), csvCell(r.name), csvArray(r.barcodes), csvCell(r.category), csvCell(r.unit), csvCell(r.price),
      csvCell(r.priceIncludesTax), csvArray(r.taxIds), csvCell(r.cost), csvCell(r.tracking), csvCell(r.archived),
    ].join(',') + '\n';
  }
  return out;
}

/** Taxes by name (any case); an unknown or retired tax is the row's problem. */
async function resolveTaxes(db: Db, rows: readonly CatalogCsvRow[], problems: CatalogImportProblem[]): Promise<StagedRow[]> {
  const taxes = await listTaxes(db);
  const byName = new Map(taxes.map((t) => [t.name.toLowerCase(), t]));
  const known = taxes.filter((t) => t.active).map((t) => t.name).join(', ') || 'none';
  const staged: StagedRow[] = [];
  for (const row of rows) {
    if (!row.taxNames) {
      staged.push(row);
      continue;
    }
    const ids: string[] = [];
    let bad = false;
    for (const name of row.taxNames) {
      const tax = byName.get(name.toLowerCase());
      if (!tax || !tax.active) {
        problems.push({ row: row.row, message: `Row ${row.row}: ${tax ? `the tax "${tax.name}" is retired` : `there is no tax named "${name}"`} (taxes: ${known})` });
        bad = true;
      } else if (!ids.includes(tax.id)) ids.push(tax.id);
    }
    if (!bad) staged.push({ ...row, taxIds: ids });
  }
  return staged;
}

/**
 * The taxes the file names, read again inside the import's transaction and locked FOR SHARE until
 * it commits: a tax retired since resolveTaxes read them is the row's problem (and none can be
 * retired before the products are written: retiring waits for the lock, then sees them).
 */
async function taxesRetiredMeanwhile(tx: Tx, rows: readonly StagedRow[]): Promise<CatalogImportProblem[]> {
  const ids = [...new Set(rows.flatMap((r) => r.taxIds ?? []))];
  if (ids.length === 0) return [];
  const taxes = await tx.query<{ id: string; name: string; active: boolean }>('SELECT id, name, active FROM taxes WHERE id = ANY($1::text[]) ORDER BY id FOR SHARE', [ids]);
  const retired = new Map(taxes.filter((t) => !t.active).map((t) => [t.id, t.name]));
  const problems: CatalogImportProblem[] = [];
  for (const r of rows) {
    const name = (r.taxIds ?? []).map((id) => retired.get(id)).find((n) => n !== undefined);
    if (name !== undefined) problems.push({ row: r.row, message: `Row ${r.row}: the tax "${name}" was retired while the file was read` });
  }
  return problems;
}

/** A SKU or a barcode twice in the file: the later rows are named, with the first. */
function findRepeats(rows: readonly CatalogCsvRow[], problems: CatalogImportProblem[]): Set<number> {
  const skus = new Map<string, number>();
  const codes = new Map<string, CatalogCsvRow>();
  const bad = new Set<number>();
  for (const row of rows) {
    const first = skus.get(row.sku);
    if (first !== undefined) {
      problems.push({ row: row.row, message: `Row ${row.row}: SKU ${row.sku} is also on row ${first}` });
      bad.add(row.row);
    } else skus.set(row.sku, row.row);
    for (const code of row.barcodes ?? []) {
      const owner = codes.get(code);
      if (owner && owner.sku !== row.sku) {
        problems.push({ row: row.row, message: `Row ${row.row}: barcode ${printedGtin(code)} is also on row ${owner.row} (SKU ${owner.sku})` });
        bad.add(row.row);
      } else if (!owner) codes.set(code, row);
    }
  }
  return bad;
}

/** A field differs when its column is in the file and the value is not the product's. */
const differs = (column: string, value: string): string => `(s.${column} IS NOT NULL AND s.${column} IS DISTINCT FROM ${value})`;

/**
 * The staged rows with the product each one is (an existing id, or its new one) and what would
 * change; unchanged products are neither written nor republished.
 */
async function planImport(tx: Tx): Promise<void> {
  const fields = [
    differs('name', 'p.name'), differs('price', 'p.price'), differs('price_includes_tax', 'p.price_includes_tax'), differs('cost', 'p.cost'),
    differs('category', 'p.category'), differs('unit', 'p.unit'), differs('tracking', 'p.tracking'), '(s.archived IS NOT NULL AND s.archived = p.active)',
  ].join(' OR ');
  await tx.query(
    `CREATE TEMP TABLE catalog_import ON COMMIT DROP AS
     WITH existing AS (SELECT p.id FROM products p JOIN catalog_rows s ON s.sku = p.sku),
     cur_barcodes AS (SELECT product_id, array_agg(barcode ORDER BY barcode) AS codes FROM product_barcodes WHERE product_id IN (SELECT id FROM existing) GROUP BY 1),
     cur_taxes AS (SELECT product_id, array_agg(tax_id ORDER BY position, tax_id) AS ids FROM product_taxes WHERE product_id IN (SELECT id FROM existing) GROUP BY 1),
     planned AS (
       SELECT s.*, coalesce(p.id, s.new_id) AS product_id, p.id IS NULL AS is_new,
         p.id IS NULL OR ${fields} AS fields_changed,
         s.barcodes IS NOT NULL AND (p.id IS NULL OR s.barcodes IS DISTINCT FROM coalesce(b.codes, '{}')) AS barcodes_changed,
         s.tax_ids IS NOT NULL AND (p.id IS NULL OR s.tax_ids IS DISTINCT FROM coalesce(t.ids, '{}')) AS taxes_changed
       FROM catalog_rows s LEFT JOIN products p ON p.sku = s.sku
         LEFT JOIN cur_barcodes b ON b.product_id = p.id LEFT JOIN cur_taxes t ON t.product_id = p.id)
     SELECT *, fields_changed OR barcodes_changed OR taxes_changed AS changed FROM planned`,
  );
}

/** What only the database knows: new SKUs without a name or price, barcodes of other products. */
async function databaseProblems(tx: Tx, columns: readonly CatalogCsvColumn[]): Promise<CatalogImportProblem[]> {
  const problems: CatalogImportProblem[] = [];
  const missing = (['name', 'price'] as const).filter((c) => !columns.includes(c));
  if (missing.length) {
    const fresh = await tx.query<{ row_no: number; sku: string }>('SELECT row_no, sku FROM catalog_import WHERE is_new ORDER BY row_no');
    for (const r of fresh) {
      problems.push({ row: r.row_no, message: `Row ${r.row_no}: SKU ${r.sku} is not in the catalog, and a new product needs a name and a price (the file has no ${missing.join(' or ')} column)` });
    }
  }
  // A barcode stays with its product unless that product is in the file with other barcodes.
  const taken = await tx.query<{ row_no: number; barcode: string; sku: string; name: string }>(
    `SELECT s.row_no, s.barcode, p.sku, p.name
     FROM (SELECT row_no, sku, unnest(barcodes) AS barcode FROM catalog_rows WHERE barcodes IS NOT NULL) s
     JOIN product_barcodes b ON b.barcode = s.barcode JOIN products p ON p.id = b.product_id
     WHERE p.sku <> s.sku AND NOT EXISTS (SELECT 1 FROM catalog_rows o WHERE o.sku = p.sku AND o.barcodes IS NOT NULL)
     ORDER BY s.row_no, s.barcode`,
  );
  for (const t of taken) problems.push({ row: t.row_no, message: `Row ${t.row_no}: barcode ${printedGtin(t.barcode)} already belongs to SKU ${t.sku} ("${t.name}")` });
  return problems;
}

async function writeImport(tx: Tx): Promise<void> {
  // Costs the file changes, read under the products' row locks: the stock on hand is revalued.
  const costs = await tx.query<{ id: string; cost: string }>(
    `SELECT p.id, p.cost FROM products p JOIN catalog_import s ON p.id = s.product_id
     WHERE s.changed AND NOT s.is_new AND s.cost IS NOT NULL AND s.cost <> p.cost ORDER BY p.id FOR UPDATE OF p`,
  );
  await tx.query(
    `INSERT INTO products (id, sku, name, price, price_includes_tax, cost, category, unit, tracking, active)
     SELECT product_id, sku, name, price, coalesce(price_includes_tax, true), coalesce(cost, 0), coalesce(category, ''), coalesce(unit, 'unit'),
       coalesce(tracking, 'none'), NOT coalesce(archived, false)
     FROM catalog_import WHERE is_new`,
  );
  await tx.query(
    `UPDATE products p SET name = coalesce(s.name, p.name), price = coalesce(s.price, p.price),
       price_includes_tax = coalesce(s.price_includes_tax, p.price_includes_tax), cost = coalesce(s.cost, p.cost),
       category = coalesce(s.category, p.category), unit = coalesce(s.unit, p.unit), tracking = coalesce(s.tracking, p.tracking),
       active = coalesce(NOT s.archived, p.active), updated_at = now()
     FROM catalog_import s WHERE p.id = s.product_id AND s.changed AND NOT s.is_new`,
  );
  // Every old barcode of a changed product goes before any new one is written: a barcode can move
  // from one product of the file to another.
  await tx.query('DELETE FROM product_barcodes b USING catalog_import s WHERE b.product_id = s.product_id AND s.barcodes_changed AND NOT s.is_new');
  await tx.query('INSERT INTO product_barcodes (barcode, product_id) SELECT unnest(barcodes), product_id FROM catalog_import WHERE barcodes_changed');
  await tx.query('DELETE FROM product_taxes t USING catalog_import s WHERE t.product_id = s.product_id AND s.taxes_changed AND NOT s.is_new');
  await tx.query(
    `INSERT INTO product_taxes (product_id, tax_id, position)
     SELECT s.product_id, u.tax_id, (u.n - 1)::smallint FROM catalog_import s, unnest(s.tax_ids) WITH ORDINALITY AS u(tax_id, n) WHERE s.taxes_changed`,
  );
  await postCostChanges(tx, costs.map((c) => ({ productId: c.id, oldCost: Number(c.cost) })), new Date().toISOString());
}

const byRow = (a: CatalogImportProblem, b: CatalogImportProblem): number => a.row - b.row;

export async function importCatalogCsv(db: Db, actor: Actor, csv: string, options: CatalogImportOptions = {}): Promise<CatalogImportResult> {
  const dryRun = options.dryRun ?? false;
  // Each step lets the event loop run before going on: on PGlite a query never waits for I/O, so
  // without it the progress lines would only leave the server when the import is over.
  const progress = async (line: CatalogImportProgress): Promise<void> => {
    options.onProgress?.(line);
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  const file = parseCatalogCsv(csv, await catalogCurrency(db));
  const total = file.total;
  await progress({ type: 'progress', phase: 'read', done: total, total });
  const result = (created: number, updated: number, problems: CatalogImportProblem[]): CatalogImportResult => ({
    type: 'result', ok: problems.length === 0, dryRun, rows: total, created, updated, unchanged: problems.length ? 0 : total - created - updated, problems: problems.sort(byRow),
  });
  const problems = [...file.problems];
  if (problems.length === 0 && total === 0) problems.push({ row: 2, message: 'Row 2: the file has a header but no products' });
  const repeated = findRepeats(file.rows, problems);
  const staged = await resolveTaxes(db, file.rows.filter((r) => !repeated.has(r.row)), problems);
  if (file.columns.length === 0 || problems.some((p) => p.row === 1)) return result(0, 0, problems);

  return db.transaction(async (tx) => {
    // Product writers wait until the import commits, so its checks hold when it writes.
    if (!dryRun) await tx.query('LOCK TABLE products IN SHARE ROW EXCLUSIVE MODE');
    if (!dryRun) problems.push(...(await taxesRetiredMeanwhile(tx, staged)));
    await tx.query(
      `CREATE TEMP TABLE catalog_rows (row_no integer, sku text, new_id text, name text, barcodes text[], category text, unit text, price bigint,
         price_includes_tax boolean, tax_ids text[], cost bigint, tracking text, archived boolean) ON COMMIT DROP`,
    );
    for (let i = 0; i < staged.length; i += CHUNK) {
      await tx.copyFrom('catalog_rows', STAGING_COLUMNS, stagingCsv(staged.slice(i, i + CHUNK)));
      await progress({ type: 'progress', phase: 'check', done: Math.min(i + CHUNK, staged.length), total });
    }
    await tx.query('ANALYZE catalog_rows');
    await planImport(tx);
    await tx.query('ANALYZE catalog_import');
    problems.push(...(await databaseProblems(tx, file.columns)));
    const [counts] = await tx.query<{ created: number; updated: number }>(
      'SELECT count(*) FILTER (WHERE is_new)::int AS created, count(*) FILTER (WHERE changed AND NOT is_new)::int AS updated FROM catalog_import',
    );
    const created = counts?.created ?? 0;
    const updated = counts?.updated ?? 0;
    if (problems.length || dryRun) return result(created, updated, problems);

    await progress({ type: 'progress', phase: 'write', done: 0, total });
    await writeImport(tx);
    await progress({ type: 'progress', phase: 'publish', done: 0, total });
    // product_doc (migration 064) is the document of product_docs; the lists the file gave are
    // passed in, and only a column the file left out is looked up.
    await publishQuery(
      tx,
      'products',
      `SELECT p.id, 'all' AS scope, product_doc(p,
         coalesce(s.barcodes, (SELECT array_agg(b.barcode ORDER BY b.barcode) FROM product_barcodes b WHERE b.product_id = p.id)),
         coalesce(s.tax_ids, (SELECT array_agg(t.tax_id ORDER BY t.position, t.tax_id) FROM product_taxes t WHERE t.product_id = p.id))) AS doc
       FROM catalog_import s JOIN products p ON p.id = s.product_id WHERE s.changed`,
    );
    const done = result(created, updated, problems);
    const name = options.file ? ` ${options.file}` : '';
    await recordAudit(tx, actor, {
      action: 'product.import', entity: 'product',
      summary: `imported${name}: ${total} rows, ${created} new, ${updated} changed, ${done.unchanged} unchanged`,
      after: { file: options.file ?? null, rows: total, created, updated, unchanged: done.unchanged },
    });
    await progress({ type: 'progress', phase: 'publish', done: total, total });
    return done;
  });
}
