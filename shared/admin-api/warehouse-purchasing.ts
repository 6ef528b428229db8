// Buying stock: reorder rules (min/max per product and warehouse, a pack multiple, the usual
// supplier), the purchase proposals they make, purchase orders and receiving their goods from the
// back office. Declared once for the server's validation and the back office's types; URLs are
// those of docs/warehouse.md (/api/reorder-rules, /api/purchase-proposals, /api/purchase-orders).
import { Type, type Static } from 'typebox';
import { Id, Paging, PickingState, Problem, ProductRef, Qty, SiteCode, Supplier } from './warehouse.ts';

const Amount = Type.Number({ minimum: 0, maximum: 1_000_000_000 });

export const ReorderRuleBody = Type.Object(
  {
    productId: Id,
    warehouse: SiteCode,
    min: Amount,
    max: Amount,
    // No unions with null in request bodies: Fastify's ajv coerces 0 and "" to null inside them.
    /** Proposals are rounded up to a multiple of this (a pack or case size); 0: no rounding; absent: unchanged. */
    multiple: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000 })),
    /** Who proposals are ordered from unless the order names another; "": nobody in particular; absent: unchanged. */
    supplier: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ReorderRuleBody = Static<typeof ReorderRuleBody>;

export const ReorderRule = Type.Object({
  productId: Type.String(),
  product: ProductRef,
  warehouse: Type.String(),
  min: Type.Number(),
  max: Type.Number(),
  multiple: Type.Union([Type.Number(), Type.Null()]),
  supplier: Type.Union([Type.String(), Type.Null()]),
  /** On hand − reserved + incoming in the warehouse now: below `min`, the rule proposes an order. */
  forecast: Type.Number(),
  updatedAt: Type.String(),
});
export type ReorderRule = Static<typeof ReorderRule>;
export const ReorderRuleSaved = Type.Object({ ok: Type.Literal(true), rule: ReorderRule });

export const ReorderRuleQuery = Type.Object(
  { warehouse: Type.Optional(SiteCode), q: Type.Optional(Type.String({ maxLength: 100, description: 'a product name or SKU' })), ...Paging },
  { additionalProperties: false },
);
export type ReorderRuleQuery = Static<typeof ReorderRuleQuery>;
export const ReorderRulePage = Type.Object({ rules: Type.Array(ReorderRule), total: Type.Integer() });
export type ReorderRulePage = Static<typeof ReorderRulePage>;

export const ReorderRuleParams = Type.Object({ warehouse: SiteCode, productId: Id });
export const ReorderRuleDeleted = Type.Object({ deleted: Type.Boolean() });

export const ReorderRun = Type.Object({ proposals: Type.Integer() });

export const Proposal = Type.Object({
  id: Type.String(),
  productId: Type.String(),
  warehouse: Type.String(),
  qty: Type.Number(),
  forecast: Type.Number(),
  state: Type.String(),
  product: ProductRef,
  min: Type.Number(),
  max: Type.Number(),
  /** The rule's supplier, proposed when the proposal is ordered. */
  supplier: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.String(),
});
export type Proposal = Static<typeof Proposal>;
export const ProposalList = Type.Array(Proposal);

/** Without `supplier`, the rule's supplier. */
export const OrderProposalBody = Type.Object({ supplier: Type.Optional(Supplier) }, { additionalProperties: false });
export type OrderProposalBody = Static<typeof OrderProposalBody>;

export const PurchaseOrderBody = Type.Object(
  {
    supplier: Supplier,
    warehouse: SiteCode,
    expectedAt: Type.Optional(Type.String({ format: 'date', description: 'a date such as 2026-03-01' })),
    lines: Type.Array(Type.Object({ productId: Id, qty: Qty, unitCost: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })) }, { additionalProperties: false }), { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: false },
);
export type PurchaseOrderBody = Static<typeof PurchaseOrderBody>;
export const PurchaseOrderMade = Type.Object({ purchaseOrderId: Type.String(), reference: Type.String(), receiptId: Type.String() });
export type PurchaseOrderMade = Static<typeof PurchaseOrderMade>;

export const PurchaseOrderState = Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('cancelled')]);
export const PurchaseOrderQuery = Type.Object(
  { warehouse: Type.Optional(SiteCode), state: Type.Optional(PurchaseOrderState), q: Type.Optional(Type.String({ maxLength: 100, description: 'a supplier or reference' })), ...Paging },
  { additionalProperties: false },
);
export type PurchaseOrderQuery = Static<typeof PurchaseOrderQuery>;

export const PickingRef = Type.Object({ id: Type.String(), reference: Type.String(), state: PickingState });
export type PickingRef = Static<typeof PickingRef>;

export const PurchaseOrder = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  supplier: Type.String(),
  warehouse: Type.String(),
  currency: Type.String(),
  state: PurchaseOrderState,
  expectedAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  /** Σ qty × unit cost, minor units of `currency`. */
  value: Type.Integer(),
  lines: Type.Array(Type.Object({ product: ProductRef, qty: Type.Number(), received: Type.Number(), closed: Type.Boolean(), unitCost: Type.Integer() })),
  /** Its receipts at the warehouse (the first and any backorders), oldest first. */
  receipts: Type.Array(PickingRef),
});
export type PurchaseOrder = Static<typeof PurchaseOrder>;
export const PurchaseOrderPage = Type.Object({ purchaseOrders: Type.Array(PurchaseOrder), total: Type.Integer() });
export type PurchaseOrderPage = Static<typeof PurchaseOrderPage>;

/** A ready receipt (of a purchase order or a transfer from another site) received in full from the back office. */
export const Received = Type.Object({ pickingId: Type.String(), reference: Type.String(), state: PickingState, problems: Type.Array(Problem) });
export type Received = Static<typeof Received>;
