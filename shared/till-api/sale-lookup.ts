// A past sale found on the server for a return at another till (docs/till.md "Returns"): `GET
// /api/till/sales/lookup?code=` with a till's device token. Declared once for the route's
// validation and serialisation and for the till's types. The sale and its returns are the till
// documents as pushed (the `sales` collection's schema); `soldAt` names where it was sold.
import { Type, type Static } from 'typebox';
import type { Sale } from '../schemas/sale.ts';
import { saleSchema } from '../schemas/sale.ts';
import { withoutRxdbKeywords } from '../schemas/rxdb-keywords.ts';

export const SaleLookupQuery = Type.Object(
  {
    /** A receipt code as scanned (`AISLE:R:…`), a receipt number (`4F2A1B-000012`; a bare `12` when only one till printed it), or a sale id. */
    code: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type SaleLookupQuery = Static<typeof SaleLookupQuery>;

/** A document of the `sales` collection, as the till stores it. */
export const SaleDocument = Type.Unsafe<Sale>(withoutRxdbKeywords(saleSchema));

export const SoldAt = Type.Object(
  {
    tillName: Type.String(),
    siteCode: Type.String(),
    siteName: Type.String(),
    /** The selling store's IANA time zone: the time its receipt printed. */
    timeZone: Type.String(),
  },
  { additionalProperties: false },
);
export type SoldAt = Static<typeof SoldAt>;

export const SaleLookupAnswer = Type.Object(
  {
    sale: SaleDocument,
    /** Every return the server holds against the sale, from any till, in the order they arrived. */
    returns: Type.Array(SaleDocument),
    soldAt: SoldAt,
  },
  { additionalProperties: false },
);
export type SaleLookupAnswer = Static<typeof SaleLookupAnswer>;

/** Why the server answers 409 rather than the sale (the message says what to do). */
export const SALE_LOOKUP_REFUSALS = {
  /** A receipt number several tills printed (typed without its till prefix). */
  ambiguous: 'ambiguous_receipt',
  /** Sold in another currency than the asking store's: its books and drawer are in another money. */
  otherCurrency: 'sold_in_other_currency',
} as const;
