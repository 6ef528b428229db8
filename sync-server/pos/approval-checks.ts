// Approvals checked by the server (issue 14): the till asks a supervisor PIN before a reduction
// beyond the limit, but a till can be wrong or lied to, so the server judges every pushed sale
// again with the same rule (shared/pricing/approval-reduction.ts) against the configured limits,
// and checks that every approver it names is a real, active supervisor (or manager/admin) and that
// the cashier exists. Like every other check it flags the sale as an exception — never drops it.
import { lineReduction } from '../../shared/pricing/approval-reduction.ts';
import { linePromotionTotal } from '../../shared/pricing/sale-pricing.ts';
import type { ApprovalSettings, Problem, Sale } from '../../shared/schemas/index.ts';
import type { Queryable } from '../db/db.ts';

export interface KnownUser {
  role: string;
  active: boolean;
  displayName: string;
}

export interface ApprovalContext {
  approvals: ApprovalSettings;
  user(id: string): KnownUser | undefined;
}

/** Roles that may approve at the till, as the till's own supervisor prompt accepts them. */
export const APPROVER_ROLES: ReadonlySet<string> = new Set(['supervisor', 'manager', 'admin']);

/** Without configured limits every reduction needs a supervisor: the safe reading of a missing setting. */
const STRICT: ApprovalSettings = { maxDiscountPercent: 0, maxPriceOverridePercent: 0 };

const isApprover = (u: KnownUser | undefined): boolean => !!u && u.active && APPROVER_ROLES.has(u.role);

function approverProblems(sale: Sale, ctx: ApprovalContext): Problem[] {
  const named = new Set<string>();
  if (sale.orderDiscountApprovedBy) named.add(sale.orderDiscountApprovedBy);
  for (const l of sale.lines) {
    if (l.discountApprovedBy) named.add(l.discountApprovedBy);
    if (l.priceOverride?.approvedBy) named.add(l.priceOverride.approvedBy);
  }
  const out: Problem[] = [];
  for (const id of named) {
    const user = ctx.user(id);
    if (!user) out.push({ code: 'unknown_approver', severity: 'critical', message: `receipt ${sale.receiptNo}: approved by "${id}", who is not a user` });
    else if (!isApprover(user)) {
      out.push({ code: 'approver_not_supervisor', severity: 'critical', message: `receipt ${sale.receiptNo}: approved by ${user.displayName}, who is ${user.active ? `a ${user.role}` : 'inactive'}, not a supervisor` });
    }
  }
  return out;
}

export function checkApprovals(sale: Sale, ctx: ApprovalContext): Problem[] {
  const out: Problem[] = [];
  const cashier = ctx.user(sale.cashierId);
  if (!cashier) out.push({ code: 'unknown_cashier', severity: 'critical', message: `receipt ${sale.receiptNo}: cashier "${sale.cashierId}" is not a user` });
  out.push(...approverProblems(sale, ctx));
  // A refund mirrors a sale whose reductions were judged when it was sold.
  if (sale.kind !== 'sale') return out;
  for (const line of sale.lines) {
    // A collected order's line is charged at the order's price and promotions, judged against the
    // order (pickup-handover.ts, pickup_price_mismatch), not a reduction the cashier made.
    if (sale.pickup && line.orderLineId !== undefined) continue;
    // Promotions and loyalty points are not the cashier's reductions (pricing-checks.ts and
    // stored-value/loyalty-checks.ts judge them): only the rest counts.
    const r = lineReduction(
      { lineId: line.lineId, qty: line.qty, listPrice: line.priceOverride?.originalPrice ?? line.unitPrice, unitPrice: line.unitPrice, discount: line.discount - linePromotionTotal(line) - (line.loyaltyDiscount ?? 0) },
      ctx.approvals,
    );
    if (!r.needsApproval) continue;
    const approvers = [line.priceOverride?.approvedBy, line.discountApprovedBy, sale.orderDiscount ? sale.orderDiscountApprovedBy : undefined];
    if (approvers.some((id) => id !== undefined && isApprover(ctx.user(id)))) continue;
    out.push({
      code: 'approval_missing',
      severity: 'critical',
      message: `receipt ${sale.receiptNo}: ${line.name ?? line.productId} sold ${r.percent.toFixed(1)} % below its list price (limit ${ctx.approvals.maxDiscountPercent} %) without a supervisor's approval`,
    });
  }
  return out;
}

/** Loads the limits and every user a batch of sales names, in two queries. */
export async function loadApprovalContext(q: Queryable, sales: readonly Sale[]): Promise<ApprovalContext> {
  const ids = new Set<string>();
  for (const s of sales) {
    ids.add(s.cashierId);
    if (s.orderDiscountApprovedBy) ids.add(s.orderDiscountApprovedBy);
    for (const l of s.lines) {
      if (l.discountApprovedBy) ids.add(l.discountApprovedBy);
      if (l.priceOverride?.approvedBy) ids.add(l.priceOverride.approvedBy);
    }
    for (const p of s.payments) if (p.approvedBy) ids.add(p.approvedBy);
  }
  const users = await q.query<{ id: string; role: string; active: boolean; display_name: string }>(
    'SELECT id, role, active, display_name FROM users WHERE id = ANY($1::text[])',
    [[...ids]],
  );
  const byId = new Map(users.map((u) => [u.id, { role: u.role, active: u.active, displayName: u.display_name }]));
  return { approvals: await loadApprovalSettings(q), user: (id) => byId.get(id) };
}

/** The configured limits (the `approvals` setting); every reduction needs approval when it is missing. */
export async function loadApprovalSettings(q: Queryable): Promise<ApprovalSettings> {
  const [setting] = await q.query<{ value: Partial<ApprovalSettings> }>(`SELECT value FROM settings WHERE key = 'approvals'`);
  const v = setting?.value;
  if (typeof v?.maxDiscountPercent !== 'number' || typeof v.maxPriceOverridePercent !== 'number') return STRICT;
  return {
    maxDiscountPercent: v.maxDiscountPercent,
    maxPriceOverridePercent: v.maxPriceOverridePercent,
    ...(typeof v.maxCashMovement === 'number' ? { maxCashMovement: v.maxCashMovement } : {}),
    ...(typeof v.maxCashMovedPerSession === 'number' ? { maxCashMovedPerSession: v.maxCashMovedPerSession } : {}),
  };
}
