// Tx.atCommit: the one statement a transaction sends with its COMMIT (on PostgreSQL in the same
// round trip; the change feed takes its position there, feed/publish.ts numberAtCommit). Its rows
// arrive before the after-commit hooks run, and a failing statement commits nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDocs, scopeAll } from '../../sync-server/feed/publish.ts';
import { createTestDb, type TestDb, testDrivers } from '../support/test-db.ts';

describe.each(testDrivers)('statement sent with COMMIT on $kind', ({ kind, skip }) => {
  let t: TestDb;
  beforeAll(async () => {
    if (skip) return;
    t = await createTestDb(kind, { migrate: false });
    await t.db.query('CREATE TABLE commit_probe (id int PRIMARY KEY)');
  });
  afterAll(async () => {
    await t?.close();
  });

  it.skipIf(skip)('hands its rows over before the after-commit hooks, after the before-commit hooks, and commits', async () => {
    const seen: string[] = [];
    await t.db.transaction(async (tx) => {
      await tx.query('INSERT INTO commit_probe (id) VALUES (1)');
      tx.afterCommit(() => seen.push('after'));
      tx.atCommit('SELECT count(*)::int AS n FROM commit_probe', (rows) => seen.push(`rows ${String(rows[0]?.n)}`));
      tx.beforeCommit(async () => {
        await tx.query('INSERT INTO commit_probe (id) VALUES (2)');
        seen.push('before');
      });
    });
    expect(seen).toEqual(['before', 'rows 2', 'after']);
    expect(await t.db.query('SELECT id FROM commit_probe ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it.skipIf(skip)('fails the transaction when the statement fails: nothing of it is committed, no after-commit hook runs', async () => {
    let after = false;
    await expect(t.db.transaction(async (tx) => {
      await tx.query('INSERT INTO commit_probe (id) VALUES (3)');
      tx.afterCommit(() => {
        after = true;
      });
      tx.atCommit('SELECT 1 / 0 AS n', () => undefined);
    })).rejects.toThrow(/division by zero/);
    expect(after).toBe(false);
    expect(await t.db.query('SELECT id FROM commit_probe WHERE id = 3')).toEqual([]);
    // The connection went back to its pool usable.
    expect(await t.db.query('SELECT count(*)::int AS n FROM commit_probe')).toEqual([{ n: 2 }]);
  });

  it.skipIf(skip)('refuses a second statement for the same COMMIT', async () => {
    await expect(t.db.transaction(async (tx) => {
      tx.atCommit('SELECT 1', () => undefined);
      tx.atCommit('SELECT 2', () => undefined);
    })).rejects.toThrow(/one statement sent with its COMMIT/);
  });
});

describe.each(testDrivers)('feed position taken with COMMIT on $kind', ({ kind, skip }) => {
  let t: TestDb;
  beforeAll(async () => {
    if (!skip) t = await createTestDb(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  it.skipIf(skip)('numbers the pending rows and the hint carries the highest number taken', async () => {
    const hints: number[] = [];
    const off = t.db.bus.subscribe((m) => {
      if (m !== 'RESYNC' && m.collection === 'customers') hints.push(m.seq);
    });
    await t.db.transaction(async (tx) => {
      await publishDocs(tx, 'customers', [{ id: 'c-1', scope: scopeAll, doc: { id: 'c-1' } }, { id: 'c-2', scope: scopeAll, doc: { id: 'c-2' } }]);
    });
    off();
    const rows = await t.db.query<{ id: string; change_seq: number | null }>(`SELECT id, change_seq FROM replicated_docs WHERE collection = 'customers' AND id IN ('c-1', 'c-2') ORDER BY id`);
    expect(rows.every((r) => r.change_seq !== null)).toBe(true);
    expect(hints).toEqual([Math.max(...rows.map((r) => Number(r.change_seq)))]);
  });
});
