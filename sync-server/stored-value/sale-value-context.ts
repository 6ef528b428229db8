// What applying sales' stored value needs from the database, read before the feed lock (it only
// reads): the offline allowance, the loyalty program (points earned), customers merged since the
// sale, and the names of supervisors who overrode an allowance.
import type { Sale } from '../../shared/schemas/index.ts';
import { type LoyaltyProgram, pointsEarned, pointsValue } from '../../shared/stored-value/loyalty-program.ts';
import type { Queryable } from '../db/db.ts';
import { readLoyaltyProgram } from './loyalty-store.ts';
import { overrideNames, type SaleValueContext } from './sale-value-store.ts';
import { readStoredValueSettings } from './value-settings.ts';

export interface LoadedSaleValueContext extends SaleValueContext {
  program: LoyaltyProgram | null;
  /** Points the sale earns by the server's computation (0 without a customer or a program). */
  earnedPoints(sale: Sale): number;
}

/** @param categoryOf a product's category, as the catalog holds it (earning rules may target categories) */
export async function loadSaleValueContext(q: Queryable, sales: readonly Sale[], categoryOf: (productId: string) => string | undefined): Promise<LoadedSaleValueContext> {
  const settings = await readStoredValueSettings(q);
  const program = (await readLoyaltyProgram(q))?.program ?? null;
  const customerIds = [...new Set(sales.flatMap((s) => (s.customerId ? [s.customerId] : [])))];
  const merged = customerIds.length === 0 ? [] : await q.query<{ id: string; merged_into: string }>(
    'SELECT id, merged_into FROM customers WHERE id = ANY($1::text[]) AND merged_into IS NOT NULL',
    [customerIds],
  );
  const mergedInto = new Map(merged.map((r) => [r.id, r.merged_into]));
  const names = await overrideNames(q, sales);
  const earnedPoints = (sale: Sale): number =>
    // A channel order earned no points at a till, so its return takes none back.
    sale.customerId === undefined || sale.returnOfOrder ? 0 : pointsEarned(program, sale.lines.map((l) => ({ productId: l.productId, category: categoryOf(l.productId), qty: l.qty, total: l.total })));
  return {
    allowance: settings.offlineAllowance,
    program,
    earnedPoints,
    customerOf: (id) => (id === undefined ? undefined : (mergedInto.get(id) ?? id)),
    earned: (sale) => {
      const points = earnedPoints(sale);
      return points === 0 || !program ? undefined : { points, value: pointsValue(program, points) };
    },
    userName: (id) => names.get(id),
  };
}
