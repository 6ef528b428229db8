// Pricelists, promotions and coupons go to devices as `config` entries (kinds pricelist, promotion,
// coupon; shared/schemas/config-entry.ts), not as collections of their own: a till already opens 7
// of RxDB's 13 collections (docs/collections.md). A deactivated rule is withdrawn (deleted).
// Everything goes to every device: a rule's sites are part of the rule, read by shared/pricing.
import type { Tx } from '../db/db.ts';
import { loadCoupons, loadPricelists, loadPromotions } from '../pricing/pricing-store.ts';
import { publishDocs, scopeAll } from './publish.ts';

export const pricelistEntryId = (id: string): string => `pricelist:${id}`;
export const promotionEntryId = (id: string): string => `promotion:${id}`;
export const couponEntryId = (code: string): string => `coupon:${code}`;

export async function publishPricelists(tx: Tx, ids?: readonly string[]): Promise<void> {
  const rows = await loadPricelists(tx, ids ? { ids } : {});
  await publishDocs(tx, 'config', rows.map((p) => {
    const id = pricelistEntryId(p.rule.id);
    return { id, scope: scopeAll, deleted: !p.active, doc: { id, kind: 'pricelist', data: p.rule, updatedAt: p.updatedAt } };
  }));
}

export async function publishPromotions(tx: Tx, ids?: readonly string[]): Promise<void> {
  const rows = await loadPromotions(tx, ids ? { ids } : {});
  await publishDocs(tx, 'config', rows.map((p) => {
    const id = promotionEntryId(p.rule.id);
    return { id, scope: scopeAll, deleted: !p.active, doc: { id, kind: 'promotion', data: p.rule, updatedAt: p.updatedAt } };
  }));
}

export async function publishCoupons(tx: Tx, codes?: readonly string[]): Promise<void> {
  const rows = await loadCoupons(tx, codes);
  await publishDocs(tx, 'config', rows.map((c) => {
    const id = couponEntryId(c.code);
    return { id, scope: scopeAll, doc: { id, kind: 'coupon', data: { code: c.code, promotionId: c.promotionId, maxUses: c.maxUses }, updatedAt: c.createdAt } };
  }));
}

export async function publishPricing(tx: Tx): Promise<void> {
  await publishPricelists(tx);
  await publishPromotions(tx);
  await publishCoupons(tx);
}
