// Writing journal entries: the entry, its lines and the running account balances, in the
// caller's transaction. The database re-checks that the entry balances at COMMIT.
import type { Queryable, Tx } from '../db/db.ts';
import { defaultAccountMap, type AccountMap, type AccountRole } from './accounts.ts';
import { balanced, type JournalLine } from './journal.ts';

export type EntryKind =
  | 'sale' | 'return' | 'session_open' | 'cash_in' | 'cash_out' | 'session_close'
  | 'late_adjustment' | 'delivery' | 'invoice' | 'adjustment' | 'opening';

export interface EntryHeader {
  kind: EntryKind;
  eventId?: string;
  siteId?: string;
  tillId?: string;
  sessionId?: string;
  entryDate: string;
  memo?: string;
}

/** The role → account map as an admin configured it (seeded defaults for missing roles). */
export async function loadAccountMap(q: Queryable): Promise<AccountMap> {
  const rows = await q.query<{ role: string; account_code: string }>('SELECT role, account_code FROM account_roles');
  const map: Record<string, string> = { ...defaultAccountMap };
  for (const r of rows) map[r.role as AccountRole] = r.account_code;
  return map as AccountMap;
}

/** Writes one balanced entry; returns its id, or null when every line was zero. */
export async function writeEntry(tx: Tx, header: EntryHeader, lines: readonly JournalLine[]): Promise<number | null> {
  const kept = balanced(lines);
  if (kept.length === 0) return null;
  const [entry] = await tx.query<{ id: number }>(
    `INSERT INTO journal_entries (kind, event_id, site_id, till_id, session_id, entry_date, memo)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [header.kind, header.eventId ?? null, header.siteId ?? null, header.tillId ?? null, header.sessionId ?? null, header.entryDate, header.memo ?? null],
  );
  if (!entry) throw new Error('journal entry insert returned no id');
  const rows = JSON.stringify(kept.map((l) => ({ a: l.account, d: l.debit, c: l.credit, t: l.taxId ?? null, till: l.tillId ?? null, m: l.memo ?? null })));
  await tx.query(
    `INSERT INTO journal_lines (entry_id, account_code, debit, credit, tax_id, till_id, memo)
     SELECT $1, a, d, c, t, till, m FROM jsonb_to_recordset($2::jsonb) AS r(a text, d bigint, c bigint, t text, till text, m text)`,
    [entry.id, rows],
  );
  // Balances in account order so that concurrent writers lock rows in the same order.
  await tx.query(
    `INSERT INTO account_balances AS b (account_code, debit, credit)
     SELECT a, sum(d), sum(c) FROM jsonb_to_recordset($1::jsonb) AS r(a text, d bigint, c bigint) GROUP BY a ORDER BY a
     ON CONFLICT (account_code) DO UPDATE SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit`,
    [rows],
  );
  return entry.id;
}
