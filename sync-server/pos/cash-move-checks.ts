// Cash movements judged by the server (issue 12 point 3, issue 14 point 2): the till asks a
// supervisor PIN for a cash in / cash out above the limit per movement or per session, or for a
// cash-out taking the drawer's expected cash below zero (shared/money/cash-move-rules.ts). A till
// can be wrong or lied to, so each pushed movement is judged again by the same rule against the
// configured limits, and its approver must be an active supervisor who works at the movement's
// site (user_sites), or a manager/admin. Flagged, never dropped: the cash was moved.
//
// The session's state before the movement is rebuilt from what the server holds, ordered by the
// till's own clock (createdAt), so the verdict does not depend on the order events arrived in. A
// cash-out flagged below zero is settled when what it was taken from (the float, a cash-in, cash
// sales the till made before it) arrives after it: settleCashOuts.
import { cashMoveApprovalReasons, type CashMoveReason } from '../../shared/money/cash-move-rules.ts';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import type { Problem, SessionEvent } from '../../shared/schemas/index.ts';
import type { Tx } from '../db/db.ts';
import { APPROVER_ROLES, loadApprovalSettings } from './approval-checks.ts';
import type { ProblemsChanged } from './problems-store.ts';

interface Approver {
  role: string;
  active: boolean;
  display_name: string;
  at_site: boolean;
}

/** Cash the drawer should hold, and cash moved in and out, before `ev` (by the till's clock). */
async function sessionBefore(tx: Tx, ev: SessionEvent): Promise<{ expectedCash: number; movedThisSession: number }> {
  const moves = await tx.query<{ kind: string; amount: string | null }>(
    `SELECT payload->>'kind' AS kind, payload->>'amount' AS amount FROM events
     WHERE collection = 'sessions' AND device_id = $1 AND payload->>'sessionId' = $2 AND id <> $3
       AND ((payload->>'createdAt')::timestamptz, id) < ($4::timestamptz, $3)`,
    [ev.tillId, ev.sessionId, ev.id, ev.createdAt],
  );
  let expectedCash = 0;
  let movedThisSession = 0;
  for (const m of moves) {
    const amount = Number(m.amount ?? 0);
    if (m.kind === 'open' || m.kind === 'cash_in') expectedCash += amount;
    if (m.kind === 'cash_out') expectedCash -= amount;
    if (m.kind === 'cash_in' || m.kind === 'cash_out') movedThisSession += amount;
  }
  // Cash taken by the session's sales (less refunds) made before the movement.
  const [sold] = await tx.query<{ cash: string | null }>(
    `SELECT sum((p->>'amount')::bigint) AS cash
     FROM pos_sales s JOIN events e ON e.id = s.id, jsonb_array_elements(e.payload->'payments') p
     WHERE s.session_id = $1 AND s.till_id = $2 AND s.created_at < $3::timestamptz
       AND p->>'method' IN (SELECT method FROM tenders WHERE is_cash)`,
    [ev.sessionId, ev.tillId, ev.createdAt],
  );
  return { expectedCash: expectedCash + Number(sold?.cash ?? 0), movedThisSession };
}

/** Problems of a cash in / cash out: over a limit or below zero without a valid approver, and an approver who is no supervisor here. */
export async function checkCashMovement(tx: Tx, ev: SessionEvent): Promise<Problem[]> {
  if (ev.kind !== 'cash_in' && ev.kind !== 'cash_out') return [];
  const [site] = await tx.query<{ currency: string; name: string }>('SELECT currency, name FROM sites WHERE id = $1', [ev.siteId]);
  const money = (n: number): string => formatMoneyWithSymbol(n, site?.currency ?? 'EUR');
  const amount = ev.amount ?? 0;
  const what = `${ev.kind === 'cash_in' ? 'Cash in' : 'Cash out'} of ${money(amount)}${ev.reason ? ` (${ev.reason})` : ''}`;
  const out: Problem[] = [];

  let approved = false;
  if (ev.approvedBy) {
    const [user] = await tx.query<Approver>(
      `SELECT u.role, u.active, u.display_name, EXISTS (SELECT 1 FROM user_sites us WHERE us.user_id = u.id AND us.site_id = $2) AS at_site
       FROM users u WHERE u.id = $1`,
      [ev.approvedBy, ev.siteId],
    );
    if (!user) out.push({ code: 'unknown_approver', severity: 'critical', message: `${what}: approved by "${ev.approvedBy}", who is not a user` });
    else if (!user.active || !APPROVER_ROLES.has(user.role) || (user.role === 'supervisor' && !user.at_site)) {
      const why = !user.active ? 'inactive' : !APPROVER_ROLES.has(user.role) ? `a ${user.role}` : `a supervisor at another site than ${site?.name ?? ev.siteId}`;
      out.push({ code: 'approver_not_supervisor', severity: 'critical', message: `${what}: approved by ${user.display_name}, who is ${why}, not a supervisor here` });
    } else approved = true;
  }
  if (approved) return out;

  const limits = await loadApprovalSettings(tx);
  const before = await sessionBefore(tx, ev);
  const reasons = cashMoveApprovalReasons({ kind: ev.kind, amount, ...before }, limits);
  const overLimit = reasons.filter((r): r is Exclude<CashMoveReason, 'below-zero'> => r !== 'below-zero');
  if (overLimit.length > 0) {
    const limitText = overLimit.map((r) =>
      r === 'movement-limit' ? `above the limit of ${money(limits.maxCashMovement ?? 0)} per movement` : `above the ${money(limits.maxCashMovedPerSession ?? 0)} moved per session (${money(before.movedThisSession)} before it)`,
    );
    out.push({ code: 'cash_move_unapproved', severity: 'critical', message: `${what}: ${limitText.join(' and ')}, without a supervisor's approval` });
  }
  if (reasons.includes('below-zero')) {
    out.push({ code: 'cash_out_below_zero', severity: 'critical', message: `${what} takes the drawer below zero (it should hold ${money(before.expectedCash)}), without a supervisor's approval` });
  }
  return out;
}

/**
 * Settles `cash_out_below_zero` of these sessions' cash-outs that are no longer below zero: the
 * float, a cash-in or cash sales the till made before them arrived after them (an offline till
 * pushes its collections side by side, in any order).
 */
export async function settleCashOuts(tx: Tx, tillId: string, sessionIds: readonly string[], changed?: ProblemsChanged): Promise<void> {
  if (sessionIds.length === 0) return;
  const open = await tx.query<{ id: string; event_id: string; payload: SessionEvent }>(
    `SELECT p.id, p.event_id, e.payload FROM event_problems p JOIN events e ON e.id = p.event_id
     WHERE p.code = 'cash_out_below_zero' AND p.resolved_at IS NULL AND e.device_id = $1 AND e.payload->>'sessionId' = ANY($2::text[])`,
    [tillId, [...new Set(sessionIds)]],
  );
  const settled: string[] = [];
  for (const problem of open) {
    const before = await sessionBefore(tx, problem.payload);
    if (before.expectedCash - (problem.payload.amount ?? 0) < 0) continue;
    await tx.query(`UPDATE event_problems SET resolved_at = now(), resolution_note = 'the cash it was taken from arrived after it' WHERE id = $1`, [problem.id]);
    settled.push(problem.event_id);
  }
  if (settled.length > 0) await changed?.(tx, settled);
}
