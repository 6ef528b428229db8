// Read side of the ledger for the API: trial balance (from the running balances, so it costs
// one row per account), the journal browser (paged, down to the event behind each entry) and the
// chart of accounts an admin may edit.
import type { JournalEntry, TrialBalance } from '../../shared/reports/report-types.ts';
import type { Queryable } from '../db/db.ts';

export async function trialBalance(db: Queryable): Promise<TrialBalance> {
  const rows = await db.query<{ code: string; name: string; type: string; debit: string; credit: string }>(
    `SELECT a.code, a.name, a.type, coalesce(b.debit, 0) AS debit, coalesce(b.credit, 0) AS credit
     FROM accounts a LEFT JOIN account_balances b ON b.account_code = a.code ORDER BY a.code`,
  );
  const accounts = rows.map((r) => ({ code: r.code, name: r.name, type: r.type, debit: Number(r.debit), credit: Number(r.credit), balance: Number(r.debit) - Number(r.credit) }));
  const totals = accounts.reduce((t, a) => ({ debit: t.debit + a.debit, credit: t.credit + a.credit }), { debit: 0, credit: 0 });
  return { accounts, totals, balanced: totals.debit === totals.credit };
}

export interface JournalQuery {
  from?: string;
  to?: string;
  account?: string;
  eventId?: string;
  siteId?: string;
  /** Entries with an id below this (paging backwards from the newest). */
  before?: number;
  limit: number;
}

export async function journal(db: Queryable, q: JournalQuery): Promise<JournalEntry[]> {
  const rows = await db.query<{
    id: string; kind: string; event_id: string | null; site_id: string | null; till_id: string | null; session_id: string | null;
    entry_date: Date | string; memo: string | null; lines: { account: string; debit: number; credit: number; taxId: string | null; memo: string | null }[];
  }>(
    `SELECT e.id, e.kind, e.event_id, e.site_id, e.till_id, e.session_id, e.entry_date, e.memo,
            (SELECT jsonb_agg(jsonb_build_object('account', l.account_code, 'debit', l.debit, 'credit', l.credit, 'taxId', l.tax_id, 'memo', l.memo) ORDER BY l.id)
             FROM journal_lines l WHERE l.entry_id = e.id) AS lines
     FROM journal_entries e
     WHERE ($1::timestamptz IS NULL OR e.entry_date >= $1) AND ($2::timestamptz IS NULL OR e.entry_date < $2)
       AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM journal_lines l WHERE l.entry_id = e.id AND l.account_code = $3))
       AND ($4::text IS NULL OR e.event_id = $4) AND ($5::text IS NULL OR e.site_id = $5)
       AND ($6::bigint IS NULL OR e.id < $6)
     ORDER BY e.id DESC LIMIT $7`,
    [q.from ?? null, q.to ?? null, q.account ?? null, q.eventId ?? null, q.siteId ?? null, q.before ?? null, q.limit],
  );
  return rows.map((r) => ({
    id: Number(r.id), kind: r.kind, eventId: r.event_id, siteId: r.site_id, tillId: r.till_id, sessionId: r.session_id,
    entryDate: new Date(r.entry_date).toISOString(), memo: r.memo, lines: r.lines ?? [],
  }));
}

export interface AccountView {
  code: string;
  name: string;
  type: string;
  active: boolean;
  roles: string[];
}

export async function chartOfAccounts(db: Queryable): Promise<AccountView[]> {
  const rows = await db.query<{ code: string; name: string; type: string; active: boolean; roles: string[] | null }>(
    `SELECT a.code, a.name, a.type, a.active, (SELECT array_agg(r.role ORDER BY r.role) FROM account_roles r WHERE r.account_code = a.code) AS roles
     FROM accounts a ORDER BY a.code`,
  );
  return rows.map((r) => ({ ...r, roles: r.roles ?? [] }));
}
