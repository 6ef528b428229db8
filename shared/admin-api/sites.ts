// Admin API: sites (stores and warehouses) with the settings their devices receive — time zone,
// currency, receipt texts, accepted tenders, cash rounding, the till's quick keys — their stock
// locations, the tenders there are, and the company-wide approval thresholds of the tills.
// Declared once for the server's validation and the back office's types.
import { Type, type Static } from 'typebox';

const SiteCode = Type.String({ pattern: '^[A-Z0-9_-]{1,32}$', description: '1-32 characters of A-Z 0-9 _ -' });
const SiteKind = Type.Union([Type.Literal('store'), Type.Literal('warehouse')]);
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'a three-letter ISO 4217 code such as EUR' });
const TimeZone = Type.String({ minLength: 1, maxLength: 64, description: 'an IANA time zone such as Europe/Paris' });
const ReceiptLines = Type.Array(Type.String({ maxLength: 48 }), { maxItems: 8 });
const TenderMethod = Type.String({ pattern: '^[a-z0-9_]{1,32}$' });

export const QuickKeyGroup = Type.Object(
  {
    label: Type.String({ minLength: 1, maxLength: 24 }),
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    skus: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 48 })),
  },
  { additionalProperties: false },
);
export type QuickKeyGroup = Static<typeof QuickKeyGroup>;
const QuickKeys = Type.Array(QuickKeyGroup, { maxItems: 12 });

export const Site = Type.Object({
  /** The site's id: what pricing rules and documents name it by. */
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  kind: SiteKind,
  currency: Type.String(),
  timeZone: Type.String(),
  address: Type.String(),
  receiptHeader: Type.Array(Type.String()),
  receiptFooter: Type.Array(Type.String()),
  /** Tender methods the site's tills offer; null = every active tender. */
  tenders: Type.Union([Type.Array(Type.String()), Type.Null()]),
  /** Minor units; 1 = no rounding. */
  cashRounding: Type.Integer(),
  /** null = the till derives its tabs from the catalog's categories. */
  quickKeys: Type.Union([QuickKeys, Type.Null()]),
  /** ISO 3166-1 alpha-2; reads customers' national phone numbers (docs/channels.md). */
  country: Type.Union([Type.String(), Type.Null()]),
  /** Stores: days a ready click-and-collect order waits before it is released (docs/channels.md). */
  pickupHoldDays: Type.Integer(),
  devices: Type.Integer(),
  updatedAt: Type.String(),
});
export type Site = Static<typeof Site>;
export const SiteList = Type.Object({ sites: Type.Array(Site) });
export type SiteList = Static<typeof SiteList>;

export const SiteCreate = Type.Object(
  { code: SiteCode, name: Type.String({ minLength: 1, maxLength: 100 }), kind: SiteKind, currency: Currency, timeZone: TimeZone },
  { additionalProperties: false },
);
export type SiteCreate = Static<typeof SiteCreate>;

export const SitePatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    currency: Type.Optional(Currency),
    timeZone: Type.Optional(TimeZone),
    address: Type.Optional(Type.String({ maxLength: 300 })),
    receiptHeader: Type.Optional(ReceiptLines),
    receiptFooter: Type.Optional(ReceiptLines),
    tenders: Type.Optional(Type.Union([Type.Array(TenderMethod, { minItems: 1, maxItems: 20 }), Type.Null()])),
    cashRounding: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    quickKeys: Type.Optional(Type.Union([QuickKeys, Type.Null()])),
    country: Type.Optional(Type.Union([Type.String({ pattern: '^[A-Z]{2}$', description: 'an ISO 3166-1 alpha-2 code such as FR' }), Type.Null()])),
    pickupHoldDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, description: 'a number of days from 1 to 365' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type SitePatch = Static<typeof SitePatch>;

export const SiteCodeParams = Type.Object({ code: SiteCode });

export const Location = Type.Object({
  id: Type.String(),
  name: Type.String(),
  fullName: Type.String(),
  /** What the label's barcode says after `LOC:` (the scanner station's location prefix). */
  barcode: Type.String(),
  usage: Type.String(),
  active: Type.Boolean(),
});
export type Location = Static<typeof Location>;
export const LocationList = Type.Object({ site: Type.Object({ code: Type.String(), name: Type.String() }), locations: Type.Array(Location) });
export type LocationList = Static<typeof LocationList>;

export const LocationCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9][A-Za-z0-9 ._-]*$', description: 'letters, digits, space, . _ - (no slash)' }),
    /** Full name of the parent location; default: the site's Stock. */
    parent: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type LocationCreate = Static<typeof LocationCreate>;

export const Tender = Type.Object({ method: Type.String(), label: Type.String(), isCash: Type.Boolean(), active: Type.Boolean() });
export type Tender = Static<typeof Tender>;
export const TenderList = Type.Object({ tenders: Type.Array(Tender) });
export type TenderList = Static<typeof TenderList>;

/** The tills' supervisor-approval thresholds, company-wide (config entry `approvals`). */
export const ApprovalThresholds = Type.Object(
  {
    maxDiscountPercent: Type.Number({ minimum: 0, maximum: 100 }),
    maxPriceOverridePercent: Type.Number({ minimum: 0, maximum: 100 }),
    /** Minor units; absent = no limit. */
    maxCashMovement: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
    maxCashMovedPerSession: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  },
  { additionalProperties: false },
);
export type ApprovalThresholds = Static<typeof ApprovalThresholds>;
