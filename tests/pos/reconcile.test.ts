// `aisle reconcile`: rebuilding quants and balances from the logs finds no drift after real
// activity, and finds exactly the drift injected behind the ledger's back — through the
// function on both drivers and through the real CLI (exit code 1) on an embedded database.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../sync-server/db/pglite-driver.ts';
import { reconcile } from '../../sync-server/ledger/reconcile.ts';
import { simulateTill } from '../support/pos-events.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { pushInOrder, simCatalog } from './pos-harness.ts';

const run = promisify(execFile);

describe.each(testDrivers)('reconcile on $kind', ({ kind, skip }) => {
  let server: TestServer;
  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 20 });
    const catalog = await simCatalog(server.db);
    const till = await server.pairDevice('till', 'STORE1');
    await pushInOrder(server, till.token, simulateTill({ tillId: till.deviceId, siteId: await server.siteId('STORE1'), cashierId: 'alice', float: 1000, cashDifference: 5, steps: [
      { kind: 'sale', lines: [{ product: 0, qty: 3, discount: 0 }, { product: 1, qty: 1, discount: 10 }], orderDiscount: 20, tender: 'split' },
      { kind: 'return', of: 0, fraction: 0.4, restock: false },
      { kind: 'cash_in', amount: 300 },
    ] }, catalog));
  });
  afterAll(async () => {
    await server?.close();
  });

  it.skipIf(skip)('finds no drift after sales, returns and session events, and the inventory account equals stock value', async () => {
    const report = await reconcile(server.db);
    expect(report.ok).toBe(true);
    expect(report.checked.journalEntries).toBeGreaterThan(3);
    const [row] = await server.db.query<{ stock: string; account: string }>(
      `SELECT (SELECT sum(round(q.on_hand * p.cost)) FROM quants q JOIN products p ON p.id = q.product_id) AS stock,
              (SELECT debit - credit FROM account_balances WHERE account_code = '1300') AS account`,
    );
    expect(Number(row?.account)).toBe(Number(row?.stock));
  });

  it.skipIf(skip)('reports a quant changed behind the ledger and a tampered balance', async () => {
    const [q] = await server.db.query<{ product_id: string; location_id: string; lot: string; on_hand: string }>('SELECT product_id, location_id, lot, on_hand FROM quants ORDER BY product_id LIMIT 1');
    if (!q) throw new Error('the seed made no quants');
    await server.db.query('UPDATE quants SET on_hand = on_hand + 2 WHERE product_id = $1 AND location_id = $2 AND lot = $3', [q.product_id, q.location_id, q.lot]);
    await server.db.query(`UPDATE account_balances SET debit = debit + 1 WHERE account_code = '4000'`);
    const report = await reconcile(server.db);
    expect(report.ok).toBe(false);
    expect(report.drift.quants).toEqual([{ productId: q.product_id, locationId: q.location_id, lot: q.lot, stored: Number(q.on_hand) + 2, fromLedger: Number(q.on_hand) }]);
    expect(report.drift.accounts.map((a) => a.account)).toEqual(['4000']);
  });
});

describe('aisle reconcile (CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aisle-cli-'));
  const env = { ...process.env, AISLE_DATA_DIR: dir, DATABASE_URL: '' };
  const cli = (...args: string[]): Promise<{ stdout: string }> => run('node', ['--import', 'tsx', 'sync-server/cli/main.ts', ...args], { env });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 on a clean database and 1 with the drift once a quant is changed behind the ledger', async () => {
    await cli('seed', '--demo', '--products', '50', '--json');
    const clean = JSON.parse((await cli('reconcile', '--json')).stdout) as { ok: boolean };
    expect(clean.ok).toBe(true);
    const db = await openPglite(join(dir, 'pglite'));
    await db.query(`UPDATE quants SET on_hand = on_hand - 1 WHERE (product_id, location_id, lot) = (SELECT product_id, location_id, lot FROM quants ORDER BY 1, 2, 3 LIMIT 1)`);
    await db.close();
    const failed = await cli('reconcile', '--json').then(() => null, (err: { code: number; stdout: string }) => err);
    expect(failed?.code).toBe(1);
    const report = JSON.parse(failed?.stdout ?? '{}') as { ok: boolean; drift: { quants: unknown[] } };
    expect(report.ok).toBe(false);
    expect(report.drift.quants).toHaveLength(1);
  }, 180_000);
});
