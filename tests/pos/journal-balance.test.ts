// The database refuses a journal entry that does not balance, whatever writes it — checked once per
// INSERT statement over the entries it touched, each summed through its index (migration 069: the
// check had scanned the whole journal on every push, so ingestion slowed as the journal grew;
// `npm run bench -- pglite-bursts` shows sales/s flat across bursts now).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDrivers, type TestDb } from '../support/test-db.ts';

describe.each(testDrivers)('journal entries balance on $kind', ({ kind, skip }) => {
  let t: TestDb;
  beforeAll(async () => {
    if (!skip) t = await createTestDb(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  const entry = async (): Promise<number> => {
    const [row] = await t.db.query<{ id: number }>(`INSERT INTO journal_entries (kind, entry_date, memo) VALUES ('adjustment', now(), 'test') RETURNING id`);
    return Number(row?.id);
  };
  const lines = (rows: [number, string, number, number][]): Promise<unknown> =>
    t.db.query(
      `INSERT INTO journal_lines (entry_id, account_code, debit, credit)
       SELECT (r->>0)::bigint, r->>1, (r->>2)::bigint, (r->>3)::bigint FROM jsonb_array_elements($1::jsonb) r`,
      [JSON.stringify(rows)],
    );

  it.skipIf(skip)('accepts balanced entries and refuses a statement with one unbalanced entry among balanced ones', async () => {
    const [a, b, c] = [await entry(), await entry(), await entry()];
    await lines([[a, '1000', 500, 0], [a, '4000', 0, 500]]);
    await expect(lines([[b, '1000', 300, 0], [b, '4000', 0, 300], [c, '1000', 200, 0], [c, '4000', 0, 199]])).rejects.toThrow(/does not balance \(debit - credit = 1\)/);
    const [n] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM journal_lines WHERE entry_id = ANY($1::bigint[])', [[a, b, c]]);
    expect(n?.n).toBe(2);
  });
});
