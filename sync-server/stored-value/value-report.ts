// Stored-value liability (issue 17 "Reports"): per kind, what the holders hold against what the
// ledger account of the kind's posting role says is owed. Every movement books its value on that
// account in the same transaction, so the two are equal unless something wrote behind the
// books' back — which `aisle reconcile` reports as drift too.
import type { LiabilityLine, LiabilityReport } from '../../shared/admin-api/stored-value.ts';
import type { ValueKind } from '../../shared/stored-value/sale-value.ts';
import type { Queryable } from '../db/db.ts';
import type { AccountRole } from '../ledger/accounts.ts';
import { loadAccountMap } from '../ledger/journal-store.ts';

const KINDS: { kind: ValueKind; label: string; role: AccountRole }[] = [
  { kind: 'gift_card', label: 'Gift cards', role: 'gift_card_liability' },
  { kind: 'store_credit', label: 'Store credit', role: 'store_credit_liability' },
  { kind: 'points', label: 'Loyalty points', role: 'points_liability' },
];

export async function liabilityReport(q: Queryable): Promise<LiabilityReport> {
  const accounts = await loadAccountMap(q);
  const held = await q.query<{ kind: string; holders: number; outstanding: string; booked: string; held: string }>(
    `SELECT a.kind, count(*)::int AS holders, sum(a.balance) AS outstanding, sum(a.booked) AS booked,
            coalesce(sum((SELECT sum(h.amount) FROM value_holds h WHERE h.account_id = a.id AND h.expires_at > now())), 0) AS held
     FROM value_accounts a GROUP BY a.kind`,
  );
  const ledger = await q.query<{ account_code: string; owed: string }>(
    'SELECT account_code, credit - debit AS owed FROM account_balances WHERE account_code = ANY($1::text[])',
    [KINDS.map((k) => accounts[k.role])],
  );
  const lines: LiabilityLine[] = KINDS.map(({ kind, label, role }) => {
    const h = held.find((r) => r.kind === kind);
    const account = accounts[role];
    return {
      kind, label, account, holders: h?.holders ?? 0, outstanding: Number(h?.outstanding ?? 0), booked: Number(h?.booked ?? 0),
      ledger: Number(ledger.find((l) => l.account_code === account)?.owed ?? 0), held: Number(h?.held ?? 0),
    };
  });
  return { lines, balanced: lines.every((l) => l.booked === l.ledger && (l.kind === 'points' || l.booked === l.outstanding)) };
}
