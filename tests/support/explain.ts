// A statement's plan as EXPLAIN prints it, one line per node, on either driver.
import type { Queryable, SqlParam } from '../../sync-server/db/db.ts';

/** The text of `EXPLAIN <options> <sql>` (`options` e.g. '(COSTS OFF)'; '' for plain EXPLAIN). */
export async function explain(q: Queryable, sql: string, options = '', params: readonly SqlParam[] = []): Promise<string> {
  const rows = await q.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${options} ${sql}`, params);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}
