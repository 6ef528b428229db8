// Promotions page (issue 17 "Reports"): what each promotion and coupon gave away over the period,
// per site and channel — from the per-line amounts the server stores with every sale it applies
// (pos_sale_line_promotions, the figures the server checked against its own pricing) and with every
// channel order it takes (order_line_promotions, priced by the server: warehouse/order-pricing.ts) —
// and the stored-value liability beside its ledger accounts (gift cards, store credit, loyalty
// points; as of now). A sale counts on the store day of its createdAt in its site's zone, as on
// every report page; a channel order on the day it was taken, in its pickup store's zone (a delivery:
// the report's zone), under its pickup store or, for a delivery (priced at no store), under no site
// (`site` empty). An order counts as it was priced at intake, cancelled or not — as a refunded till
// sale does. Returns carry none.
import type { LiabilityRow, PromotionCostRow, PromotionsReport } from '../../shared/reports/report-types.ts';
import type { Queryable } from '../db/db.ts';
import { liabilityReport } from '../stored-value/value-report.ts';
import { addDays, type ReportFilters } from './filters.ts';

const TILL_CHANNEL = 'pos';

export async function promotionsReport(db: Queryable, f: ReportFilters): Promise<PromotionsReport> {
  const rows = await db.query<{
    promotion_id: string | null; promotion: string; trigger: string; site: string; channel: string; sales: number; lines: number; amount: string; coupon_uses: number;
  }>(
    // The UTC bounds are a day wider than any zone, for the index; the store day decides.
    `WITH given AS (
       SELECT lp.sale_id AS doc_id, lp.promotion_id, lp.amount, st.code AS site, '${TILL_CHANNEL}'::text AS channel
       FROM pos_sale_line_promotions lp JOIN pos_sales s ON s.id = lp.sale_id JOIN sites st ON st.id = s.site_id
       WHERE ($6::text IS NULL OR $6 = '${TILL_CHANNEL}')
         AND s.created_at >= $1::date AND s.created_at < $2::date AND ($5::text IS NULL OR s.site_id = $5)
         AND (s.created_at AT TIME ZONE st.time_zone)::date BETWEEN $3::date AND $4::date
       UNION ALL
       SELECT lp.order_id, lp.promotion_id, lp.amount, coalesce(st.code, ''), o.channel
       FROM order_line_promotions lp JOIN orders o ON o.id = lp.order_id LEFT JOIN sites st ON st.id = o.pickup_site_id
       WHERE ($6::text IS NULL OR o.channel = $6)
         AND o.created_at >= $1::date AND o.created_at < $2::date AND ($5::text IS NULL OR o.pickup_site_id = $5)
         AND (o.created_at AT TIME ZONE coalesce(st.time_zone, $7))::date BETWEEN $3::date AND $4::date
     ), uses AS (
       SELECT c.promotion_id, g.site, g.channel, count(*)::int AS n
       FROM (SELECT DISTINCT doc_id, promotion_id, site, channel FROM given) g
       JOIN coupon_uses u ON u.sale_id = g.doc_id JOIN coupons c ON c.code = u.code AND c.promotion_id = g.promotion_id
       GROUP BY 1, 2, 3
     )
     SELECT g.promotion_id, coalesce(p.name, g.promotion_id) AS promotion, coalesce(p.trigger, '') AS trigger, g.site, g.channel,
            count(DISTINCT g.doc_id)::int AS sales, count(*)::int AS lines, sum(g.amount) AS amount, coalesce(max(u.n), 0)::int AS coupon_uses
     FROM given g LEFT JOIN promotions p ON p.id = g.promotion_id
     LEFT JOIN uses u ON u.promotion_id = g.promotion_id AND u.site = g.site AND u.channel = g.channel
     GROUP BY GROUPING SETS ((g.promotion_id, p.name, p.trigger, g.site, g.channel), ()) -- () = the totals row (distinct sales and orders)
     ORDER BY sum(g.amount) DESC, 2, g.site, g.channel`,
    [addDays(f.from, -1), addDays(f.to, 2), f.from, f.to, f.siteId, f.channel, f.timeZone],
  );
  const total = rows.find((r) => r.promotion_id === null);
  const promotions: PromotionCostRow[] = rows.flatMap((r) => (r.promotion_id === null ? [] : [{
    promotionId: r.promotion_id, promotion: r.promotion, trigger: r.trigger, site: r.site, channel: r.channel,
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
