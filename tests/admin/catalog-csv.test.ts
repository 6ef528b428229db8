// Catalog CSV export and import through the admin API (issue 13 point 6), on PGlite and
// PostgreSQL: an exported file imports back with nothing changed; a dry run names every bad row
// and changes nothing; an import with bad rows imports nothing and names them all; an update by
// SKU changes the price, reaches a paired till's pull and is one audit entry with its counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/admin-api/audit-devices.ts';
import type { CatalogImportLine, CatalogImportResult } from '../../shared/admin-api/catalog-csv.ts';
import type { ProductPage } from '../../shared/admin-api/catalog.ts';
import { withCheckDigit } from '../../shared/barcode/gtin.ts';
import type { Product } from '../../shared/schemas/index.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const HEADER = 'sku,name,barcodes,category,unit,price,price_includes_tax,taxes,cost,tracking,archived';
/** The demo seed's EAN-13 of SKU-0000nn. */
const demoEan = (n: number): string => withCheckDigit(`400${String(n).padStart(9, '0')}`);

describe.each(testDrivers)('catalog CSV through the admin API on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 20 });
    admin = await server.login('admin', 'admin');
  }, 240_000);
  afterAll(async () => {
    await server?.close();
  });

  async function exportCsv(query = ''): Promise<string> {
    const res = await fetch(`${server.url}/api/admin/products/export${query}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    return res.text();
  }

  async function importCsv(csv: string, dryRun = false, token = admin): Promise<{ status: number; lines: CatalogImportLine[]; body: string }> {
    const res = await fetch(`${server.url}/api/admin/products/import?dryRun=${dryRun}&file=test.csv`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: csv,
    });
    const body = await res.text();
    const lines = res.ok ? body.trim().split('\n').map((l) => JSON.parse(l) as CatalogImportLine) : [];
    return { status: res.status, lines, body };
  }

  const resultOf = (lines: readonly CatalogImportLine[]): CatalogImportResult => {
    const last = lines.at(-1);
    if (last?.type !== 'result') throw new Error(`no result line: ${JSON.stringify(last)}`);
    return last;
  };

  /** What a change would show: every product document and the feed's position. */
  async function catalogState(): Promise<{ docs: unknown[]; feed: number; audits: number }> {
    const docs = await server.db.query<{ doc: unknown }>('SELECT doc FROM product_docs ORDER BY id');
    const [feed] = await server.db.query<{ seq: number }>("SELECT coalesce(max(change_seq), 0) AS seq FROM replicated_docs WHERE collection = 'products'");
    const [audits] = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM admin_audit WHERE action = 'product.import'");
    return { docs: docs.map((d) => d.doc), feed: feed?.seq ?? 0, audits: audits?.n ?? 0 };
  }

  it.skipIf(skip)('exports every product and imports the file back with nothing changed', async () => {
    const csv = await exportCsv();
    const lines = csv.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines).toHaveLength(21);
    expect(lines).toContain(`SKU-000001,Classic Apples #1,${demoEan(1)},Grocery,unit,1.36,true,VAT 5.5%,0.81,none,false`);
    const before = await catalogState();

    const { status, lines: progress } = await importCsv(csv);
    expect(status).toBe(200);
    expect(progress.filter((l) => l.type === 'progress').map((l) => l.type === 'progress' && l.phase)).toContain('check');
    expect(resultOf(progress)).toEqual({ type: 'result', ok: true, dryRun: false, rows: 20, created: 0, updated: 0, unchanged: 20, problems: [] });
    const after = await catalogState();
    expect(after.docs).toEqual(before.docs);
    expect(after.feed).toBe(before.feed);
    expect(await exportCsv()).toBe(csv);
  });

  it.skipIf(skip)('exports the current search only', async () => {
    const csv = await exportCsv('?q=sku-00001&archived=false');
    expect(csv.trim().split('\r\n').slice(1).map((l) => l.split(',')[0])).toEqual(['SKU-000010', 'SKU-000011', 'SKU-000012', 'SKU-000013', 'SKU-000014', 'SKU-000015', 'SKU-000016', 'SKU-000017', 'SKU-000018', 'SKU-000019']);
  });

  // Row 3: a price that is no number; row 5: the barcode of SKU-000001, which the file leaves alone.
  const twoBadRows = [
    HEADER,
    `NEW-1,Imported tea,${withCheckDigit('200000000101')},Drinks,unit,2.50,true,VAT 20%,1.00,none,false`,
    `NEW-2,Imported coffee,,Drinks,unit,abc,true,VAT 20%,1.00,none,false`,
    `NEW-3,Imported rice,,Grocery,kg,3.10,true,VAT 5.5%,,lot,false`,
    `NEW-4,Imported honey,${demoEan(1)},Grocery,unit,4.00,true,,,none,false`,
  ].join('\n');

  it.skipIf(skip)('dry run with two bad rows names both and imports nothing', async () => {
    const before = await catalogState();
    const { status, lines } = await importCsv(twoBadRows, true);
    expect(status).toBe(200);
    expect(resultOf(lines)).toEqual({
      type: 'result', ok: false, dryRun: true, rows: 4, created: 3, updated: 0, unchanged: 0,
      problems: [
        { row: 3, message: 'Row 3: price must be a number, like 2.50, not "abc"' },
        { row: 5, message: `Row 5: barcode ${demoEan(1)} already belongs to SKU SKU-000001 ("Classic Apples #1")` },
      ],
    });
    expect(await catalogState()).toEqual(before);
  });

  it.skipIf(skip)('an import with two bad rows imports nothing and names both', async () => {
    const before = await catalogState();
    const result = resultOf((await importCsv(twoBadRows)).lines);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.row)).toEqual([3, 5]);
    expect(await catalogState()).toEqual(before);
    const [n] = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM products WHERE sku LIKE 'NEW-%'");
    expect(n?.n).toBe(0);
  });

  it.skipIf(skip)('the same file with its rows fixed creates the products, barcodes and taxes; a dry run first changes nothing', async () => {
    const fixed = twoBadRows.replace(',abc,', ',3.75,').replace(`,${demoEan(1)},`, ',,');
    const dry = resultOf((await importCsv(fixed, true)).lines);
    expect(dry).toMatchObject({ ok: true, dryRun: true, created: 4, updated: 0 });
    expect(await server.db.query("SELECT 1 FROM products WHERE sku LIKE 'NEW-%'")).toHaveLength(0);

    expect(resultOf((await importCsv(fixed)).lines)).toMatchObject({ ok: true, dryRun: false, rows: 4, created: 4, updated: 0, unchanged: 0 });
    const page = (await server.api('/api/admin/products?q=imported', { token: admin })).body as ProductPage;
    expect(page.products.map((p) => `${p.sku} ${p.price} ${p.unit} ${p.tracking} ${p.taxIds.join('+')} ${p.barcodes.join('+')}`).sort()).toEqual([
      'NEW-1 250 unit none tax-standard 0' + withCheckDigit('200000000101'),
      'NEW-2 375 unit none tax-standard ',
      'NEW-3 310 kg lot tax-reduced ',
      'NEW-4 400 unit none  ',
    ]);
  });

  it.skipIf(skip)('updates by SKU: the new price reaches a paired till, and the import is one audit entry with its counts', async () => {
    const till = await server.pairDevice('till', 'STORE1', 'Till CSV');
    const pulled = async (): Promise<Product | undefined> => {
      const res = await server.api('/api/sync/products/pull?limit=1000', { token: till.token });
      return (res.body as { documents: Product[] }).documents.find((d) => d.sku === 'SKU-000002');
    };
    expect((await pulled())?.price).not.toBe(1299);

    const result = resultOf((await importCsv('sku,price\nSKU-000002,12.99\n')).lines);
    expect(result).toMatchObject({ ok: true, rows: 1, created: 0, updated: 1, unchanged: 0 });
    expect((await pulled())?.price).toBe(1299);
    const [row] = await server.db.query<{ name: string; barcodes: number }>(
      "SELECT p.name, (SELECT count(*)::int FROM product_barcodes b WHERE b.product_id = p.id) AS barcodes FROM products p WHERE sku = 'SKU-000002'",
    );
    expect(row).toEqual({ name: 'Fresh Apples #2', barcodes: 1 });

    const audit = ((await server.api('/api/admin/audit?entity=product&limit=5', { token: admin })).body as AuditPage).entries.filter((e) => e.action === 'product.import');
    expect(audit[0]).toMatchObject({ actor: 'admin', summary: 'imported test.csv: 1 rows, 0 new, 1 changed, 0 unchanged', after: { file: 'test.csv', rows: 1, created: 0, updated: 1, unchanged: 0 } });
  });

  it.skipIf(skip)('moves a barcode from one product to another within one file', async () => {
    const fresh = withCheckDigit('200000000202');
    const csv = ['sku,barcodes', `SKU-000004,${fresh}`, `SKU-000005,${demoEan(4)}`].join('\n');
    expect(resultOf((await importCsv(csv)).lines)).toMatchObject({ ok: true, updated: 2 });
    const rows = await server.db.query<{ sku: string; barcode: string }>("SELECT p.sku, b.barcode FROM product_barcodes b JOIN products p ON p.id = b.product_id WHERE p.sku IN ('SKU-000004', 'SKU-000005') ORDER BY p.sku");
    expect(rows).toEqual([{ sku: 'SKU-000004', barcode: `0${fresh}` }, { sku: 'SKU-000005', barcode: `0${demoEan(4)}` }]);
  });

  it.skipIf(skip)('names file-level and database problems in words: unknown column, repeated SKU, new SKU without a price', async () => {
    expect(resultOf((await importCsv('sku,colour\nA,red\n', true)).lines).problems).toEqual([
      { row: 1, message: 'Row 1: unknown column "colour" (the columns are sku, name, barcodes, category, unit, price, price_includes_tax, taxes, cost, tracking, archived)' },
    ]);
    expect(resultOf((await importCsv('sku,name,price\nX-1,A,1\nX-1,B,2\n', true)).lines).problems).toEqual([{ row: 3, message: 'Row 3: SKU X-1 is also on row 2' }]);
    expect(resultOf((await importCsv('sku,name\nX-2,Named only\n', true)).lines).problems).toEqual([
      { row: 2, message: 'Row 2: SKU X-2 is not in the catalog, and a new product needs a name and a price (the file has no price column)' },
    ]);
    expect(resultOf((await importCsv('sku,taxes\nSKU-000006,VAT 7%\n', true)).lines).problems).toEqual([
      { row: 2, message: 'Row 2: there is no tax named "VAT 7%" (taxes: VAT 5.5%, VAT 20%)' },
    ]);
  });

  it.skipIf(skip)('refuses managers and empty files with a sentence', async () => {
    const manager = await server.login('manager', 'manager');
    const refused = await importCsv('sku,price\nSKU-000001,1.00\n', false, manager);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toEqual({ error: 'forbidden', message: 'only an admin can change this; managers can look' });
    const empty = await importCsv('  \n');
    expect(empty.status).toBe(400);
    expect(JSON.parse(empty.body)).toMatchObject({ error: 'bad_request', message: 'the file is empty: it needs a header row and one row per product' });
  });
});
