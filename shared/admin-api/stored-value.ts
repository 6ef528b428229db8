// Admin API: gift cards, store credit, the offline allowance and the stored-value liability report
// (issue 17, docs/stored-value.md). Admins issue and change settings; managers can look.
import { Type, type Static } from 'typebox';
import { CARD_NUMBER_PATTERN } from '../stored-value/card-number.ts';
import { LoyaltyProgram } from '../stored-value/loyalty-program.ts';
import { StoredValueSettings } from '../stored-value/offline-allowance.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Amount = Type.Integer({ minimum: 1, maximum: 1_000_000_000 });
const Currency = Type.String({ pattern: '^[A-Z]{3}$' });
const Reason = Type.String({ minLength: 1, maxLength: 200 });

/** A gift card issued in the back office (a goodwill card, a card sold at head office…). Without a number the server makes one. */
export const GiftCardIssueInput = Type.Object(
  { number: Type.Optional(Type.String({ minLength: 6, maxLength: 40 })), amount: Amount, currency: Type.Optional(Currency), reason: Reason },
  { additionalProperties: false },
);
export type GiftCardIssueInput = Static<typeof GiftCardIssueInput>;

export const StoreCreditIssueInput = Type.Object({ customerId: Id, amount: Amount, currency: Type.Optional(Currency), reason: Reason }, { additionalProperties: false });
export type StoreCreditIssueInput = Static<typeof StoreCreditIssueInput>;

export const GiftCard = Type.Object({
  number: Type.String({ pattern: CARD_NUMBER_PATTERN }),
  currency: Type.String(),
  balance: Type.Integer(),
  /** Set aside by online authorisations of sales not yet arrived. */
  held: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type GiftCard = Static<typeof GiftCard>;
export const GiftCardList = Type.Object({ cards: Type.Array(GiftCard) });
export type GiftCardList = Static<typeof GiftCardList>;
export const GiftCardQuery = Type.Object({ number: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false });
export type GiftCardQuery = Static<typeof GiftCardQuery>;

export const StoreCredit = Type.Object({ customerId: Type.String(), customerName: Type.String(), currency: Type.String(), balance: Type.Integer() });
export type StoreCredit = Static<typeof StoreCredit>;

export { LoyaltyProgram, StoredValueSettings };

/** The loyalty program; null until an admin sets one. */
export const LoyaltyProgramView = Type.Object({ program: Type.Union([LoyaltyProgram, Type.Null()]) });
export type LoyaltyProgramView = Static<typeof LoyaltyProgramView>;

/** A customer's points and store credit as the server holds them. */
export const CustomerValue = Type.Object({
  customerId: Type.String(),
  customerName: Type.String(),
  points: Type.Integer(),
  storeCredit: Type.Array(Type.Object({ currency: Type.String(), amount: Type.Integer() })),
});
export type CustomerValue = Static<typeof CustomerValue>;

/** One kind of stored value: what the holders hold against what the ledger says it owes. */
export const LiabilityLine = Type.Object({
  kind: Type.Union([Type.Literal('gift_card'), Type.Literal('store_credit'), Type.Literal('points')]),
  label: Type.String(),
  /** The ledger account of the kind's posting role. */
  account: Type.String(),
  holders: Type.Integer(),
  /** Σ balances: minor units, or points for loyalty. */
  outstanding: Type.Integer(),
  /** Σ of what each movement was booked at, minor units (for money, = outstanding). */
  booked: Type.Integer(),
  /** The account's balance (credit − debit), minor units. */
  ledger: Type.Integer(),
  /** Set aside by online authorisations (not yet spent). */
  held: Type.Integer(),
});
export type LiabilityLine = Static<typeof LiabilityLine>;
export const LiabilityReport = Type.Object({ lines: Type.Array(LiabilityLine), balanced: Type.Boolean() });
export type LiabilityReport = Static<typeof LiabilityReport>;

/** An admin's change of a customer's store credit: more (> 0) or less (< 0), with the reason. Never below zero. */
export const StoreCreditAdjustInput = Type.Object(
  {
    customerId: Id,
    amount: Type.Integer({ minimum: -1_000_000_000, maximum: 1_000_000_000 }),
    currency: Type.Optional(Currency),
    reason: Reason,
  },
  { additionalProperties: false },
);
export type StoreCreditAdjustInput = Static<typeof StoreCreditAdjustInput>;

export const GiftCardParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });
export type GiftCardParams = Static<typeof GiftCardParams>;

/** One movement of a balance, newest first: what moved it, where, and who (for the back office's own changes). */
export const ValueMove = Type.Object({
  at: Type.String(),
  valueKind: Type.Union([Type.Literal('gift_card'), Type.Literal('store_credit'), Type.Literal('points')]),
  /** load: a card sold; issue: given or changed in the back office; redeem: spent; refund: given back by a return; earn: points earned (or taken back); merge: moved by a customer merge. */
  kind: Type.Union([Type.Literal('load'), Type.Literal('issue'), Type.Literal('redeem'), Type.Literal('refund'), Type.Literal('earn'), Type.Literal('merge')]),
  /** Signed: minor units of `currency`, or points. */
  amount: Type.Integer(),
  currency: Type.Union([Type.String(), Type.Null()]),
  site: Type.Union([Type.String(), Type.Null()]),
  till: Type.Union([Type.String(), Type.Null()]),
  receiptNo: Type.Union([Type.String(), Type.Null()]),
  /** Redeemed offline, within the till's allowance. */
  offline: Type.Boolean(),
  /** The supervisor who let an offline redemption past the allowance. */
  overrideBy: Type.Union([Type.String(), Type.Null()]),
  /** Back-office changes: who, and why. */
  by: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type ValueMove = Static<typeof ValueMove>;
export const ValueMoveList = Type.Object({ moves: Type.Array(ValueMove) });
export type ValueMoveList = Static<typeof ValueMoveList>;
