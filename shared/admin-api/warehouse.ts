// Warehouse back-office requests (purchase orders, transfers, count tasks and approvals, reorder
// rules and proposals, delivery routes, policy, channel buffers and API keys). Declared once: the
// server validates with them, the back office takes its types from them. URLs are those of
// PROTOCOL.md and docs/warehouse.md (/api/purchase-orders, /api/count-approvals, …).
import { Type, type Static } from 'typebox';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Qty = Type.Number({ exclusiveMinimum: 0 });
const Channel = Type.String({ pattern: '^[a-z0-9_-]{1,32}$', description: '1-32 characters of a-z 0-9 _ -' });

export const PurchaseOrderBody = Type.Object(
  {
    supplier: Type.String({ minLength: 1, maxLength: 200 }),
    warehouse: Id,
    expectedAt: Type.Optional(Type.String({ format: 'date' })),
    lines: Type.Array(Type.Object({ productId: Id, qty: Qty, unitCost: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false }), { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: false },
);
export type PurchaseOrderBody = Static<typeof PurchaseOrderBody>;

export const TransferBody = Type.Object(
  {
    warehouse: Id,
    lines: Type.Array(
      Type.Object(
        { productId: Id, qty: Qty, fromLocationId: Id, toLocationId: Id, lot: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'move this lot only; without it, first-expiring first' })) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);
export type TransferBody = Static<typeof TransferBody>;

export const CountTaskBody = Type.Object({ warehouse: Id, locationId: Id }, { additionalProperties: false });
export type CountTaskBody = Static<typeof CountTaskBody>;

export const CountDecisionParams = Type.Object({ id: Id, decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]) });
export const CountDecisionBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });
export type CountDecisionBody = Static<typeof CountDecisionBody>;

export const CountApproval = Type.Object({
  id: Type.String(),
  eventId: Type.Union([Type.String(), Type.Null()]),
  siteId: Type.String(),
  siteCode: Type.String(),
  currency: Type.String(),
  locationId: Type.String(),
  location: Type.String(),
  deltas: Type.Array(Type.Unknown()),
  value: Type.Number(),
  state: Type.String(),
  createdAt: Type.String(),
});
export type CountApproval = Static<typeof CountApproval>;

export const ReorderRuleBody = Type.Object(
  { productId: Id, warehouse: Id, min: Type.Number({ minimum: 0 }), max: Type.Number({ minimum: 0 }) },
  { additionalProperties: false },
);
export type ReorderRuleBody = Static<typeof ReorderRuleBody>;

export const OrderProposalBody = Type.Object({ supplier: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export const IdParams = Type.Object({ id: Id });
export const CodeParams = Type.Object({ code: Id });
export const ChannelParams = Type.Object({ channel: Channel });

export const PickingsQuery = Type.Object({ warehouse: Type.Optional(Id), state: Type.Optional(Type.String({ maxLength: 32 })) }, { additionalProperties: false });

export const RouteBody = Type.Object(
  { steps: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)]), priority: Type.Optional(Type.Integer()) },
  { additionalProperties: false },
);

export const PackageParams = Type.Object({ sscc: Type.String({ minLength: 1, maxLength: 64 }) });
export const PackageMoveBody = Type.Object({ toLocationId: Id }, { additionalProperties: false });
export type PackageMoveBody = Static<typeof PackageMoveBody>;

export const CountingBody = Type.Object({ showExpected: Type.Boolean() }, { additionalProperties: false });

export const PolicyBody = Type.Object(
  {
    shortagePolicy: Type.Optional(Type.Union([Type.Literal('split'), Type.Literal('backorder')])),
    countApprovalThreshold: Type.Optional(Type.Integer({ minimum: 0, description: 'minor units' })),
  },
  { additionalProperties: false },
);
export type PolicyBody = Static<typeof PolicyBody>;

export const BufferBody = Type.Object({ qty: Type.Number({ minimum: 0 }) }, { additionalProperties: false });

export const ChannelKeyBody = Type.Object({ channel: Channel, name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export type ChannelKeyBody = Static<typeof ChannelKeyBody>;
