// What a sale carries about value that can be spent (issue 17, docs/stored-value.md): gift cards
// sold on it, stored-value tenders (gift card, store credit), loyalty points earned and redeemed.
// All optional and additive, so older sales stay valid; all inside the hash. Kept apart from
// sale.ts so the sale schema only spreads these fields in.
import { ID_MAX, isoDateField, moneyField } from './common.ts';

/** A gift card sold on the sale: `amount` is loaded onto card `number` (a liability, not revenue). */
export interface GiftCardLoad {
  loadId: string;
  /** The card number, normalised (shared/stored-value/card-number.ts). */
  number: string;
  /** Minor units, > 0. Σ payments = total + rounding + Σ loads. */
  amount: number;
  /** The card's balance after the load as the till knew it (online); printed on the receipt. */
  balanceAfter?: number;
}

/** Fields a stored-value payment (method `gift_card` or `store_credit`) may carry. */
export interface StoredValuePaymentFields {
  /** `gift_card`: the card number (normalised). Store credit is the sale's customer's. */
  card?: string;
  /** The server's authorisation (online check) this redemption used; absent = redeemed offline. */
  authorization?: string;
  /** A supervisor allowed a redemption above the till's offline allowance (an exception on the server). */
  overrideBy?: string;
  /** The balance left after this payment as the till knew it; printed on the receipt. */
  balanceAfter?: number;
  /** When the server's hold for `authorization` lapses, by the till's clock (docs/stored-value.md
   *  "Holds last until their sale arrives"); absent = the hold lasts until the sale arrives. Past it,
   *  the till counts the spend against its own offline allowance. */
  holdExpiresAt?: string;
}

/** Loyalty points on the sale (the customer is the sale's `customerId`). */
export interface SaleLoyalty {
  /** Points redeemed for a discount on this sale (whole blocks of the program's redemption rule). */
  redeemedPoints?: number;
  /** The discount those points gave, minor units: Σ of the lines' `loyaltyDiscount`. */
  redeemedAmount?: number;
  /** Points the till computed as earned (printed); the server credits its own computation. */
  earnedPoints?: number;
  /** The server's authorisation of the redemption (online check); absent = redeemed offline. */
  authorization?: string;
  /** A supervisor allowed a redemption above the till's offline allowance. */
  overrideBy?: string;
  /** When the server's hold for `authorization` lapses, by the till's clock; absent = never. */
  holdExpiresAt?: string;
  /** The customer's points after the sale as the till knew them; printed on the receipt. */
  balanceAfter?: number;
}

export const storedValuePaymentProperties = {
  card: { type: 'string', maxLength: 32 },
  authorization: { type: 'string', maxLength: ID_MAX },
  overrideBy: { type: 'string', maxLength: ID_MAX },
  balanceAfter: moneyField,
  holdExpiresAt: isoDateField,
} as const;

export const loyaltyLineProperties = {
  /** This line's share of the points discount, minor units; included in `discount`. */
  loyaltyDiscount: moneyField,
} as const;

export const storedValueSaleProperties = {
  giftCardLoads: {
    type: 'array',
    maxItems: 20,
    items: {
      type: 'object',
      properties: {
        loadId: { type: 'string', maxLength: ID_MAX },
        number: { type: 'string', maxLength: 32 },
        amount: { type: 'integer', minimum: 1 },
        balanceAfter: moneyField,
      },
      required: ['loadId', 'number', 'amount'],
      additionalProperties: false,
    },
  },
  loyalty: {
    type: 'object',
    properties: {
      redeemedPoints: { type: 'integer', minimum: 0 },
      redeemedAmount: { type: 'integer', minimum: 0 },
      earnedPoints: { type: 'integer' },
      authorization: { type: 'string', maxLength: ID_MAX },
      overrideBy: { type: 'string', maxLength: ID_MAX },
      holdExpiresAt: isoDateField,
      balanceAfter: { type: 'integer' },
    },
    additionalProperties: false,
  },
} as const;
