// Admin API: customers (`/api/admin/customers…`): list and search, merge two records of one
// person, and the history of a customer over every channel (channel orders and till sales).
// Declared once for the server's validation and the back office's types; the tills read the same
// history (`GET /api/till/customers/:id/history`, docs/till.md "Customers").
import { Type, type Static } from 'typebox';

const Id = Type.String({ minLength: 1, maxLength: 64 });

export const AdminCustomer = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  taxNumber: Type.Union([Type.String(), Type.Null()]),
  business: Type.Boolean(),
  /** The customer group that selects their pricelist (docs/pricing.md); null: none. */
  groupId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type AdminCustomer = Static<typeof AdminCustomer>;

export const CustomerQuery = Type.Object(
  {
    /** Prefix of the name, or part of the e-mail, or the phone number in any writing. */
    q: Type.Optional(Type.String({ maxLength: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type CustomerQuery = Static<typeof CustomerQuery>;

export const CustomerPage = Type.Object({ customers: Type.Array(AdminCustomer), total: Type.Integer(), offset: Type.Integer() });
export type CustomerPage = Static<typeof CustomerPage>;

/** `merge` is folded into `keep`: its orders, sales, returns and documents follow, and it leaves the tills. */
export const MergeCustomers = Type.Object({ keep: Id, merge: Id }, { additionalProperties: false });
export type MergeCustomers = Static<typeof MergeCustomers>;

export const MergeResult = Type.Object({
  kept: AdminCustomer,
  mergedId: Type.String(),
  moved: Type.Object({ orders: Type.Integer(), sales: Type.Integer(), returns: Type.Integer(), invoices: Type.Integer() }),
});
export type MergeResult = Static<typeof MergeResult>;

/** What came back of a till sale, in a customer's history. */
export const SALE_STATE = { APPLIED: 'applied', PARTLY_RETURNED: 'partly_returned', RETURNED: 'returned' } as const;

export const HistoryEntry = Type.Object({
  kind: Type.Union([Type.Literal('order'), Type.Literal('sale'), Type.Literal('return')]),
  id: Type.String(),
  /** The channel's order reference, or the till's receipt number. */
  reference: Type.String(),
  /** `web`, `marketplace`, … for orders; `store` for till sales. */
  channel: Type.String(),
  /** What people call it: the channel's name (back office, Channels) for orders, the store's name for till sales. */
  channelName: Type.String(),
  /** The store of a till sale; null for orders. */
  site: Type.Union([Type.String(), Type.Null()]),
  /**
   * Order state (open, done, cancelled); for a till sale `applied`, or SALE_STATE's
   * `partly_returned` / `returned` once returns took back some or all of it; `applied` for a return.
   */
  state: Type.String(),
  /** Minor units of `currency`; negative for returns. */
  total: Type.Integer(),
  currency: Type.String(),
  at: Type.String(),
});
export type HistoryEntry = Static<typeof HistoryEntry>;

export const HistoryQuery = Type.Object(
  {
    /** Entries before this instant (paging backwards from the newest). */
    before: Type.Optional(Type.String({ format: 'date-time' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type HistoryQuery = Static<typeof HistoryQuery>;

export const CustomerHistory = Type.Object({ customer: AdminCustomer, entries: Type.Array(HistoryEntry) });
export type CustomerHistory = Static<typeof CustomerHistory>;
