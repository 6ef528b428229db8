// Device configuration (server-owned): store, till, taxes, tenders, users with PIN hashes, settings.
// One collection with a `kind` discriminator keeps the device under RxDB's collection limit.
import type { RxJsonSchema } from 'rxdb';
import type { Coupon, Pricelist, Promotion } from '../pricing/pricing-rules.ts';
import type { LoyaltyProgram } from '../stored-value/loyalty-program.ts';
import type { OfflineAllowance } from '../stored-value/offline-allowance.ts';
import { idField } from './common.ts';

export interface SiteConfig {
  code: string;
  name: string;
  kind: 'store' | 'warehouse';
  currency: string;
  address?: string;
  receiptHeader?: string[];
  receiptFooter?: string[];
  /** Tender methods this site's tills offer, in the back office's order; absent = every tender entry. */
  tenders?: string[];
  /** Cash rounding step in minor units (e.g. 5 for 0.05); 1 = none. */
  cashRounding?: number;
  /** IANA time zone of the site (e.g. `Europe/Paris`): receipts, X/Z reports and the clock show store time. Absent = UTC. */
  timeZone?: string;
  /** ISO 3166-1 country of the site (e.g. `FR`): the till reads national phone numbers with it (shared/customers/contact-keys.ts). Absent = none set. */
  country?: string;
  /** Warehouses: count tasks show the expected quantities (and "All"); absent/false = blind counts. */
  countShowsExpected?: boolean;
  /** The site's paired scanner stations by device name, so a station names the one holding a picking. */
  stations?: { id: string; name: string }[];
  /** The till's product grid: category tabs in order, with pinned products. Absent = from the catalog's categories. */
  quickKeys?: QuickKeyGroup[];
}

/** One tab of quick keys: the products of `category` and/or the listed SKUs (pinned first). */
export interface QuickKeyGroup {
  label: string;
  category?: string;
  skus?: string[];
}

export interface TaxConfig {
  name: string;
  rate: number;
  /** Compound taxes apply to base + earlier taxes. */
  compound?: boolean;
  /** false: retired in the back office (no product carries it); kept to name it on receipts and reports. */
  active?: boolean;
  /**
   * The rate scheduled in the back office from `from` (an ISO instant) on, and the name it takes then
   * (absent: the name stays): a till switches to it at that instant itself (shared/tax/rate-at.ts).
   */
  next?: { rate: number; from: string; name?: string };
}

export interface TenderConfig {
  method: string;
  label: string;
  /** Cash tenders give change and count in the drawer. */
  isCash: boolean;
}

export interface UserConfig {
  username: string;
  displayName: string;
  role: 'cashier' | 'supervisor' | 'picker' | 'manager' | 'admin';
  /** PBKDF2-SHA256 of the PIN: `pbkdf2$<iterations>$<saltB64>$<hashB64>`. Only in the entries of the user's own sites. */
  pinHash?: string;
  /** In a site's entry (id `u:…`): the user's id. The company-wide entry's id is the user's id. */
  userId?: string;
  active: boolean;
}

export interface ApprovalSettings {
  /** Discount above this percent of the line needs a supervisor PIN. */
  maxDiscountPercent: number;
  /** Price overrides that lower the price by more than this percent need a supervisor PIN. */
  maxPriceOverridePercent: number;
  /** A single cash in / cash out above this amount (minor units) needs a supervisor PIN. Absent = no limit. */
  maxCashMovement?: number;
  /** Cash moved in and out during one session (Σ of both, minor units) above this needs a supervisor PIN. Absent = no limit. */
  maxCashMovedPerSession?: number;
}

/** An internal stock location of the device's site, so a scanner station can check location scans offline. */
export interface LocationConfig {
  /** Full path, e.g. `WH1/Stock/A-01-01`; the label's barcode is `LOC:` + this. */
  fullName: string;
  name: string;
  barcode?: string;
}

/** A package (SSCC) of the device's warehouse and what the books say it holds, so a station can move it offline. */
export interface PackageConfig {
  sscc: string;
  locationId: string;
  contents: { productId: string; lot: string; qty: number }[];
}

export type ConfigEntry =
  | { id: string; kind: 'site'; data: SiteConfig; updatedAt: string }
  | { id: string; kind: 'tax'; data: TaxConfig; updatedAt: string }
  | { id: string; kind: 'tender'; data: TenderConfig; updatedAt: string }
  | { id: string; kind: 'user'; data: UserConfig; updatedAt: string }
  | { id: string; kind: 'approvals'; data: ApprovalSettings; updatedAt: string }
  | { id: string; kind: 'device'; data: { name: string; role: 'till' | 'scanner'; siteId: string }; updatedAt: string }
  | { id: string; kind: 'location'; data: LocationConfig; updatedAt: string }
  | { id: string; kind: 'pricelist'; data: Pricelist; updatedAt: string }
  | { id: string; kind: 'promotion'; data: Promotion; updatedAt: string }
  | { id: string; kind: 'coupon'; data: Coupon; updatedAt: string }
  | { id: string; kind: 'package'; data: PackageConfig; updatedAt: string }
  | { id: string; kind: 'allowance'; data: OfflineAllowance; updatedAt: string }
  | { id: string; kind: 'loyalty'; data: LoyaltyProgram; updatedAt: string };

export type ConfigKind = ConfigEntry['kind'];

export const configEntrySchema = {
  title: 'config',
  description: 'Configuration for the device; server-owned.',
  // 1: pricelist, promotion and coupon kinds (issue 17).
  // 2: kind 'package' (issue 15); 3: kinds 'allowance' and 'loyalty' (issue 17, docs/stored-value.md).
  // schemaMigrations in index.ts keeps stored entries as they are.
  version: 3,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    kind: { type: 'string', enum: ['site', 'tax', 'tender', 'user', 'approvals', 'device', 'location', 'pricelist', 'promotion', 'coupon', 'package', 'allowance', 'loyalty'], maxLength: 16 },
    data: { type: 'object' },
    updatedAt: { type: 'string', maxLength: 40 },
  },
  required: ['id', 'kind', 'data', 'updatedAt'],
  indexes: ['kind'],
  additionalProperties: false,
} as const satisfies RxJsonSchema<ConfigEntry>;
