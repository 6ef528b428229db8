// What applying sales' stored value needs from the database, read before the feed lock (it only
// reads): the offline allowance, customers merged since the sale, and the names of supervisors
// who overrode an allowance.
import type { Sale } from '../../shared/schemas/index.ts';
import type { Queryable } from '../db/db.ts';
import { overrideNames, type SaleValueContext } from './sale-value-store.ts';
import { readStoredValueSettings } from './value-settings.ts';

export async function loadSaleValueContext(q: Queryable, sales: readonly Sale[]): Promise<SaleValueContext> {
  const settings = await readStoredValueSettings(q);
  const customerIds = [...new Set(sales.flatMap((s) => (s.customerId ? [s.customerId] : [])))];
  const merged = customerIds.length === 0 ? [] : await q.query<{ id: string; merged_into: string }>(
    'SELECT id, merged_into FROM customers WHERE id = ANY($1::text[]) AND merged_into IS NOT NULL',
    [customerIds],
  );
  const mergedInto = new Map(merged.map((r) => [r.id, r.merged_into]));
  const names = await overrideNames(q, sales);
  return {
    allowance: settings.offlineAllowance,
    customerOf: (id) => (id === undefined ? undefined : (mergedInto.get(id) ?? id)),
    earned: () => undefined,
    userName: (id) => names.get(id),
  };
}
