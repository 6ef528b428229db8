// The till's online check before it redeems stored value (issue 17 point 5, docs/stored-value.md):
// `POST /api/stored-value/authorize` sets the amount aside for this sale's payment until the sale
// arrives (it takes it) or the till lets it go (`POST /api/stored-value/release`). Asked again with
// the same sale and reference it answers the same way, so a retried request holds nothing twice.
// `GET /api/stored-value/balance` tells a till what a card or customer has (nothing set aside).
import { Type, type Static } from 'typebox';
import { CARD_NUMBER_PATTERN } from './card-number.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });
export const ValueKindSchema = Type.Union([Type.Literal('gift_card'), Type.Literal('store_credit'), Type.Literal('points')]);

/** Which holder of value: a gift card by its number; a customer's store credit (in `currency`) or points. */
export const ValueHolder = Type.Object(
  {
    kind: ValueKindSchema,
    card: Type.Optional(Type.String({ pattern: CARD_NUMBER_PATTERN })),
    customerId: Type.Optional(Id),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  },
  { additionalProperties: false },
);
export type ValueHolder = Static<typeof ValueHolder>;

export const AuthorizeRequest = Type.Object(
  {
    ...ValueHolder.properties,
    /** Minor units, or points. */
    amount: Type.Integer({ minimum: 1, maximum: 10_000_000_000_000 }),
    /** The sale the redemption belongs to and the payment within it (`points` for a points redemption). */
    saleId: Id,
    ref: Id,
  },
  { additionalProperties: false },
);
export type AuthorizeRequest = Static<typeof AuthorizeRequest>;

export const AuthorizeResponse = Type.Object({
  approved: Type.Boolean(),
  /** Set when approved: the till writes it on the payment (`authorization`). */
  authorizationId: Type.Optional(Type.String()),
  balance: Type.Integer(),
  /** Balance less what other sales' authorisations hold. */
  available: Type.Integer(),
  /** When approved: what is left once this redemption is taken (printed on the receipt). */
  balanceAfter: Type.Optional(Type.Integer()),
  /** When approved: the hold lapses then if the sale has not arrived (settings `holdMinutes`); the sale is still applied after it. */
  expiresAt: Type.Optional(Type.String()),
  /** With `expiresAt`: how long the hold lasts from when the server granted it. A till adds it to
   *  its own clock's time of asking, so it counts the hold lapsed no later than the server does,
   *  however far its clock is from the server's. */
  holdSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
  currency: Type.Optional(Type.String()),
});
export type AuthorizeResponse = Static<typeof AuthorizeResponse>;

export const ReleaseRequest = Type.Object({ authorizationId: Id }, { additionalProperties: false });
export type ReleaseRequest = Static<typeof ReleaseRequest>;
export const ReleaseResponse = Type.Object({ released: Type.Boolean() });
export type ReleaseResponse = Static<typeof ReleaseResponse>;

export const BalanceQuery = ValueHolder;
export const BalanceResponse = Type.Object({
  known: Type.Boolean(),
  balance: Type.Integer(),
  available: Type.Integer(),
  currency: Type.Optional(Type.String()),
});
export type BalanceResponse = Static<typeof BalanceResponse>;
