// `aisle api <METHOD> <path>`: the whole admin API from the command line, as the operator — on the
// embedded database with no server, through the server that holds it, and on PostgreSQL.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDb, databaseUrl } from '../support/test-db.ts';
import { type ServerProcess, spawnServe } from '../support/server-process.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'aisle-cli-api-'));
const dataDir = join(dir, 'data');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function aisle(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'sync-server/cli/main.ts', ...args], { env, cwd: process.cwd() });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const embedded: NodeJS.ProcessEnv = { ...process.env, AISLE_DATA_DIR: dataDir };
delete embedded.DATABASE_URL;
delete embedded.DATABASE_REPLICA_URL;
const json = (o: Outcome): unknown => JSON.parse(o.stdout.trim().split('\n').pop() ?? 'null');

describe('aisle api', () => {
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('calls any admin route on the embedded database when no server runs, audited as the operator, and refuses bad input', async () => {
    expect((await aisle(embedded, 'seed', '--demo', '--products', '10', '--json')).code).toBe(0);
    const renamed = await aisle(embedded, 'api', 'PATCH', '/api/admin/sites/STORE1', '--data', '{"name":"Main Street"}', '--json');
    expect(renamed.code).toBe(0);
    expect(json(renamed)).toMatchObject({ code: 'STORE1', name: 'Main Street' });
    // Without --json the answer is indented for a person.
    const sites = await aisle(embedded, 'api', 'get', '/api/admin/sites');
    expect(sites.stdout).toContain('\n  "sites": [');
    expect(sites.stdout).toContain('"name": "Main Street"');
    const audit = await aisle(embedded, 'api', 'GET', '/api/admin/audit?entity=site', '--json');
    expect(json(audit)).toMatchObject({ entries: [{ actor: 'operator (CLI)', action: 'site.update', after: { name: 'Main Street' } }] });

    // The route's own checks, with its sentence; nothing changed.
    const refused = await aisle(embedded, 'api', 'PATCH', '/api/admin/sites/STORE1', '--data', '{"cashRounding":-5}', '--json');
    expect(refused.code).not.toBe(0);
    expect(json(refused)).toMatchObject({ error: expect.any(String) as unknown as string, message: expect.stringMatching(/cash ?rounding/i) as unknown as string });
    const unknown = await aisle(embedded, 'api', 'PATCH', '/api/admin/sites/NOPE', '--data', '{"name":"x"}');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/NOPE/);
    // A request refused before anything is sent (bad JSON, bad method or path) exits the same way:
    // its sentences are checked in sync-server/cli/api-command.test.ts, without a process each.
    const notJson = await aisle(embedded, 'api', 'POST', '/api/admin/sites', '--data', '{name: x}');
    expect(notJson.code).not.toBe(0);
    expect(notJson.stderr).toMatch(/--data is not JSON/);
    const noRoute = await aisle(embedded, 'api', 'GET', '/api/admin/nothing-here');
    expect(noRoute.code).not.toBe(0);
    expect(noRoute.stderr).toMatch(/no route GET \/api\/admin\/nothing-here/);
    // Each command is a process opening the embedded database (≈ 6 s on a quiet 2-core machine,
    // far more under a loaded one): the limit is generous, the test's work is not timed.
  }, 480_000);

  // While the server runs, the embedded database is its alone: these requests can only have gone through it.
  it('goes through the server that holds the data directory: a CSV import, its result, the export', async () => {
    server = await spawnServe({ env: embedded });
    const csv = join(dir, 'products.csv');
    writeFileSync(csv, 'sku,name,barcodes,category,unit,price,price_includes_tax,taxes,cost,tracking,archived\nCLI-1,Command Line Coffee,,Grocery,unit,4.20,true,,2.10,none,false\n');
    const imported = await aisle(embedded, 'api', 'POST', '/api/admin/products/import?file=products.csv', '--file', csv, '--json');
    expect(imported.code).toBe(0);
    expect(json(imported)).toMatchObject({ type: 'result', ok: true, created: 1 });
    const exported = await aisle(embedded, 'api', 'GET', '/api/admin/products/export?q=command');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/^\uFEFF?sku,name,/);
    expect(exported.stdout).toContain('CLI-1,Command Line Coffee');
    // A file whose rows are refused: the result says so and the command fails.
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'sku,name,price\nCLI-2,,-1\n');
    const refused = await aisle(embedded, 'api', 'POST', '/api/admin/products/import?file=bad.csv', '--file', bad, '--json');
    expect(refused.code).not.toBe(0);
    expect(json(refused)).toMatchObject({ type: 'result', ok: false });
    const audit = json(await aisle(embedded, 'api', 'GET', '/api/admin/audit?entity=product', '--json')) as { entries: { actor: string; summary: string }[] };
    expect(audit.entries[0]).toMatchObject({ actor: 'operator (CLI)', summary: expect.stringContaining('products.csv') as unknown as string });

    // Not only /api/admin: the warehouse's and the reports' manager routes take the operator too.
    const [product] = (json(await aisle(embedded, 'api', 'GET', '/api/admin/products?q=command', '--json')) as { products: { id: string }[] }).products;
    const ordered = await aisle(embedded, 'api', 'POST', '/api/purchase-orders', '--data', JSON.stringify({ supplier: 'Acme Foods', warehouse: 'WH1', lines: [{ productId: product?.id, qty: 5 }] }), '--json');
    expect(json(ordered)).toMatchObject({ reference: 'PO/000001' });
    const stock = json(await aisle(embedded, 'api', 'GET', '/api/reports/stock', '--json')) as { byCategory: { category: string }[] };
    expect(stock.byCategory.map((c) => c.category)).toContain('Grocery');
    const poAudit = json(await aisle(embedded, 'api', 'GET', '/api/admin/audit?limit=1', '--json')) as { entries: { actor: string; summary: string }[] };
    expect(poAudit.entries[0]).toMatchObject({ actor: 'operator (CLI)', summary: 'PO/000001: 1 line from Acme Foods for Demo Warehouse' });
    // Without the operator's token (a person without a session) the same routes still say no.
    expect((await fetch(`${server.url}/api/purchase-orders`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/reports/stock`, { headers: { authorization: 'Bearer not-the-operator' } })).status).toBe(401);
  }, 480_000);

  it.skipIf(!databaseUrl)('works the same on PostgreSQL', async () => {
    const pg = await createTestDb('postgres');
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: pg.url };
      delete env.DATABASE_REPLICA_URL;
      expect((await aisle(env, 'seed', '--demo', '--products', '10', '--json')).code).toBe(0);
      const created = await aisle(env, 'api', 'POST', '/api/admin/sites', '--data', JSON.stringify({ code: 'STORE9', name: 'Harbour Store', kind: 'store', currency: 'EUR', timeZone: 'Europe/Paris' }), '--json');
      expect(created.code).toBe(0);
      const [row] = await pg.db.query<{ name: string }>("SELECT name FROM sites WHERE code = 'STORE9'");
      expect(row?.name).toBe('Harbour Store');
    } finally {
      await pg.close();
    }
  }, 240_000);
});
