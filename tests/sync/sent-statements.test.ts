// Tx.send: a statement whose answer the transaction does not wait for (the order batch sends its
// rows and the pickings' documents with COMMIT in one round trip on a pipelined connection,
// TxOptions.pipeline). Its rows arrive before COMMIT's result; statements after it see its writes;
// if it fails, the transaction fails with its own error — never a silent ROLLBACK reported as a
// commit, nor the "transaction is aborted" of a statement behind it — and commits nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgErrorCode, type TxOptions } from '../../sync-server/db/db.ts';
import { createTestDb, type TestDb, testDrivers } from '../support/test-db.ts';

const modes: { mode: string; options: TxOptions }[] = [
  { mode: 'pipelined', options: { pipeline: true } },
  { mode: 'not pipelined', options: {} },
];

describe.each(testDrivers)('statements sent without waiting on $kind', ({ kind, skip }) => {
  let t: TestDb;
  beforeAll(async () => {
    if (skip) return;
    t = await createTestDb(kind, { migrate: false });
    await t.db.query('CREATE TABLE sent_probe (id int PRIMARY KEY, note text)');
  });
  afterAll(async () => {
    await t?.close();
  });

  describe.each(modes)('$mode', ({ mode, options }) => {
    const base = mode === 'pipelined' ? 100 : 200;

    it.skipIf(skip)('hands over its rows before COMMIT answers, in order, and commits what it wrote', async () => {
      const seen: string[] = [];
      const counted = await t.db.transaction(async (tx) => {
        tx.send('INSERT INTO sent_probe (id, note) VALUES ($1, $2) RETURNING id', [base + 1, 'a'], (rows) => seen.push(`first ${String(rows[0]?.id)}`));
        tx.send('INSERT INTO sent_probe (id, note) VALUES ($1, $2) RETURNING id', [base + 2, 'b'], (rows) => seen.push(`second ${String(rows[0]?.id)}`));
        tx.afterCommit(() => seen.push('after'));
        tx.atCommit(`SELECT count(*)::int AS n FROM sent_probe WHERE id > ${base} AND id < ${base + 10}`, (rows) => seen.push(`at commit ${String(rows[0]?.n)}`));
        // A statement asked for after them runs after them and sees their rows.
        const [row] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM sent_probe WHERE id > $1 AND id < $2', [base, base + 10]);
        return row?.n;
      }, options);
      expect(counted).toBe(2);
      expect(seen).toEqual([`first ${base + 1}`, `second ${base + 2}`, 'at commit 2', 'after']);
      expect(await t.db.query('SELECT id FROM sent_probe WHERE id > $1 AND id < $2 ORDER BY id', [base, base + 10])).toEqual([{ id: base + 1 }, { id: base + 2 }]);
    });

    it.skipIf(skip)('fails the transaction with its own error when nothing came after it but COMMIT', async () => {
      await t.db.query('INSERT INTO sent_probe (id, note) VALUES ($1, $2)', [base + 20, 'taken']);
      let after = false;
      const failed = t.db.transaction(async (tx) => {
        await tx.query('INSERT INTO sent_probe (id, note) VALUES ($1, $2)', [base + 21, 'before']);
        tx.send('INSERT INTO sent_probe (id, note) VALUES ($1, $2)', [base + 20, 'duplicate']);
        tx.afterCommit(() => {
          after = true;
        });
      }, options);
      // PostgreSQL answers COMMIT of a failed transaction with ROLLBACK and no error: the sent
      // statement's failure must be the transaction's.
      await expect(failed).rejects.toMatchObject({ code: '23505' });
      expect(after).toBe(false);
      expect(await t.db.query('SELECT id FROM sent_probe WHERE id = $1', [base + 21])).toEqual([]);
      // The connection went back usable.
      expect(await t.db.transaction((tx) => tx.query('SELECT 1 AS one'), options)).toEqual([{ one: 1 }]);
    });

    it.skipIf(skip)('reports its error, not the aborted transaction of the statements behind it', async () => {
      await t.db.query('INSERT INTO sent_probe (id, note) VALUES ($1, $2)', [base + 30, 'taken']);
      const err: unknown = await t.db.transaction(async (tx) => {
        tx.send('INSERT INTO sent_probe (id, note) VALUES ($1, $2)', [base + 30, 'duplicate']);
        tx.send('INSERT INTO sent_probe (id, note) VALUES ($1, $2)', [base + 31, 'after it']);
        await tx.query('SELECT 1');
      }, options).then(() => null, (e: unknown) => e);
      // A deadlock must reach the retry as 40P01: the cause is kept whatever failed after it.
      expect(pgErrorCode(err)).toBe('23505');
      expect(await t.db.query('SELECT id FROM sent_probe WHERE id = $1', [base + 31])).toEqual([]);
    });

    it.skipIf(skip)('fails with the statement sent with COMMIT when that one fails after it', async () => {
      const err: unknown = await t.db.transaction(async (tx) => {
        tx.send('INSERT INTO sent_probe (id, note) VALUES ($1, $2)', [base + 40, 'fine']);
        tx.atCommit('SELECT 1 / 0 AS n', () => undefined);
      }, options).then(() => null, (e: unknown) => e);
      expect(String(err)).toMatch(/division by zero/);
      expect(await t.db.query('SELECT id FROM sent_probe WHERE id = $1', [base + 40])).toEqual([]);
    });
  });

});

describe.skipIf(!testDrivers.some((d) => d.kind === 'postgres' && !d.skip))('pipelined transactions on postgres', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('postgres', { migrate: false });
    await t.db.query('CREATE TABLE sent_probe (id int PRIMARY KEY, note text)');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('run on a pipelined connection of their own (which cannot COPY)', async () => {
    await expect(t.db.transaction((tx) => tx.copyFrom('sent_probe', ['id', 'note'], '500,x\n'), { pipeline: true })).rejects.toThrow(/without TxOptions.pipeline/);
    expect(await t.db.transaction((tx) => tx.copyFrom('sent_probe', ['id', 'note'], '501,x\n'))).toBe(1);
  });
});
