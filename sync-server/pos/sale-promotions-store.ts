// What a sale's promotions leave in the database (issue 17): the amount per promotion and line (for
// "promotion cost per promotion"), and coupon uses, counted by the server: a till offline can check a code's format and its
// replicated list, never how often other tills used it. Each sale's codes are recorded once
// (coupon_uses, keyed by code and sale); the sale that takes a code past its limit is flagged as
// an exception — it happened, so it is applied all the same. Runs under the feed lock (see
// apply-sale.ts), so concurrent pushes count one after the other, and under the codes' row locks,
// which channel orders take too (their uses count against the same limit).
import { normalizeCouponCode } from '../../shared/pricing/coupon-code.ts';
import type { Problem, Sale } from '../../shared/schemas/index.ts';
import type { Tx } from '../db/db.ts';
import { lockCouponCounts } from '../pricing/coupon-uses.ts';

export async function recordCouponUses(tx: Tx, sales: readonly Sale[]): Promise<Map<string, Problem[]>> {
  const out = new Map<string, Problem[]>();
  const uses = sales
    .filter((s) => s.kind === 'sale')
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1))
    .flatMap((s) => [...new Set((s.couponCodes ?? []).map(normalizeCouponCode))].map((code) => ({ sale: s, code })));
  if (uses.length === 0) return out;
  const codes = [...new Set(uses.map((u) => u.code))];
  // Locked: a channel order (warehouse/order-pricing.ts) counts the same codes without the feed lock.
  const limits = await lockCouponCounts(tx, codes);
  await tx.query(
    `INSERT INTO coupon_uses (code, sale_id) SELECT r.code, r.sale_id FROM jsonb_to_recordset($1::jsonb) AS r(code text, sale_id text) ON CONFLICT DO NOTHING`,
    [JSON.stringify(uses.map((u) => ({ code: u.code, sale_id: u.sale.id })))],
  );
  const count = new Map([...limits.values()].map((l) => [l.code, l.used]));
  for (const { sale, code } of uses) {
    const limit = limits.get(code);
    if (!limit) continue; // an unknown code is raised by the pricing check (coupon_invalid)
    const n = (count.get(code) ?? 0) + 1;
    count.set(code, n);
    if (n <= limit.maxUses) continue;
    const list = out.get(sale.id) ?? [];
    list.push({
      code: 'coupon_overused',
      severity: 'warning',
      message: `receipt ${sale.receiptNo}: coupon ${code} ("${limit.name}") used ${n} times, limit ${limit.maxUses} — another till or a channel order used it while this one was offline`,
    });
    out.set(sale.id, list);
  }
  return out;
}

/** What each promotion took off each line, for "promotion cost per promotion" (docs/ledger.md). */
export async function insertLinePromotions(tx: Tx, sales: readonly Sale[]): Promise<void> {
  const rows = sales.flatMap((s) => s.lines.flatMap((l) => (l.promotions ?? []).map((p) => ({ sale_id: s.id, line_id: l.lineId, promotion_id: p.promotionId, amount: p.amount }))));
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO pos_sale_line_promotions (sale_id, line_id, promotion_id, amount)
     SELECT sale_id, line_id, promotion_id, sum(amount) FROM jsonb_to_recordset($1::jsonb) AS r(sale_id text, line_id text, promotion_id text, amount bigint)
     GROUP BY sale_id, line_id, promotion_id
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(rows)],
  );
}
