// A statement's plan as EXPLAIN prints it, one line per node, on either driver.
import type { Queryable } from '../../sync-server/db/db.ts';

/** The text of `EXPLAIN <options> <sql>` (`options` e.g. '(COSTS OFF)'; '' for plain EXPLAIN). */
export async function explain(q: Queryable, sql: string, options = ''): Promise<string> {
  const rows = await q.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${options} ${sql}`);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}
