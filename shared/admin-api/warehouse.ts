// Warehouse back-office requests and answers: count approvals, pickings, delivery routes and
// counting, packages, the warehouse policy, channel buffers and API keys — and the building blocks
// the planning schemas share (warehouse-purchasing.ts: reorder rules, proposals, purchase orders;
// warehouse-moves.ts: transfers, count tasks). Declared once: the server validates with them, the
// back office takes its types from them. URLs are those of PROTOCOL.md and docs/warehouse.md
// (/api/count-approvals, /api/pickings, …).
import { Type, type Static } from 'typebox';

export const Id = Type.String({ minLength: 1, maxLength: 64 });
export const Qty = Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 });
export const SiteCode = Type.String({ minLength: 1, maxLength: 32 });
export const Supplier = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', description: 'a name, not only spaces' });
const Channel = Type.String({ pattern: '^[a-z0-9_-]{1,32}$', description: '1-32 characters of a-z 0-9 _ -' });

/** `offset` and `limit` of the back office's paged lists. */
export const Paging = {
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
};

/** How answers name a product: people read the name and SKU, not the id. */
export const ProductRef = Type.Object({ id: Type.String(), name: Type.String(), sku: Type.String(), unit: Type.String() });
export type ProductRef = Static<typeof ProductRef>;

export const Problem = Type.Object({ code: Type.String(), message: Type.String(), severity: Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')]) });
export type Problem = Static<typeof Problem>;

/** `requested`: a transfer a site asked for that its source has not accepted yet (no reservation, on no device). */
export const PickingState = Type.Union([Type.Literal('requested'), Type.Literal('waiting'), Type.Literal('ready'), Type.Literal('in_progress'), Type.Literal('done'), Type.Literal('cancelled')]);
export type PickingState = Static<typeof PickingState>;

export const IdParams = Type.Object({ id: Id });
export const CodeParams = Type.Object({ code: Id });
export const ChannelParams = Type.Object({ channel: Channel });

export const CountDecisionParams = Type.Object({ id: Id, decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]) });
export const CountDecisionBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });
export type CountDecisionBody = Static<typeof CountDecisionBody>;

/** One product's difference in a pending count, with what it is worth at today's cost (minor units). */
export const CountDelta = Type.Object({ productId: Type.String(), lot: Type.String(), delta: Type.Number(), name: Type.String(), sku: Type.String(), value: Type.Integer() });
export type CountDelta = Static<typeof CountDelta>;

export const CountApproval = Type.Object({
  id: Type.String(),
  eventId: Type.Union([Type.String(), Type.Null()]),
  siteId: Type.String(),
  siteCode: Type.String(),
  currency: Type.String(),
  locationId: Type.String(),
  location: Type.String(),
  deltas: Type.Array(CountDelta),
  /** Σ |Δqty| × cost when the count arrived, minor units. */
  value: Type.Integer(),
  state: Type.String(),
  createdAt: Type.String(),
});
export type CountApproval = Static<typeof CountApproval>;
export const CountApprovalList = Type.Array(CountApproval);

export const CountDecision = Type.Object({ id: Type.String(), state: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]), problems: Type.Array(Problem) });
export type CountDecision = Static<typeof CountDecision>;

export const PickingsQuery = Type.Object(
  { warehouse: Type.Optional(Id), state: Type.Optional(PickingState), kind: Type.Optional(Type.Union([Type.Literal('delivery'), Type.Literal('receipt'), Type.Literal('transfer'), Type.Literal('count')])) },
  { additionalProperties: false },
);
export const PickingSummary = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  warehouse: Type.String(),
  kind: Type.String(),
  step: Type.String(),
  state: Type.String(),
  claimedBy: Type.Union([Type.String(), Type.Null()]),
  orderId: Type.Union([Type.String(), Type.Null()]),
  purchaseOrderId: Type.Union([Type.String(), Type.Null()]),
  backorderOf: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type PickingSummary = Static<typeof PickingSummary>;
export const PickingSummaryList = Type.Array(PickingSummary);

export const RouteBody = Type.Object(
  { steps: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)]), priority: Type.Optional(Type.Integer()) },
  { additionalProperties: false },
);
export const WarehouseRoute = Type.Object({ siteId: Type.String(), code: Type.String(), steps: Type.Integer(), priority: Type.Integer() });

export const CountingBody = Type.Object({ showExpected: Type.Boolean() }, { additionalProperties: false });
export const CountingSetting = Type.Object({ code: Type.String(), countShowsExpected: Type.Boolean() });

export const PackageParams = Type.Object({ sscc: Type.String({ minLength: 1, maxLength: 64 }) });
export const PackageMoveBody = Type.Object({ toLocationId: Id }, { additionalProperties: false });
export type PackageMoveBody = Static<typeof PackageMoveBody>;
export const PackageView = Type.Object({
  sscc: Type.String(),
  location: Type.String(),
  locationId: Type.String(),
  contents: Type.Array(Type.Object({ productId: Type.String(), lot: Type.String(), qty: Type.Number() })),
});

export const ShortagePolicy = Type.Union([Type.Literal('split'), Type.Literal('backorder')]);
export const PolicyBody = Type.Object(
  {
    shortagePolicy: Type.Optional(ShortagePolicy),
    countApprovalThreshold: Type.Optional(Type.Integer({ minimum: 0, description: 'minor units' })),
  },
  { additionalProperties: false },
);
export type PolicyBody = Static<typeof PolicyBody>;
export const WarehousePolicy = Type.Object({ shortagePolicy: ShortagePolicy, countApprovalThreshold: Type.Integer() });
export type WarehousePolicy = Static<typeof WarehousePolicy>;

export const BufferBody = Type.Object({ qty: Type.Number({ minimum: 0 }) }, { additionalProperties: false });
export const ChannelBufferSet = Type.Object({ channel: Type.String(), buffer: Type.Number() });

export const ChannelKeyBody = Type.Object({ channel: Channel, name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export type ChannelKeyBody = Static<typeof ChannelKeyBody>;
/** The key itself is in this answer only (stored as SHA-256). */
export const ChannelKeyMade = Type.Object({ id: Type.String(), channel: Type.String(), name: Type.String(), key: Type.String() });
export const ChannelKeyRevoked = Type.Object({ revoked: Type.Boolean() });
