// Two customer records merged into one (customers/customer-merge.ts): the merged customer's points
// and store credit move to the kept one as movements (`merge`), so each account still adds up to
// its movements and the ledger is untouched (the liability is the same, owed to the same person).
// Sales pushed later for the merged customer land on the kept one (sale-value-context.ts).
import type { Tx } from '../db/db.ts';
import { type AccountKey, lockAccounts, openAccounts, recordMoves, valueAccountId } from './value-accounts.ts';

/** Call under the feed lock, in the merge's transaction. */
export async function mergeCustomerValue(tx: Tx, keepId: string, mergeId: string): Promise<void> {
  const rows = await tx.query<{ id: string; kind: 'store_credit' | 'points'; currency: string | null; balance: string; booked: string }>(
    `SELECT id, kind, currency, balance, booked FROM value_accounts WHERE customer_id = $1 AND kind <> 'gift_card' AND (balance <> 0 OR booked <> 0)`,
    [mergeId],
  );
  if (rows.length === 0) return;
  const targets: AccountKey[] = rows.map((r) => ({ kind: r.kind, key: keepId, currency: r.currency }));
  await openAccounts(tx, targets);
  await lockAccounts(tx, [...rows.map((r) => r.id), ...targets.map(valueAccountId)]);
  const eventId = `merge:${mergeId}`;
  await recordMoves(tx, rows.flatMap((r, i) => [
    { accountId: r.id, eventId, ref: 'out', kind: 'merge' as const, amount: -Number(r.balance), value: -Number(r.booked) },
    { accountId: valueAccountId(targets[i] as AccountKey), eventId, ref: 'in', kind: 'merge' as const, amount: Number(r.balance), value: Number(r.booked) },
  ]));
}
