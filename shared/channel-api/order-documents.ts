// The invoices and credit notes issued for a channel order (docs/channels.md "Invoices: on delivery
// or on order"), as GET /api/orders/:id and the back office's order detail list them. Declared once
// for the channels' answer and the admin API's schema (shared/admin-api/channel-orders.ts).
import { Type, type Static } from 'typebox';

export const OrderDocumentKind = Type.Union([Type.Literal('invoice'), Type.Literal('credit_note')]);
export type OrderDocumentKind = Static<typeof OrderDocumentKind>;

export const OrderDocument = Type.Object({
  /** `INV-000123` or `CN-000045`: gapless per series. */
  number: Type.String(),
  kind: OrderDocumentKind,
  /** What an invoice charges, or what a credit note gives back: minor units of `currency`, never negative (like a webhook's `creditNote.total`). */
  total: Type.Integer({ minimum: 0 }),
  currency: Type.String(),
  /** ISO-8601 instant. */
  issuedAt: Type.String(),
  /** A credit note: the number of the invoice it credits (null when it credits none); null for an invoice. */
  creditOf: Type.Union([Type.String(), Type.Null()]),
});
export type OrderDocument = Static<typeof OrderDocument>;
