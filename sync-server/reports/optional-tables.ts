// Some report sections read tables another feature creates (the warehouse's orders, pickings,
// reorder rules and proposals). A page asks here first and says clearly what is missing
// instead of failing when a database predates that feature.
import type { Unavailable } from '../../shared/reports/report-types.ts';
import type { Queryable } from '../db/db.ts';

/** The subset of `tables` that exist in the current schema. */
export async function existingTables(db: Queryable, tables: readonly string[]): Promise<Set<string>> {
  const rows = await db.query<{ name: string }>(
    `SELECT t AS name FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NOT NULL`,
    [[...tables]],
  );
  return new Set(rows.map((r) => r.name));
}

export function unavailable(missing: readonly string[]): Unavailable {
  return { available: false, reason: `not available: this database has no ${missing.join(', ')} table${missing.length > 1 ? 's' : ''} (warehouse module not installed)` };
}
