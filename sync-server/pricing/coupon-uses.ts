// How often coupon codes were used, read under their rows' lock: till sales (pos/sale-promotions-store.ts)
// and channel orders (warehouse/order-pricing.ts) share one limit per code, so both lock the codes'
// rows (in code order) before counting their uses. The count is a second statement: under READ
// COMMITTED it sees the uses that the transaction we waited for committed, which a count in the
// locking statement itself (its snapshot taken before the wait) would miss.
import type { Tx } from '../db/db.ts';

export interface CouponCount {
  code: string;
  promotionId: string;
  maxUses: number;
  /** The promotion's name. */
  name: string;
  used: number;
}

/** Locks the known codes among `codes` and returns their limits and uses; unknown codes are left out. */
export async function lockCouponCounts(tx: Tx, codes: readonly string[]): Promise<Map<string, CouponCount>> {
  if (codes.length === 0) return new Map();
  const list = [...new Set(codes)].sort();
  await tx.query('SELECT code FROM coupons WHERE code = ANY($1::text[]) ORDER BY code FOR UPDATE', [list]);
  const rows = await tx.query<{ code: string; promotion_id: string; max_uses: number; name: string; used: number }>(
    `SELECT c.code, c.promotion_id, c.max_uses, p.name, (SELECT count(*)::int FROM coupon_uses u WHERE u.code = c.code AND u.released_at IS NULL) AS used
     FROM coupons c JOIN promotions p ON p.id = c.promotion_id WHERE c.code = ANY($1::text[])`,
    [list],
  );
  return new Map(rows.map((r) => [r.code, { code: r.code, promotionId: r.promotion_id, maxUses: r.max_uses, name: r.name, used: r.used }]));
}
