// Till sessions on the server: totals kept incrementally as sales and session events arrive
// (so close and the Z report never scan sales), and the session events' own application.
// Events of one session may arrive in any order; the rules in ledger/session-posting.ts make the
// final balances independent of it, and a sale is "late" only if the till itself made it after
// the close (seq above the close's lastSeq) — not merely because it synced after the close.
import type { Problem, Sale, SessionEvent } from '../../shared/schemas/index.ts';
import type { Tx } from '../db/db.ts';
import { loadAccountMap, writeEntry } from '../ledger/journal-store.ts';
import { adjustClosedSession, closeTenders, postCashMovement, postSessionClose, type SessionPostingContext } from '../ledger/session-posting.ts';
import { raiseOn, type ProblemsChanged } from './problems-store.ts';

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

/** Adds a sale or return to its session; returns a late-sale problem when the till sold after closing. */
export async function addToSession(tx: Tx, sale: Sale, amounts: { tax: number; discount: number }, ctx: SessionPostingContext): Promise<Problem | null> {
  const session = await lockSession(tx, sale.sessionId);
  const isReturn = sale.kind === 'return';
  await tx.query(
    `UPDATE till_sessions SET
       sales_count = sales_count + $2, returns_count = returns_count + $3,
       sales_total = sales_total + $4, returns_total = returns_total + $5,
       discount_total = discount_total + $6, tax_total = tax_total + $7
     WHERE id = $1`,
    [sale.sessionId, isReturn ? 0 : 1, isReturn ? 1 : 0, isReturn ? 0 : sale.total, isReturn ? sale.total : 0, amounts.discount, amounts.tax],
  );
  const byMethod = new Map<string, number>();
  for (const p of sale.payments) byMethod.set(p.method, (byMethod.get(p.method) ?? 0) + p.amount);
  for (const [method, delta] of byMethod) await addExpected(tx, sale.sessionId, method, delta);
  await adjustIfClosed(tx, session, [...byMethod].map(([method, delta]) => ({ method, delta })), ctx, sale.id, sale.createdAt);
  if (session.closed_at && session.last_seq !== null && sale.seq > session.last_seq) return lateSaleProblem(sale.receiptNo, sale.seq, session.last_seq);
  return null;
}

function lateSaleProblem(receiptNo: string, seq: number, lastSeq: number): Problem & { subject?: string } {
  return { code: 'late_sale', severity: 'warning', message: `receipt ${receiptNo} (seq ${seq}) was made after its session closed at seq ${lastSeq}` };
}

export async function applySessionEvent(tx: Tx, ev: SessionEvent, changed?: ProblemsChanged): Promise<Problem[]> {
  await ensureSession(tx, ev);
  const session = await lockSession(tx, ev.sessionId);
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
    const late = await tx.query<{ id: string; seq: number; receipt_no: string }>('SELECT id, seq, receipt_no FROM pos_sales WHERE session_id = $1 AND seq > $2', [ev.sessionId, lastSeq]);
    for (const s of late) await raiseOn(tx, s.id, { ...lateSaleProblem(s.receipt_no, s.seq, lastSeq), subject: `sale:${s.id}:late` }, changed);
    // The close names the till's last seq: sales deleted from the end of the chain show up here.
    const missing = await tx.query<{ k: number }>(
      `SELECT k FROM generate_series(1, $2::int) AS k WHERE NOT EXISTS (SELECT 1 FROM pos_sales WHERE till_id = $1 AND seq = k) ORDER BY k LIMIT 50`,
      [ev.tillId, lastSeq],
    );
    for (const { k } of missing) {
      await raiseOn(tx, ev.id, { code: 'seq_gap', severity: 'critical', message: `till ${ev.tillId}: seq ${k} is missing (the close says the till reached seq ${lastSeq})`, subject: `till:${ev.tillId}:seq:${k}` }, changed);
    }
  }
  return [];
}
