// Work in a transaction that is rolled back: a bench measures the database without some indexes
// (dropped inside it), or writes it does not keep, and leaves the tables as they were.
import type { Db, Tx } from '../../sync-server/db/db.ts';

class Rollback extends Error {}

/** What `fn` returns, after its transaction was rolled back. */
export async function rolledBack<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  let out: { value: T } | undefined;
  try {
    await db.transaction(async (tx) => {
      out = { value: await fn(tx) };
      throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  if (!out) throw new Error('the rolled-back transaction ended before its work did');
  return out.value;
}
