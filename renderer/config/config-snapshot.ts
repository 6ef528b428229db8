// The device's configuration as the till reads it: the synced `config` entries folded into one
// typed snapshot (site, taxes, tenders, users, approval thresholds). Pure, so it is tested alone.
import { buildPricingIndex, type PricingIndex } from '../../shared/pricing/pricing-index.ts';
import type { Coupon, Pricelist, Promotion } from '../../shared/pricing/pricing-rules.ts';
import type { ApprovalSettings, ConfigEntry, SiteConfig, TaxConfig, TenderConfig, UserConfig } from '../../shared/schemas/index.ts';
import type { LoyaltyProgram } from '../../shared/stored-value/loyalty-program.ts';
import { defaultOfflineAllowance, type OfflineAllowance } from '../../shared/stored-value/offline-allowance.ts';
import { isStoredValueMethod } from '../../shared/stored-value/sale-value.ts';
import { taxInForce } from '../../shared/tax/index.ts';
import { compareNames } from '../../shared/text/name-order.ts';

export interface KnownUser extends UserConfig {
  id: string;
}

export interface ConfigSnapshot {
  site: (SiteConfig & { id: string }) | null;
  taxes: Map<string, TaxConfig>;
  /** Tenders that bring money in (counted at close). */
  tenders: TenderConfig[];
  /** Gift card and store credit, when the site offers them: spent on the pay screen by card number or customer, never counted. */
  valueTenders: TenderConfig[];
  /** What this till may redeem offline without the server (docs/stored-value.md). */
  allowance: OfflineAllowance;
  /** The loyalty program, when the company runs one. */
  loyalty: LoyaltyProgram | null;
  users: KnownUser[];
  approvals: ApprovalSettings;
  deviceName: string | null;
  /** Pricelists, promotions and coupons, indexed once per config change (docs/pricing.md). */
  pricing: PricingIndex;
}

export const defaultApprovals: ApprovalSettings = { maxDiscountPercent: 10, maxPriceOverridePercent: 10 };

export const defaultTenders: TenderConfig[] = [
  { method: 'cash', label: 'Cash', isCash: true },
  { method: 'card', label: 'Card', isCash: false },
];

export function emptySnapshot(): ConfigSnapshot {
  return {
    site: null, taxes: new Map(), tenders: defaultTenders, valueTenders: [], allowance: defaultOfflineAllowance, loyalty: null, users: [], approvals: defaultApprovals, deviceName: null,
    pricing: buildPricingIndex({ pricelists: [], promotions: [], coupons: [] }),
  };
}

export function foldConfig(entries: readonly ConfigEntry[], siteId: string | null): ConfigSnapshot {
  const snap = emptySnapshot();
  const tenders: TenderConfig[] = [];
  const rules: { pricelists: Pricelist[]; promotions: Promotion[]; coupons: Coupon[] } = { pricelists: [], promotions: [], coupons: [] };
  for (const entry of entries) {
    switch (entry.kind) {
      case 'site':
        if (siteId === null || entry.id === siteId || entry.data.code === siteId || snap.site === null) snap.site = { ...entry.data, id: entry.id };
        break;
      case 'tax':
        snap.taxes.set(entry.id, entry.data);
        break;
      case 'tender':
        tenders.push(entry.data);
        break;
      case 'user': {
        // A user comes company-wide (no PIN hash) and, at their own sites, with the PIN hash: one user.
        const id = entry.data.userId ?? entry.id;
        const { userId: _site, ...data } = entry.data;
        const known = snap.users.findIndex((u) => u.id === id);
        if (known < 0) snap.users.push({ ...data, id });
        else snap.users[known] = { ...snap.users[known], ...data, id };
        break;
      }
      case 'approvals':
        snap.approvals = entry.data;
        break;
      case 'device':
        snap.deviceName = entry.data.name;
        break;
      case 'location':
      case 'package':
        // Scanner stations read locations and packages directly (renderer/scanner/).
        break;
      case 'pricelist':
        rules.pricelists.push(entry.data);
        break;
      case 'promotion':
        rules.promotions.push(entry.data);
        break;
      case 'coupon':
        rules.coupons.push(entry.data);
        break;
      case 'allowance':
        snap.allowance = entry.data;
        break;
      case 'loyalty':
        snap.loyalty = entry.data.active ? entry.data : null;
        break;
    }
  }
  snap.pricing = buildPricingIndex(rules);
  const offered = snap.site?.tenders;
  const accepted = offered ? offered.flatMap((m) => tenders.filter((t) => t.method === m)) : tenders;
  const money = accepted.filter((t) => !isStoredValueMethod(t.method));
  if (money.length > 0) snap.tenders = money;
  snap.valueTenders = accepted.filter((t) => isStoredValueMethod(t.method));
  snap.users.sort((a, b) => compareNames(a.displayName, b.displayName));
  return snap;
}

/**
 * Tax names by id as receipts and reports print them, as they were at `at` (a sale's time, a
 * report's): a scheduled name applies from its rate's instant, so a receipt reprinted after the
 * switch still names the tax it was sold under — while the config still holds that change.
 */
export function taxNamesAt(taxes: ReadonlyMap<string, TaxConfig>, at: Date): Record<string, string> {
  return Object.fromEntries([...taxes].map(([id, t]) => [id, taxInForce(t, at).name]));
}
