// The PostgreSQL driver (sync-server/db/pg-driver.ts). Statements it prepares once per connection
// (named-statements.ts): named the second time they are seen, never without parameters, at most
// `limit` of them; on a real PostgreSQL the connection holds them as prepared statements and they
// keep answering right past the fifth execution, when PostgreSQL may switch to a generic plan.
// Its connections run without JIT compilation (a statement costed above jit_above_cost was
// compiled for ≈ 155 ms inside an order batch's quant lock: docs/warehouse.md). A transaction
// asked for generic plans plans its prepared statements once, without their values, and leaves
// the connection as it found it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../sync-server/db/db.ts';
import { StatementNames } from '../../sync-server/db/named-statements.ts';
import { openPostgres } from '../../sync-server/db/pg-driver.ts';
import { createTestDb, databaseUrl, type TestDb } from '../support/test-db.ts';

describe('statement names', () => {
  it('names a statement with parameters the second time it is seen, and keeps that name', () => {
    const names = new StatementNames();
    expect(names.nameFor('SELECT $1::int', 1)).toBeUndefined();
    const name = names.nameFor('SELECT $1::int', 1);
    expect(name).toMatch(/^aisle_\d+$/);
    expect(names.nameFor('SELECT $1::int', 1)).toBe(name);
    expect(names.nameFor('SELECT $1::text', 1)).toBeUndefined();
    expect(names.nameFor('SELECT $1::text', 1)).not.toBe(name);
  });

  it('never names a statement without parameters (its values are in its text)', () => {
    const names = new StatementNames();
    for (let i = 0; i < 5; i++) expect(names.nameFor('SELECT 1', 0)).toBeUndefined();
  });

  it('never names a statement that expands * (its columns follow the table, which a migration may change)', () => {
    const names = new StatementNames();
    for (const sql of ['SELECT * FROM t WHERE id = $1', 'SELECT t.* FROM t WHERE id = $1', 'UPDATE t SET a = $1 RETURNING *', 'select distinct * from t where a = $1']) {
      for (let i = 0; i < 3; i++) expect(names.nameFor(sql, 1)).toBeUndefined();
    }
    for (const sql of ['SELECT count(*) FROM t WHERE a = $1', 'WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id text)) SELECT id FROM r JOIN t ON t.id = r.id', 'SELECT * FROM (SELECT a FROM t WHERE a = $1) x']) {
      names.nameFor(sql, 1);
      expect(names.nameFor(sql, 1)).toBeDefined();
    }
  });

  it('names at most `limit` texts; later ones run unnamed, the named ones keep their names', () => {
    const names = new StatementNames({ limit: 2 });
    const texts = ['SELECT $1::int', 'SELECT $1::text', 'SELECT $1::bigint'];
    for (const t of texts) names.nameFor(t, 1);
    const second = texts.map((t) => names.nameFor(t, 1));
    expect(second[0]).toBeDefined();
    expect(second[1]).toBeDefined();
    expect(second[2]).toBeUndefined();
    expect(new Set(second.filter(Boolean)).size).toBe(2);
    expect(names.nameFor(texts[0] ?? '', 1)).toBe(second[0]);
  });

  it('forgets the sightings of one-off texts once it has counted `counted` of them', () => {
    const names = new StatementNames({ counted: 3 });
    names.nameFor('SELECT $1::int', 1);
    for (let i = 0; i < 3; i++) names.nameFor(`SELECT $1::int + ${i}`, 1);
    // The count started over: the first text is on its first sighting again.
    expect(names.nameFor('SELECT $1::int', 1)).toBeUndefined();
    expect(names.nameFor('SELECT $1::int', 1)).toBeDefined();
  });
});

describe.skipIf(!databaseUrl)('prepared statements on PostgreSQL', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('postgres', { migrate: false, poolSize: 1 });
    await t.db.query('CREATE TABLE named_probe (id int PRIMARY KEY, label text NOT NULL)');
    await t.db.query(`INSERT INTO named_probe SELECT g, 'row ' || g FROM generate_series(1, 200) g`);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('connect with JIT compilation off, in transactions and on the pool', async () => {
    expect(await t.db.query('SHOW jit')).toEqual([{ jit: 'off' }]);
    expect(await t.db.transaction((tx) => tx.query('SHOW jit'))).toEqual([{ jit: 'off' }]);
    // The cluster's own default is on: the setting comes from the driver's connection, not the machine.
    expect(await t.db.query(`SELECT reset_val, source, boot_val FROM pg_settings WHERE name = 'jit'`)).toEqual([{ reset_val: 'off', source: 'client', boot_val: 'on' }]);
  });

  const byIds = 'SELECT id, label FROM named_probe WHERE id = ANY($1::int[]) ORDER BY id';
  const prepared = async (): Promise<string[]> =>
    (await t.db.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements')).map((r) => r.statement);

  it('are prepared on the connection from the second run and answer right with every value, past the generic plan', async () => {
    expect(await prepared()).not.toContain(byIds);
    for (let i = 1; i <= 12; i++) {
      const ids = i % 2 === 0 ? [i, i + 100] : Array.from({ length: 150 }, (_, k) => k + 1);
      const rows = await t.db.transaction((tx) => tx.query<{ id: number; label: string }>(byIds, [ids]));
      expect(rows).toEqual(ids.map((id) => ({ id, label: `row ${id}` })));
      if (i >= 2) expect(await prepared()).toContain(byIds);
    }
    // Through the pool too (the same single connection here).
    expect(await t.db.query(byIds, [[7]])).toEqual([{ id: 7, label: 'row 7' }]);
  });

  it('keep working after a run of theirs failed, and leave a failed transaction rolled back', async () => {
    const insert = 'INSERT INTO named_probe (id, label) VALUES ($1, $2)';
    await t.db.query(insert, [1001, 'a']);
    await t.db.query(insert, [1002, 'b']);
    expect(await prepared()).toContain(insert);
    await expect(t.db.transaction(async (tx) => {
      await tx.query(insert, [1003, 'c']);
      await tx.query(insert, [1001, 'duplicate']);
    })).rejects.toThrow(/duplicate key/);
    await t.db.query(insert, [1004, 'd']);
    expect(await t.db.query('SELECT id FROM named_probe WHERE id > 1000 ORDER BY id')).toEqual([{ id: 1001 }, { id: 1002 }, { id: 1004 }]);
  });

  const plans = async (sql: string): Promise<{ generic_plans: number; custom_plans: number } | undefined> =>
    (await t.db.query<{ generic_plans: number; custom_plans: number }>(
      'SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1', [sql]))[0];

  it('plan the statements of a transaction asked for generic plans once, without their values; other transactions keep custom plans', async () => {
    const generic = 'SELECT label FROM named_probe WHERE id = $1';
    const custom = 'SELECT label FROM named_probe WHERE id = $1 + 0';
    for (let i = 1; i <= 4; i++) {
      const [mode, row] = await t.db.transaction(async (tx) => [
        (await tx.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode'))[0]?.plan_cache_mode,
        (await tx.query<{ label: string }>(generic, [i]))[0]?.label,
      ], { genericPlans: true });
      expect([mode, row]).toEqual(['force_generic_plan', `row ${i}`]);
      expect(await t.db.transaction((tx) => tx.query(custom, [i]))).toEqual([{ label: `row ${i}` }]);
    }
    // First run unnamed, then three prepared runs: PostgreSQL's own choice (auto) plans the first
    // five with their values; the asked-for transactions never did.
    expect(await plans(generic)).toEqual({ generic_plans: 3, custom_plans: 0 });
    expect(await plans(custom)).toEqual({ generic_plans: 0, custom_plans: 3 });
    // SET LOCAL ends with the transaction, after a commit and after a rollback.
    expect(await t.db.query('SHOW plan_cache_mode')).toEqual([{ plan_cache_mode: 'auto' }]);
    await expect(t.db.transaction(async (tx) => {
      await tx.query('SELECT 1 / 0');
    }, { genericPlans: true })).rejects.toThrow(/division by zero/);
    expect(await t.db.transaction((tx) => tx.query('SHOW plan_cache_mode'))).toEqual([{ plan_cache_mode: 'auto' }]);
  });
});

describe.skipIf(!databaseUrl)('chained transactions on PostgreSQL', () => {
  // Two connections: one a chain may hold between its transactions, one to look from outside.
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('postgres', { migrate: false, poolSize: 2 });
    await t.db.query('CREATE TABLE chain_probe (id int PRIMARY KEY)');
  });
  afterAll(async () => {
    await t?.close();
  });

  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  /** This database's sessions idle inside a transaction (seen from the other connection). */
  const idleInTransaction = async (): Promise<number> =>
    (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`))[0]?.n ?? -1;
  /** Inside a transaction: its backend, how long before this statement it began, its plan mode. */
  const inside = async (tx: Tx): Promise<{ pid: number; beganMsAgo: number; mode: string }> => {
    const [row] = await tx.query<{ pid: number; began_ms_ago: number; mode: string }>(
      `SELECT pg_backend_pid() AS pid, extract(epoch FROM statement_timestamp() - transaction_timestamp()) * 1000 AS began_ms_ago, current_setting('plan_cache_mode') AS mode`);
    return { pid: row?.pid ?? 0, beganMsAgo: Number(row?.began_ms_ago), mode: row?.mode ?? '' };
  };

  it("opens the next transaction with the COMMIT when more are waiting, and commits what came before", async () => {
    let more = true;
    const chain = { more: () => more };
    const first = await t.db.transaction(async (tx) => {
      await tx.query('INSERT INTO chain_probe (id) VALUES (1)');
      return inside(tx);
    }, { genericPlans: true, chain });
    // Committed: visible from the other connection, while the chain holds its next transaction open.
    expect(await t.db.query('SELECT id FROM chain_probe')).toEqual([{ id: 1 }]);
    expect(await idleInTransaction()).toBe(1);
    await sleep(200);
    more = false;
    const second = await t.db.transaction((tx) => inside(tx), { genericPlans: true, chain });
    // The same connection, in a transaction that began at the first one's COMMIT, with its plan mode.
    expect(second.pid).toBe(first.pid);
    expect(second.beganMsAgo).toBeGreaterThanOrEqual(150);
    expect(second.mode).toBe('force_generic_plan');
    // Nothing waited at the second COMMIT: no transaction is left open.
    expect(await idleInTransaction()).toBe(0);
    const alone = await t.db.transaction((tx) => inside(tx), { genericPlans: true, chain });
    expect(alone.beganMsAgo).toBeLessThan(150);
  });

  it('rolls back an opened transaction nobody takes within a second and returns its connection', async () => {
    const chain = { more: () => true };
    await t.db.transaction((tx) => tx.query('SELECT 1'), { chain });
    expect(await idleInTransaction()).toBe(1);
    await sleep(1300);
    expect(await idleInTransaction()).toBe(0);
    // Both connections serve again at once (the held one went back to the pool).
    await Promise.all([t.db.transaction(() => sleep(100)), t.db.transaction(() => sleep(100))]);
    const fresh = await t.db.transaction((tx) => inside(tx), { chain: { more: () => false } });
    expect(fresh.beganMsAgo).toBeLessThan(150);
  });

  it('rolls back a chained transaction that fails, and the next one of the chain begins anew', async () => {
    let more = true;
    const chain = { more: () => more };
    await t.db.transaction((tx) => tx.query('INSERT INTO chain_probe (id) VALUES (2)'), { chain });
    await expect(t.db.transaction(async (tx) => {
      await tx.query('INSERT INTO chain_probe (id) VALUES (3)');
      await tx.query('SELECT 1 / 0');
    }, { chain })).rejects.toThrow(/division by zero/);
    expect(await idleInTransaction()).toBe(0);
    more = false;
    await sleep(200);
    const next = await t.db.transaction(async (tx) => {
      await tx.query('INSERT INTO chain_probe (id) VALUES (4)');
      return inside(tx);
    }, { chain });
    expect(next.beganMsAgo).toBeLessThan(150);
    expect(await t.db.query('SELECT id FROM chain_probe ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }, { id: 4 }]);
  });

  it('closes with a transaction held open: rolled back and its connection gone at once, not when its second is up', async () => {
    // A second driver on the same database, so the test's own connections can look at its session.
    const other = await openPostgres(t.url ?? '', 1, { relay: false });
    await other.transaction((tx) => tx.query('INSERT INTO chain_probe (id) VALUES (5)'), { chain: { more: () => true } });
    expect(await idleInTransaction()).toBe(1);
    const started = performance.now();
    await other.close();
    // Had close left the held client alone, the pool's end would have waited for its timer (1 s).
    expect(performance.now() - started).toBeLessThan(900);
    expect(await idleInTransaction()).toBe(0);
    expect(await t.db.query('SELECT id FROM chain_probe WHERE id = 5')).toEqual([{ id: 5 }]);
  });
});
