// Till sessions on the server: totals kept incrementally as sales and session events arrive
// (so close and the Z report never scan sales), and the session events' own application.
// Events of one session may arrive in any order; the rules in ledger/session-posting.ts make the
// final balances independent of it, and a sale is "late" only if the till itself made it after
// the close (seq above the close's lastSeq) — not merely because it synced after the close.
import type { Problem, Sale, SessionEvent } from '../../shared/schemas/index.ts';
import { ORDER_REFUND_METHOD } from '../../shared/channel-api/order-returns.ts';
import { isStoredValueMethod } from '../../shared/stored-value/sale-value.ts';
import type { Tx } from '../db/db.ts';
import { loadAccountMap, writeEntry, type EntryHeader } from '../ledger/journal-store.ts';
import type { JournalLine } from '../ledger/journal.ts';
import { adjustClosedSession, closeTenders, postCashMovement, postSessionClose, type SessionPostingContext } from '../ledger/session-posting.ts';
import { RejectEventError } from '../events/errors.ts';
import { raiseOn, type ProblemsChanged } from './problems-store.ts';
import { checkCashMovement, settleCashOuts } from './cash-move-checks.ts';

/** A session changed owner between the ownership check and the session lock (two tills racing for one new id). */
export class SessionOwnerRaceError extends Error {
  readonly code = 'session_owner_race';
  constructor(sessionId: string) {
    super(`session ${sessionId} was created by another till while this batch was applied`);
    this.name = 'SessionOwnerRaceError';
  }
}

/** The till owning each existing session among `sessionIds`. */
export async function sessionOwners(tx: Tx, sessionIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await tx.query<{ id: string; till_id: string }>('SELECT id, till_id FROM till_sessions WHERE id = ANY($1::text[])', [[...new Set(sessionIds)]]);
  return new Map(rows.map((r) => [r.id, r.till_id]));
}

export function foreignSessionProblem(sale: Sale): Problem {
  return {
    code: 'foreign_session', severity: 'critical',
    message: `receipt ${sale.receiptNo} names session ${sale.sessionId}, which belongs to another till; the sale is kept but left out of that session`,
  };
}

interface SessionRow {
  id: string;
  till_id: string;
  site_id: string;
  closed_at: string | null;
  last_seq: number | null;
  opened_at: string | null;
}

export async function ensureSession(tx: Tx, s: { sessionId: string; tillId: string; siteId: string; cashierId: string }): Promise<void> {
  await tx.query(
    `INSERT INTO till_sessions (id, till_id, site_id, cashier_id) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
    [s.sessionId, s.tillId, s.siteId, s.cashierId],
  );
}

async function lockSession(tx: Tx, sessionId: string): Promise<SessionRow> {
  const [row] = await tx.query<SessionRow>('SELECT id, till_id, site_id, closed_at, last_seq, opened_at FROM till_sessions WHERE id = $1 FOR UPDATE', [sessionId]);
  if (!row) throw new Error(`session ${sessionId} vanished inside its transaction`);
  return row;
}

async function addExpected(tx: Tx, sessionId: string, method: string, delta: number): Promise<void> {
  await tx.query(
    `INSERT INTO session_tenders AS t (session_id, method, expected) VALUES ($1, $2, $3)
     ON CONFLICT (session_id, method) DO UPDATE SET expected = t.expected + EXCLUDED.expected`,
    [sessionId, method, delta],
  );
}

/** Expected amounts changed after the close: book them against cash differences. */
async function adjustIfClosed(tx: Tx, session: SessionRow, changes: readonly { method: string; delta: number }[], ctx: SessionPostingContext, eventId: string, at: string): Promise<void> {
  if (!session.closed_at) return;
  const lines = changes.flatMap((c) => adjustClosedSession(c.method, c.delta, session.till_id, ctx));
  await writeEntry(tx, { kind: 'late_adjustment', eventId, siteId: session.site_id, tillId: session.till_id, sessionId: session.id, entryDate: at, memo: 'arrived after close' }, lines);
}

/**
 * Adds a batch of sales and returns to their sessions in one statement: totals and expected
 * tender amounts. Returns late-sale problems (the till sold after closing) and, for sessions
 * already closed, the adjustment entries that keep the drawer at zero.
 */
export async function addSalesToSessions(
  tx: Tx,
  sales: readonly Sale[],
  ctx: SessionPostingContext,
): Promise<{ late: Map<string, Problem>; adjustments: { header: EntryHeader; lines: JournalLine[] }[] }> {
  if (sales.length === 0) return { late: new Map(), adjustments: [] };
  const totals = new Map<string, { id: string; till_id: string; site_id: string; cashier_id: string; sc: number; rc: number; st: number; rt: number; d: number; t: number }>();
  const tenders = new Map<string, { session: string; method: string; delta: number }>();
  for (const sale of sales) {
    const t = totals.get(sale.sessionId) ?? { id: sale.sessionId, till_id: sale.tillId, site_id: sale.siteId, cashier_id: sale.cashierId, sc: 0, rc: 0, st: 0, rt: 0, d: 0, t: 0 };
    const isReturn = sale.kind === 'return';
    t.sc += isReturn ? 0 : 1;
    t.rc += isReturn ? 1 : 0;
    t.st += isReturn ? 0 : sale.total;
    t.rt += isReturn ? sale.total : 0;
    t.d += sale.lines.reduce((a, l) => a + l.discount, 0);
    t.t += sale.lines.reduce((a, l) => a + l.taxes.reduce((b, x) => b + x.amount, 0), 0);
    totals.set(sale.sessionId, t);
    for (const p of sale.payments) {
      // Gift cards and store credit are spent, not taken in, and a refund to a channel order's own
      // payment is the channel's to pay: nothing of them is counted at close.
      if (isStoredValueMethod(p.method) || p.method === ORDER_REFUND_METHOD) continue;
      const key = `${sale.sessionId}|${p.method}`;
      const row = tenders.get(key) ?? { session: sale.sessionId, method: p.method, delta: 0 };
      row.delta += p.amount;
      tenders.set(key, row);
    }
  }
  // One statement (this runs inside the feed lock, where every round trip holds up every push):
  // a new session is created with the batch's totals, an existing one is locked (in id order) and
  // added to by the upsert; the expected tender amounts are added beside. RETURNING gives the
  // sessions as they now are — their owner, close and last seq are never changed here.
  const locked = await tx.query<SessionRow>(
    `WITH r AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id text, till_id text, site_id text, cashier_id text, sc int, rc int, st bigint, rt bigint, d bigint, t bigint)),
     tenders AS (
       INSERT INTO session_tenders AS t (session_id, method, expected)
       SELECT session, method, delta FROM jsonb_to_recordset($2::jsonb) AS r(session text, method text, delta bigint) ORDER BY session, method
       ON CONFLICT (session_id, method) DO UPDATE SET expected = t.expected + EXCLUDED.expected)
     INSERT INTO till_sessions AS s (id, till_id, site_id, cashier_id, sales_count, returns_count, sales_total, returns_total, discount_total, tax_total)
     SELECT id, till_id, site_id, cashier_id, sc, rc, st, rt, d, t FROM r ORDER BY id
     ON CONFLICT (id) DO UPDATE SET sales_count = s.sales_count + EXCLUDED.sales_count, returns_count = s.returns_count + EXCLUDED.returns_count,
       sales_total = s.sales_total + EXCLUDED.sales_total, returns_total = s.returns_total + EXCLUDED.returns_total,
       discount_total = s.discount_total + EXCLUDED.discount_total, tax_total = s.tax_total + EXCLUDED.tax_total
     RETURNING s.id, s.till_id, s.site_id, s.closed_at, s.last_seq, s.opened_at`,
    [JSON.stringify([...totals.values()]), JSON.stringify([...tenders.values()])],
  );
  const byId = new Map(locked.map((r) => [r.id, r]));
  // The batch path checks ownership before the feed lock; a till that created one of these
  // sessions since is caught here (what this statement added is rolled back with the batch), and
  // the push is redone one event at a time under the lock.
  for (const sale of sales) if (byId.get(sale.sessionId)?.till_id !== sale.tillId) throw new SessionOwnerRaceError(sale.sessionId);
  const late = new Map<string, Problem>();
  const adjustments: { header: EntryHeader; lines: JournalLine[] }[] = [];
  for (const sale of sales) {
    const session = byId.get(sale.sessionId);
    if (!session?.closed_at) continue;
    const lines = sale.payments.filter((p) => !isStoredValueMethod(p.method) && p.method !== ORDER_REFUND_METHOD).flatMap((p) => adjustClosedSession(p.method, p.amount, session.till_id, ctx));
    adjustments.push({ header: { kind: 'late_adjustment', eventId: sale.id, siteId: session.site_id, tillId: session.till_id, sessionId: session.id, entryDate: sale.createdAt, memo: 'arrived after close' }, lines });
    if (session.last_seq !== null && sale.seq > session.last_seq) late.set(sale.id, lateSaleProblem(sale.receiptNo, sale.seq, session.last_seq));
  }
  return { late, adjustments };
}

function lateSaleProblem(receiptNo: string, seq: number, lastSeq: number): Problem & { subject?: string } {
  return { code: 'late_sale', severity: 'warning', message: `receipt ${receiptNo} (seq ${seq}) was made after its session closed at seq ${lastSeq}` };
}

export async function applySessionEvent(tx: Tx, ev: SessionEvent, changed?: ProblemsChanged): Promise<Problem[]> {
  await ensureSession(tx, ev);
  const session = await lockSession(tx, ev.sessionId);
  if (session.till_id !== ev.tillId) {
    throw new RejectEventError('foreign_session', `session ${ev.sessionId} belongs to another till: a till can only ${ev.kind.replace('_', ' ')} its own sessions`);
  }
  const tenders = await tx.query<{ method: string }>('SELECT method FROM tenders WHERE is_cash');
  const cashMethods = new Set(tenders.map((t) => t.method));
  const ctx: SessionPostingContext = { accounts: await loadAccountMap(tx), isCashTender: (m) => cashMethods.has(m) };
  const header = { eventId: ev.id, siteId: ev.siteId, tillId: ev.tillId, sessionId: ev.sessionId, entryDate: ev.createdAt };

  if (ev.kind === 'open' || ev.kind === 'cash_in' || ev.kind === 'cash_out') {
    const amount = ev.amount ?? 0;
    const problems: Problem[] = [];
    if (ev.kind === 'open') {
      if (session.opened_at) problems.push({ code: 'duplicate_open', severity: 'warning', message: `session ${ev.sessionId} was opened twice; both floats are booked` });
      await tx.query('UPDATE till_sessions SET opened_at = coalesce(opened_at, $2), float = float + $3, cashier_id = $4 WHERE id = $1', [ev.sessionId, ev.createdAt, amount, ev.cashierId]);
    } else {
      await tx.query(`UPDATE till_sessions SET ${ev.kind} = ${ev.kind} + $2 WHERE id = $1`, [ev.sessionId, amount]);
    }
    const delta = ev.kind === 'cash_out' ? -amount : amount;
    await addExpected(tx, ev.sessionId, 'cash', delta);
    await writeEntry(tx, { ...header, kind: ev.kind === 'open' ? 'session_open' : ev.kind, memo: ev.reason ?? ev.kind }, postCashMovement(ev.kind, amount, ev.tillId, ctx));
    await adjustIfClosed(tx, session, [{ method: 'cash', delta }], ctx, ev.id, ev.createdAt);
    problems.push(...(await checkCashMovement(tx, ev)));
    if (ev.kind !== 'cash_out') await settleCashOuts(tx, ev.tillId, [ev.sessionId], changed);
    return problems;
  }

  if (session.closed_at) {
    return [{ code: 'session_already_closed', severity: 'warning', message: `session ${ev.sessionId} was already closed; this second close is recorded but not booked` }];
  }
  const expected = await tx.query<{ method: string; expected: string }>('SELECT method, expected FROM session_tenders WHERE session_id = $1', [ev.sessionId]);
  const rows = closeTenders(expected.map((e) => ({ method: e.method, amount: Number(e.expected) })), ev.counted ?? []);
  for (const r of rows) {
    await tx.query(
      `INSERT INTO session_tenders AS t (session_id, method, expected, counted) VALUES ($1, $2, 0, $3)
       ON CONFLICT (session_id, method) DO UPDATE SET counted = EXCLUDED.counted`,
      [ev.sessionId, r.method, r.counted],
    );
  }
  await writeEntry(tx, { ...header, kind: 'session_close', memo: 'close' }, postSessionClose(rows, ev.tillId, ctx));
  const lastSeq = ev.lastSeq ?? null;
  await tx.query('UPDATE till_sessions SET closed_at = $2, close_event_id = $3, last_seq = $4 WHERE id = $1', [ev.sessionId, ev.createdAt, ev.id, lastSeq]);
  if (lastSeq !== null) {
    const late = await tx.query<{ id: string; seq: number; receipt_no: string }>('SELECT id, seq, receipt_no FROM pos_sales WHERE session_id = $1 AND till_id = $3 AND seq > $2', [ev.sessionId, lastSeq, ev.tillId]);
    for (const s of late) await raiseOn(tx, s.id, { ...lateSaleProblem(s.receipt_no, s.seq, lastSeq), subject: `sale:${s.id}:late` }, changed);
    // The close names the till's last seq: sales deleted from the end of the chain show up here.
    // Gaps are found between the seqs that exist (bounded by the till's sales, at most 50 per gap),
    // never by enumerating 1..lastSeq: a hostile or corrupt lastSeq of 2^31 must not cost a scan of 2^31 rows.
    const missing = await tx.query<{ k: number }>(
      `WITH s AS (SELECT DISTINCT seq FROM (SELECT seq FROM pos_sales WHERE till_id = $1 AND seq <= $2::bigint UNION ALL SELECT 0 UNION ALL SELECT $2::bigint + 1) u),
            g AS (SELECT seq AS a, lead(seq) OVER (ORDER BY seq) AS b FROM s)
       SELECT k FROM (SELECT generate_series(a + 1, LEAST(b - 1, a + 50)) AS k FROM g WHERE b > a + 1) gaps ORDER BY k LIMIT 50`,
      [ev.tillId, lastSeq],
    );
    for (const { k } of missing) {
      await raiseOn(tx, ev.id, { code: 'seq_gap', severity: 'critical', message: `till ${ev.tillId}: seq ${k} is missing (the close says the till reached seq ${lastSeq})`, subject: `till:${ev.tillId}:seq:${k}` }, changed);
    }
  }
  return [];
}
