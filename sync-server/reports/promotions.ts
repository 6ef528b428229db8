// Promotions page (issue 17 "Reports"): what each promotion and coupon gave away over the period,
// per site and channel — from the per-line amounts the server stores with every sale it applies
// (pos_sale_line_promotions, the figures the server checked against its own pricing) — and the
// stored-value liability beside its ledger accounts (gift cards, store credit, loyalty points; as of
// now). A sale counts on the store day of its createdAt in its site's zone, as on every report page.
// Promotions are recorded on till sales only (channel `pos`); returns carry none.
import type { LiabilityRow, PromotionCostRow, PromotionsReport } from '../../shared/reports/report-types.ts';
import type { Queryable } from '../db/db.ts';
import { liabilityReport } from '../stored-value/value-report.ts';
import { addDays, type ReportFilters } from './filters.ts';

const TILL_CHANNEL = 'pos';

export async function promotionsReport(db: Queryable, f: ReportFilters): Promise<PromotionsReport> {
  const rows = f.channel !== null && f.channel !== TILL_CHANNEL ? [] : await db.query<{
    promotion_id: string | null; promotion: string; trigger: string; site: string; sales: number; lines: number; amount: string; coupon_uses: number;
  }>(
    // The UTC bounds are a day wider than any zone, for the index; the store day decides.
    `WITH given AS (
       SELECT lp.sale_id, lp.promotion_id, lp.amount, s.site_id
       FROM pos_sale_line_promotions lp JOIN pos_sales s ON s.id = lp.sale_id JOIN sites st ON st.id = s.site_id
       WHERE s.created_at >= $1::date AND s.created_at < $2::date AND ($5::text IS NULL OR s.site_id = $5)
         AND (s.created_at AT TIME ZONE st.time_zone)::date BETWEEN $3::date AND $4::date
     ), uses AS (
       SELECT c.promotion_id, g.site_id, count(*)::int AS n
       FROM (SELECT DISTINCT sale_id, promotion_id, site_id FROM given) g
       JOIN coupon_uses u ON u.sale_id = g.sale_id JOIN coupons c ON c.code = u.code AND c.promotion_id = g.promotion_id
       GROUP BY 1, 2
     )
     SELECT g.promotion_id, coalesce(p.name, g.promotion_id) AS promotion, coalesce(p.trigger, '') AS trigger, st.code AS site,
            count(DISTINCT g.sale_id)::int AS sales, count(*)::int AS lines, sum(g.amount) AS amount, coalesce(max(u.n), 0)::int AS coupon_uses
     FROM given g JOIN sites st ON st.id = g.site_id LEFT JOIN promotions p ON p.id = g.promotion_id
     LEFT JOIN uses u ON u.promotion_id = g.promotion_id AND u.site_id = g.site_id
     GROUP BY GROUPING SETS ((g.promotion_id, p.name, p.trigger, st.code), ()) -- () = the totals row (distinct sales)
     ORDER BY sum(g.amount) DESC, 2, st.code`,
    [addDays(f.from, -1), addDays(f.to, 2), f.from, f.to, f.siteId],
  );
  const total = rows.find((r) => r.promotion_id === null);
  const promotions: PromotionCostRow[] = rows.flatMap((r) => (r.promotion_id === null ? [] : [{
    promotionId: r.promotion_id, promotion: r.promotion, trigger: r.trigger, site: r.site, channel: TILL_CHANNEL,
    sales: r.sales, lines: r.lines, amount: Number(r.amount), couponUses: r.coupon_uses,
  }]));
  const stored = await liabilityReport(db);
  const liability: LiabilityRow[] = stored.lines.map((l) => ({
    kind: l.kind, label: l.label, account: l.account, holders: l.holders, outstanding: l.outstanding, booked: l.booked, ledger: l.ledger,
    agrees: l.booked === l.ledger && (l.kind === 'points' || l.booked === l.outstanding),
  }));
  return {
    promotions,
    totals: {
      promotions: new Set(promotions.map((p) => p.promotionId)).size,
      sales: total?.sales ?? 0,
      amount: promotions.reduce((a, p) => a + p.amount, 0),
    },
    liability,
    balanced: liability.every((l) => l.agrees),
  };
}
