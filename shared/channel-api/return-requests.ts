// Returns by post (docs/channels.md "Returns by post"): the channel — or a manager in the back
// office — announces that a customer is sending delivered goods back (an RMA). Aisle opens a return
// receipt at the warehouse that will take the parcel in (customer → stock, or → scrap for goods
// announced as not to restock); the station (or the back office's "receive in full") receives it,
// and on receipt the server counts the units as returned on the order, issues the credit note
// against the order's invoice, books the refund the channel is to execute on the order's payment,
// and sends `return.received`. Declared once: the request, the view, and what a line may still
// announce.
import { Type, type Static } from 'typebox';

export const ReturnRequestLine = Type.Object(
  {
    orderLineId: Type.String({ minLength: 1, maxLength: 64 }),
    qty: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }),
    /** false: the goods are announced as damaged; they are received into the warehouse's scrap location, not its stock. */
    restock: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ReturnRequestLine = Static<typeof ReturnRequestLine>;

/** POST /api/orders/:id/returns (Idempotency-Key header required). */
export const ReturnRequestBody = Type.Object(
  {
    lines: Type.Array(ReturnRequestLine, { minItems: 1, maxItems: 200 }),
    /** The warehouse (site code) that takes the parcel in; by default the one that shipped the order last. */
    warehouse: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    /** Why the customer sends it back, as the channel or the manager wrote it. */
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type ReturnRequestBody = Static<typeof ReturnRequestBody>;

export const ReturnRequestParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }), returnId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type ReturnRequestParams = Static<typeof ReturnRequestParams>;

/**
 * expected: nothing received yet; partly_received: some received, the rest still expected (an open
 * receipt); received: closed with what came; cancelled: closed before anything came.
 */
export const ReturnRequestState = Type.Union([Type.Literal('expected'), Type.Literal('partly_received'), Type.Literal('received'), Type.Literal('cancelled')]);
export type ReturnRequestState = Static<typeof ReturnRequestState>;

export const ReturnRequestView = Type.Object(
  {
    returnId: Type.String(),
    orderId: Type.String(),
    orderRef: Type.String(),
    channel: Type.String(),
    currency: Type.String(),
    warehouse: Type.Object({ code: Type.String(), name: Type.String() }, { additionalProperties: false }),
    state: ReturnRequestState,
    reason: Type.Union([Type.String(), Type.Null()]),
    /** Who announced it: `key:<channel key id>`, `user:<user id>` or `operator`. */
    requestedBy: Type.String(),
    createdAt: Type.String(),
    /** When the last of it was received (state received), else null. */
    closedAt: Type.Union([Type.String(), Type.Null()]),
    /** The receipts the warehouse works (the first one's reference is the return's: print it on the parcel's label). */
    receipts: Type.Array(Type.Object({
      pickingId: Type.String(),
      reference: Type.String(),
      state: Type.String(),
    }, { additionalProperties: false })),
    lines: Type.Array(Type.Object({
      orderLineId: Type.String(),
      productId: Type.String(),
      name: Type.String(),
      sku: Type.String(),
      /** Announced. */
      qty: Type.Number(),
      received: Type.Number(),
      restock: Type.Boolean(),
    }, { additionalProperties: false })),
    /** The credit notes its receipts issued. */
    creditNotes: Type.Array(Type.Object({ number: Type.String(), total: Type.Integer(), creditOf: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false })),
    /** What the channel is to pay back on the order's own payment so far, minor units (the credit notes' total). */
    refundToOrderPayment: Type.Integer(),
  },
  { additionalProperties: false },
);
export type ReturnRequestView = Static<typeof ReturnRequestView>;

export const ReturnRequestList = Type.Object({ returns: Type.Array(ReturnRequestView) }, { additionalProperties: false });
export type ReturnRequestList = Static<typeof ReturnRequestList>;

/** What a line may still announce: delivered, less returned, less what open returns already expect. */
export function announceableQty(line: { delivered: number; returned: number; expected: number }): number {
  return Math.max(0, Math.round((line.delivered - line.returned - line.expected) * 10_000) / 10_000);
}
