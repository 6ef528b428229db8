// When a cash movement needs a supervisor: above the per-movement limit, above the per-session
// limit (everything moved in and out this session), or a cash-out that would take the drawer's
// expected cash below zero. Pure and shared: the till asks for the PIN by it, the server
// (sync-server/pos/cash-move-checks.ts) judges every pushed movement again by it.
import type { ApprovalSettings } from '../schemas/index.ts';

export interface CashMoveInput {
  kind: 'cash_in' | 'cash_out';
  amount: number;
  /** Σ of the amounts of this session's earlier cash in / cash out events. */
  movedThisSession: number;
  /** Cash the drawer should hold now (float + cash taken − change + in − out). */
  expectedCash: number;
}

export type CashMoveReason = 'movement-limit' | 'session-limit' | 'below-zero';

/** The reasons this movement needs a supervisor PIN (empty: the cashier may do it alone). */
export function cashMoveApprovalReasons(move: CashMoveInput, approvals: ApprovalSettings): CashMoveReason[] {
  const out: CashMoveReason[] = [];
  if (approvals.maxCashMovement !== undefined && move.amount > approvals.maxCashMovement) out.push('movement-limit');
  if (approvals.maxCashMovedPerSession !== undefined && move.movedThisSession + move.amount > approvals.maxCashMovedPerSession) out.push('session-limit');
  if (move.kind === 'cash_out' && move.expectedCash - move.amount < 0) out.push('below-zero');
  return out;
}
