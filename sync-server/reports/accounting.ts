// Accounting page: the trial balance (running balances, ledger/ledger-queries.ts), profit and
// loss for the period from account_daily (journal movements per day, site and account, kept by
// a trigger as entries are written), and the journal browser down to the event behind an entry.
import type { EventView, JournalPage, ProfitAndLoss, TrialBalance } from '../../shared/reports/report-types.ts';
import type { Queryable } from '../db/db.ts';
import { describeEvent, referencedIds } from '../../shared/reports/event-document.ts';
import { journal, trialBalance } from '../ledger/ledger-queries.ts';
import { rangeBounds, type ReportFilters } from './filters.ts';
import { existingTables } from './optional-tables.ts';

/** Movements of every account over the period (debit − credit), optionally for one site. */
export async function accountMovements(db: Queryable, f: Pick<ReportFilters, 'from' | 'to' | 'siteId'>): Promise<Map<string, number>> {
  const rows = await db.query<{ account_code: string; balance: string }>(
    `SELECT account_code, sum(debit) - sum(credit) AS balance FROM account_daily
     WHERE day BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR site_id = $3) GROUP BY account_code`,
    [f.from, f.to, f.siteId],
  );
  return new Map(rows.map((r) => [r.account_code, Number(r.balance)]));
}

export async function profitAndLoss(db: Queryable, f: ReportFilters): Promise<ProfitAndLoss> {
  const moves = await accountMovements(db, f);
  const accounts = await db.query<{ code: string; name: string; type: 'revenue' | 'expense' }>(
    `SELECT code, name, type FROM accounts WHERE type IN ('revenue', 'expense') ORDER BY code`,
  );
  const rows = accounts.map((a) => ({ ...a, amount: a.type === 'revenue' ? -(moves.get(a.code) ?? 0) : moves.get(a.code) ?? 0 }));
  const revenue = rows.filter((r) => r.type === 'revenue').reduce((s, r) => s + r.amount, 0);
  const expenses = rows.filter((r) => r.type === 'expense').reduce((s, r) => s + r.amount, 0);
  return { rows, revenue, expenses, profit: revenue - expenses };
}

export async function accountingTrialBalance(db: Queryable): Promise<TrialBalance> {
  return trialBalance(db);
}

export async function journalPage(db: Queryable, f: ReportFilters, q: { account?: string; eventId?: string; before?: number; limit: number }): Promise<JournalPage> {
  const { start, end } = rangeBounds(f);
  const entries = await journal(db, {
    from: start, to: end, limit: q.limit,
    ...(f.siteId ? { siteId: f.siteId } : {}), ...(q.account ? { account: q.account } : {}),
    ...(q.eventId ? { eventId: q.eventId } : {}), ...(q.before ? { before: q.before } : {}),
  });
  const last = entries.at(-1);
  return { entries, nextBefore: entries.length === q.limit && last ? last.id : null };
}

/** The event that caused a journal entry: its stored payload and its exceptions. */
export async function eventDetail(db: Queryable, eventId: string): Promise<EventView | null> {
  const [e] = await db.query<{ id: string; collection: string; device_id: string; device: string | null; site_id: string; status: string; received_at: Date | string; payload: unknown }>(
    `SELECT e.id, e.collection, e.device_id, d.name AS device, e.site_id, e.status, e.received_at, e.payload
     FROM events e LEFT JOIN devices d ON d.id = e.device_id WHERE e.id = $1`,
    [eventId],
  );
  if (!e) return null;
  const ids = referencedIds(e.payload);
  const hasPickings = (await existingTables(db, ['pickings'])).has('pickings');
  const named = await db.query<{ id: string; label: string }>(
    `SELECT id, sku || ' ' || name AS label FROM products WHERE id = ANY($1::text[])
     UNION ALL SELECT id, display_name FROM users WHERE id = ANY($1::text[])
     UNION ALL SELECT username, display_name FROM users WHERE username = ANY($1::text[])
     UNION ALL SELECT id, name FROM devices WHERE id = ANY($1::text[])
     UNION ALL SELECT id, full_name FROM locations WHERE id = ANY($1::text[])
     UNION ALL SELECT id, code || ' — ' || name FROM sites WHERE id = ANY($1::text[])
     UNION ALL SELECT id, name FROM customers WHERE id = ANY($1::text[])
     ${hasPickings ? 'UNION ALL SELECT id, reference FROM pickings WHERE id = ANY($1::text[])' : ''}`,
    [ids],
  );
  const [site] = await db.query<{ currency: string; time_zone: string }>('SELECT currency, time_zone FROM sites WHERE id = $1', [e.site_id]);
  const document = describeEvent(e.collection, e.payload, {
    currency: site?.currency ?? 'EUR', timeZone: site?.time_zone ?? 'UTC', names: Object.fromEntries(named.map((n) => [n.id, n.label])),
  });
  const problems = await db.query<{ id: string; code: string; message: string; severity: string; resolved_at: Date | string | null }>(
    'SELECT id, code, message, severity, resolved_at FROM event_problems WHERE event_id = $1 ORDER BY id',
    [eventId],
  );
  return {
    id: e.id, collection: e.collection, deviceId: e.device_id, device: e.device, siteId: e.site_id, status: e.status,
    receivedAt: new Date(e.received_at).toISOString(), payload: e.payload, document,
    problems: problems.map((p) => ({ id: Number(p.id), code: p.code, message: p.message, severity: p.severity, resolvedAt: p.resolved_at === null ? null : new Date(p.resolved_at).toISOString() })),
  };
}
