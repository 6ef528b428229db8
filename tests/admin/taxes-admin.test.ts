// Taxes created and retired through the admin API, on PGlite and PostgreSQL: a new tax gets an id,
// its first rate in the rate history, an audit entry, and reaches a paired till's config; bad
// input gets a sentence for people; a name another tax has (any case) is refused. A tax is retired
// only once no product carries it — archived ones included, counted in the refusal — and a retired
// tax is then refused on a product, in a CSV import (naming it) and by the database itself; tills
// keep it in their config marked inactive; the list says since when (its audit entry); restoring it
// makes it usable again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/admin-api/audit-devices.ts';
import type { CatalogImportLine } from '../../shared/admin-api/catalog-csv.ts';
import type { Product, TaxDetail, TaxList } from '../../shared/admin-api/catalog.ts';
import type { ApiError } from '../../shared/admin-api/errors.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

interface ConfigDoc { id: string; kind: string; data: Record<string, unknown>; _deleted?: boolean }

const HEADER = 'sku,name,barcodes,category,unit,price,price_includes_tax,taxes,cost,tracking,archived';
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.each(testDrivers)('taxes created and retired through the admin API on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let admin: string;
  let manager: string;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 5 });
    admin = await server.login('admin', 'admin');
    manager = await server.login('manager', 'manager');
  }, 240_000);
  afterAll(async () => {
    await server?.close();
  });

  const lastAudit = async (): Promise<AuditPage['entries'][number] | undefined> =>
    ((await server.api('/api/admin/audit?entity=tax&limit=1', { token: admin })).body as AuditPage).entries[0];
  const listed = async (id: string): Promise<TaxDetail | undefined> =>
    ((await server.api('/api/admin/taxes', { token: manager })).body as TaxList).taxes.find((t) => t.id === id);
  const createTax = (body: unknown, token = admin) => server.api('/api/admin/taxes', { token, body });
  const patchTax = (id: string, body: unknown) => server.api(`/api/admin/taxes/${id}`, { method: 'PATCH', token: admin, body });

  async function product(sku: string, taxIds: string[]): Promise<Product> {
    const res = await server.api('/api/admin/products', { token: admin, body: { sku, name: `Product ${sku}`, price: 500, taxIds } });
    expect(res.status).toBe(201);
    return res.body as Product;
  }

  async function importCsv(csv: string): Promise<CatalogImportLine | undefined> {
    const res = await fetch(`${server.url}/api/admin/products/import?dryRun=false&file=taxes.csv`, {
      method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' }, body: csv,
    });
    expect(res.status).toBe(200);
    return (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as CatalogImportLine).at(-1);
  }

  async function pulledTax(token: string, id: string): Promise<ConfigDoc | undefined> {
    const res = await server.api('/api/sync/config/pull?limit=1000', { token });
    expect(res.status).toBe(200);
    return (res.body as { documents: ConfigDoc[] }).documents.find((d) => d.kind === 'tax' && d.id === id);
  }

  it.skipIf(skip)('creates a tax with its first rate in the history, audited and sent to the tills', async () => {
    const till = await server.pairDevice('till', 'STORE1', 'Tax till');
    expect((await createTax({ name: 'Sugar levy', rate: 2 }, manager)).status).toBe(403);

    const res = await createTax({ name: '  Sugar levy ', rate: 8.1, compound: true });
    expect(res.status).toBe(201);
    const tax = res.body as TaxDetail;
    expect(tax).toMatchObject({ name: 'Sugar levy', rate: 8.1, compound: true, active: true, products: 0 });
    expect(tax.id).toMatch(UUID_V7);
    expect(tax.history).toHaveLength(1);
    const history = await server.db.query<{ rate: string | number }>('SELECT rate FROM tax_rate_history WHERE tax_id = $1', [tax.id]);
    expect(history.map((h) => Number(h.rate))).toEqual([8.1]);
    expect(await listed(tax.id)).toMatchObject({ name: 'Sugar levy', rate: 8.1, compound: true, products: 0, archivedProducts: 0 });
    expect(await lastAudit()).toMatchObject({ action: 'tax.create', entityId: tax.id, summary: 'created tax "Sugar levy" at 8.1 %, on the price and the taxes before it' });
    expect((await pulledTax(till.token, tax.id))?.data).toMatchObject({ name: 'Sugar levy', rate: 8.1, compound: true });

    // Without `compound`: on the price alone.
    const plain = (await createTax({ name: 'Tourist tax', rate: 0 })).body as TaxDetail;
    expect(plain).toMatchObject({ compound: false, rate: 0 });
  });

  it.skipIf(skip)('refuses a rate out of range or too precise, an empty name, and a name another tax has in any case', async () => {
    const cases: [unknown, number, string][] = [
      [{ name: 'Luxury', rate: 150 }, 400, 'Rate must be at most 100.'],
      [{ name: 'Luxury', rate: -1 }, 400, 'Rate must be at least 0.'],
      [{ name: 'Luxury', rate: 8.12345 }, 400, 'Rate must be a percentage with at most 4 decimals, such as 20 or 5.5.'],
      [{ name: '', rate: 10 }, 400, 'Name must not be empty.'],
      [{ name: '   ', rate: 10 }, 400, 'Name must be more than spaces.'],
      [{ name: 'Luxury' }, 400, 'Rate is required.'],
      [{ name: 'vat 20%', rate: 20 }, 409, 'There is already a tax named "VAT 20%".'],
      [{ name: 'Sugar levy', rate: 3 }, 409, 'There is already a tax named "Sugar levy".'],
    ];
    for (const [body, status, message] of cases) {
      const res = await createTax(body);
      expect({ body, status: res.status, message: (res.body as ApiError).message }).toEqual({ body, status, message });
    }
    expect((await createTax({ name: 'vat 20%', rate: 20 })).body).toMatchObject({ error: 'name_taken' });
    const [n] = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM taxes WHERE name = 'Luxury'");
    expect(n?.n).toBe(0);
    // A rename to another tax's name in other capitals is refused too; to its own name in other capitals it is not.
    const [standard] = await server.db.query<{ id: string }>("SELECT id FROM taxes WHERE name = 'VAT 5.5%'");
    expect((await patchTax(standard?.id ?? '', { name: 'vat 20%' })).status).toBe(409);
    expect((await patchTax(standard?.id ?? '', { name: 'vat 5.5%' })).status).toBe(200);
    expect((await patchTax(standard?.id ?? '', { name: 'VAT 5.5%' })).status).toBe(200);
  });

  it.skipIf(skip)('retires a tax only once no product carries it, archived ones included, and keeps it off products after', async () => {
    const till = await server.pairDevice('till', 'STORE1', 'Retire till');
    const tax = (await createTax({ name: 'Bottle deposit', rate: 5 })).body as TaxDetail;
    const a = await product('DEP-A', [tax.id]);
    const b = await product('DEP-B', [tax.id]);
    expect((await server.api(`/api/admin/products/${b.id}`, { method: 'PATCH', token: admin, body: { active: false } })).status).toBe(200);
    expect(await listed(tax.id)).toMatchObject({ products: 2, archivedProducts: 1 });

    expect((await server.api(`/api/admin/taxes/${tax.id}`, { method: 'PATCH', token: manager, body: { active: false } })).status).toBe(403);
    const refused = await patchTax(tax.id, { active: false });
    expect(refused).toMatchObject({
      status: 409,
      body: { error: 'tax_in_use', message: '"Bottle deposit" is on 2 products (1 of them archived): give them another tax first (Products, Edit, or a CSV import), then retire it.' },
    });
    expect(await listed(tax.id)).toMatchObject({ active: true });

    const [standard] = await server.db.query<{ id: string }>("SELECT id FROM taxes WHERE name = 'VAT 20%'");
    expect((await server.api(`/api/admin/products/${a.id}`, { method: 'PATCH', token: admin, body: { taxIds: [standard?.id] } })).status).toBe(200);
    expect((await patchTax(tax.id, { active: false })).body).toMatchObject({ message: '"Bottle deposit" is on 1 product, which is archived: give it another tax first (Products, Edit, or a CSV import), then retire it.' });
    expect((await server.api(`/api/admin/products/${b.id}`, { method: 'PATCH', token: admin, body: { taxIds: [] } })).status).toBe(200);

    expect((await listed(tax.id))?.retiredAt).toBeUndefined();
    const retired = await patchTax(tax.id, { active: false });
    expect(retired).toMatchObject({ status: 200, body: { id: tax.id, active: false, rate: 5 } });
    expect(await lastAudit()).toMatchObject({ action: 'tax.retire', summary: 'retired tax "Bottle deposit"', before: { active: true }, after: { active: false } });
    // Since when: the instant its retirement was recorded (the audit entry, same transaction).
    const [retiredEntry] = await server.db.query<{ at: Date | string }>("SELECT at FROM admin_audit WHERE action = 'tax.retire' AND entity_id = $1", [tax.id]);
    expect(await listed(tax.id)).toMatchObject({ active: false, products: 0, retiredAt: new Date(retiredEntry?.at ?? 0).toISOString() });
    // Tills keep it (receipts and reports name it), marked inactive.
    const doc = await pulledTax(till.token, tax.id);
    expect(doc?._deleted).toBeFalsy();
    expect(doc?.data).toMatchObject({ name: 'Bottle deposit', rate: 5, active: false });

    // Not offered any more: a product, new or changed, and a CSV import are refused, naming it.
    const onNew = await server.api('/api/admin/products', { token: admin, body: { sku: 'DEP-C', name: 'Deposit crate', price: 300, taxIds: [tax.id] } });
    expect(onNew).toMatchObject({ status: 400, body: { message: 'The tax "Bottle deposit" is retired: choose another tax, or restore it on the Taxes page first.' } });
    expect((await server.api(`/api/admin/products/${a.id}`, { method: 'PATCH', token: admin, body: { taxIds: [tax.id] } })).status).toBe(400);
    const result = await importCsv(`${HEADER}\nDEP-A,Product DEP-A,,,unit,5.00,true,bottle deposit,,none,false\n`);
    expect(result).toMatchObject({ type: 'result', ok: false, problems: [{ row: 2, message: expect.stringMatching(/^Row 2: the tax "Bottle deposit" is retired \(taxes: .*VAT 20%/) }] });
    const offered = /\(taxes: (.*)\)$/.exec((result?.type === 'result' && result.problems[0]?.message) || '')?.[1]?.split(', ');
    expect(offered).toContain('VAT 20%');
    expect(offered).not.toContain('Bottle deposit');

    // Restored: usable again, and the tills see it active.
    const restored = await patchTax(tax.id, { active: true });
    expect(restored).toMatchObject({ status: 200, body: { active: true } });
    expect(await lastAudit()).toMatchObject({ action: 'tax.restore', summary: 'restored tax "Bottle deposit"' });
    expect((await listed(tax.id))?.retiredAt).toBeUndefined();
    expect((await pulledTax(till.token, tax.id))?.data.active).toBeUndefined();
    expect(await importCsv(`${HEADER}\nDEP-A,Product DEP-A,,,unit,5.00,true,Bottle deposit,,none,false\n`)).toMatchObject({ ok: true, updated: 1 });
    expect(await listed(tax.id)).toMatchObject({ products: 1 });
  });

  it.skipIf(skip)('holds the rule in the database for writers that go around the admin code', async () => {
    const tax = (await createTax({ name: 'Packaging fee', rate: 1 })).body as TaxDetail;
    const p = await product('PKG-A', [tax.id]);
    await expect(server.db.query('UPDATE taxes SET active = false WHERE id = $1', [tax.id])).rejects.toThrow(/"Packaging fee" is on 1 product\(s\)/);
    await server.db.query('DELETE FROM product_taxes WHERE product_id = $1', [p.id]);
    await server.db.query('UPDATE taxes SET active = false WHERE id = $1', [tax.id]);
    // Retired around the admin code, nothing recorded when: the list says retired, with no date made up.
    expect(await listed(tax.id)).toMatchObject({ active: false });
    expect((await listed(tax.id))?.retiredAt).toBeUndefined();
    await expect(server.db.query('INSERT INTO product_taxes (product_id, tax_id, position) VALUES ($1, $2, 0)', [p.id, tax.id])).rejects.toThrow(/"Packaging fee" is retired/);
  });

  it.skipIf(skip)('changes a rate with decimals a float cannot hold exactly', async () => {
    const tax = (await createTax({ name: 'Reduced 7%', rate: 7 })).body as TaxDetail;
    expect(await patchTax(tax.id, { rate: 12.34 })).toMatchObject({ status: 200, body: { rate: 12.34 } });
  });
});
