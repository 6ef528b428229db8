// Reading pricelists, promotions and coupons from their tables (migration 072) into the shapes of
// shared/pricing/pricing-rules.ts: for the admin API's lists, for publishing to devices, and for
// the server's recomputation of pushed sales.
import type { Coupon, Pricelist, PricelistItem, Promotion } from '../../shared/pricing/pricing-rules.ts';
import type { Queryable } from '../db/db.ts';

interface PricelistRow {
  id: string; name: string; site_ids: string[]; customer_group_ids: string[]; default_for_site_ids: string[]; sequence: number; active: boolean; updated_at: Date;
  items: { id: string; applies_to: PricelistItem['appliesTo']; min_qty: string | number | null; date_start: string | null; date_end: string | null; compute: PricelistItem['compute'] }[] | null;
}
interface PromotionRow {
  id: string; name: string; trigger: Promotion['trigger']; site_ids: string[]; channels: string[]; date_start: string | null; date_end: string | null;
  priority: number; exclusive: boolean; reward: Promotion['reward']; active: boolean; updated_at: Date;
}

export interface Stored<T> {
  rule: T;
  active: boolean;
  updatedAt: string;
}

const dates = (start: string | null, end: string | null): { dateStart?: string; dateEnd?: string } => ({
  ...(start ? { dateStart: start } : {}),
  ...(end ? { dateEnd: end } : {}),
});

export async function loadPricelists(q: Queryable, options: { ids?: readonly string[]; activeOnly?: boolean } = {}): Promise<Stored<Pricelist>[]> {
  const where = [options.ids ? 'p.id = ANY($1::text[])' : 'true', options.activeOnly ? 'p.active' : 'true'].join(' AND ');
  const rows = await q.query<PricelistRow>(
    `SELECT p.id, p.name, p.site_ids, p.customer_group_ids, p.default_for_site_ids, p.sequence, p.active, p.updated_at,
            (SELECT json_agg(json_build_object('id', i.id, 'applies_to', i.applies_to, 'min_qty', i.min_qty,
                    'date_start', to_char(i.date_start, 'YYYY-MM-DD'), 'date_end', to_char(i.date_end, 'YYYY-MM-DD'), 'compute', i.compute) ORDER BY i.position, i.id)
             FROM pricelist_items i WHERE i.pricelist_id = p.id) AS items
     FROM pricelists p WHERE ${where} ORDER BY p.sequence, p.id`,
    options.ids ? [[...options.ids]] : [],
  );
  return rows.map((r) => ({
    active: r.active,
    updatedAt: new Date(r.updated_at).toISOString(),
    rule: {
      id: r.id, name: r.name, siteIds: r.site_ids, customerGroupIds: r.customer_group_ids, defaultForSiteIds: r.default_for_site_ids, sequence: r.sequence,
      items: (r.items ?? []).map((i) => ({
        id: i.id, appliesTo: i.applies_to, ...(i.min_qty !== null ? { minQty: Number(i.min_qty) } : {}), ...dates(i.date_start, i.date_end), compute: i.compute,
      })),
    },
  }));
}

export async function loadPromotions(q: Queryable, options: { ids?: readonly string[]; activeOnly?: boolean } = {}): Promise<Stored<Promotion>[]> {
  const where = [options.ids ? 'id = ANY($1::text[])' : 'true', options.activeOnly ? 'active' : 'true'].join(' AND ');
  const rows = await q.query<PromotionRow>(
    `SELECT id, name, trigger, site_ids, channels, to_char(date_start, 'YYYY-MM-DD') AS date_start, to_char(date_end, 'YYYY-MM-DD') AS date_end,
            priority, exclusive, reward, active, updated_at
     FROM promotions WHERE ${where} ORDER BY priority, id`,
    options.ids ? [[...options.ids]] : [],
  );
  return rows.map((r) => ({
    active: r.active,
    updatedAt: new Date(r.updated_at).toISOString(),
    rule: {
      id: r.id, name: r.name, trigger: r.trigger, siteIds: r.site_ids, channels: r.channels, ...dates(r.date_start, r.date_end),
      priority: r.priority, exclusive: r.exclusive, reward: r.reward,
    },
  }));
}

export async function loadCoupons(q: Queryable, codes?: readonly string[]): Promise<(Coupon & { uses: number; createdAt: string })[]> {
  const rows = await q.query<{ code: string; promotion_id: string; max_uses: number; created_at: Date; uses: number }>(
    `SELECT c.code, c.promotion_id, c.max_uses, c.created_at, (SELECT count(*)::int FROM coupon_uses u WHERE u.code = c.code AND u.released_at IS NULL) AS uses
     FROM coupons c ${codes ? 'WHERE c.code = ANY($1::text[])' : ''} ORDER BY c.code`,
    codes ? [[...codes]] : [],
  );
  return rows.map((r) => ({ code: r.code, promotionId: r.promotion_id, maxUses: r.max_uses, uses: r.uses, createdAt: new Date(r.created_at).toISOString() }));
}
