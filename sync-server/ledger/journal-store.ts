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
  const [id] = await writeEntries(tx, [{ header, lines }]);
  return id ?? null;
}

/**
 * Writes many balanced entries in three statements (entries, lines, balances) whatever their
 * number: how a push batch of sales pays for its accounting. Returns the ids, null for entries
 * whose lines were all zero.
 */
export async function writeEntries(tx: Tx, entries: readonly { header: EntryHeader; lines: readonly JournalLine[] }[]): Promise<(number | null)[]> {
  const kept = entries.map((e) => ({ header: e.header, lines: balanced(e.lines) }));
  const written = kept.map((e, n) => ({ ...e, n })).filter((e) => e.lines.length > 0);
  const ids: (number | null)[] = kept.map(() => null);
  if (written.length === 0) return ids;
  const headers = JSON.stringify(written.map(({ header: h, n }) => ({
    n, kind: h.kind, event_id: h.eventId ?? null, site_id: h.siteId ?? null, till_id: h.tillId ?? null, session_id: h.sessionId ?? null, entry_date: h.entryDate, memo: h.memo ?? null,
  })));
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO journal_entries (kind, event_id, site_id, till_id, session_id, entry_date, memo)
     SELECT kind, event_id, site_id, till_id, session_id, entry_date, memo
     FROM jsonb_to_recordset($1::jsonb) AS r(n int, kind text, event_id text, site_id text, till_id text, session_id text, entry_date timestamptz, memo text)
     ORDER BY n RETURNING id`,
    [headers],
  );
  // Identity values are handed out in insertion order, so the k-th smallest id is the k-th entry.
  const sorted = inserted.map((r) => Number(r.id)).sort((a, b) => a - b);
  written.forEach((e, k) => (ids[e.n] = sorted[k] ?? null));
  const rows = JSON.stringify(written.flatMap((e) => e.lines.map((l) => ({
    e: ids[e.n], a: l.account, d: l.debit, c: l.credit, t: l.taxId ?? null, till: l.tillId ?? null, m: l.memo ?? null,
  }))));
  await tx.query(
    `INSERT INTO journal_lines (entry_id, account_code, debit, credit, tax_id, till_id, memo)
     SELECT e, a, d, c, t, till, m FROM jsonb_to_recordset($1::jsonb) AS r(e bigint, a text, d bigint, c bigint, t text, till text, m text)`,
    [rows],
  );
  // Balances once per account and in account order, so concurrent writers lock rows in the same order.
  await tx.query(
    `INSERT INTO account_balances AS b (account_code, debit, credit)
     SELECT a, sum(d), sum(c) FROM jsonb_to_recordset($1::jsonb) AS r(a text, d bigint, c bigint) GROUP BY a ORDER BY a
     ON CONFLICT (account_code) DO UPDATE SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit`,
    [rows],
  );
  return ids;
}
