// Moving and counting stock: transfers inside a warehouse or to another site, and count tasks
// (locations or products, blind or not) for the scanner stations. Declared once for the server's
// validation and the back office's types; URLs are those of docs/warehouse.md (/api/transfers,
// /api/count-tasks).
import { Type, type Static } from 'typebox';
import { Id, Paging, PickingState, ProductRef, Qty, SiteCode } from './warehouse.ts';
import { PickingRef } from './warehouse-purchasing.ts';

export const TransferBody = Type.Object(
  {
    /** The site the goods leave — a warehouse or a store (its stations pick them). */
    warehouse: SiteCode,
    /** Another site (store or warehouse) the goods go to; absent: a move inside `warehouse`. */
    toSite: Type.Optional(SiteCode),
    /** With `toSite`: where they are put away there (an internal location; default its Stock). */
    arrivalLocationId: Type.Optional(Id),
    lines: Type.Array(
      Type.Object(
        {
          productId: Id,
          qty: Qty,
          fromLocationId: Id,
          /** Inside the warehouse: where the line goes (required then); with `toSite`, leave it out. */
          toLocationId: Type.Optional(Id),
          lot: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'move this lot only; without it, first-expiring first' })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);
export type TransferBody = Static<typeof TransferBody>;
export const TransferMade = Type.Object({
  pickingId: Type.String(),
  reference: Type.String(),
  /** The site the goods go to (the warehouse itself for a move inside it). */
  toSite: Type.String(),
  /** The waiting picking holding what could not be reserved yet, if any. */
  backorderId: Type.Union([Type.String(), Type.Null()]),
});

const Note = Type.String({ maxLength: 500 });

/** A site asks another for stock: a transfer in state `requested` at the source, until the source accepts it. */
export const TransferRequestBody = Type.Object(
  {
    /** The site asked for the goods (a warehouse or a store). */
    fromSite: SiteCode,
    /** The site that needs them. */
    toSite: SiteCode,
    /** Where they are put away at `toSite` (an internal location; default its Stock). */
    arrivalLocationId: Type.Optional(Id),
    note: Type.Optional(Note),
    lines: Type.Array(
      Type.Object({ productId: Id, qty: Qty, lot: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })) }, { additionalProperties: false }),
      { minItems: 1, maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);
export type TransferRequestBody = Static<typeof TransferRequestBody>;
/**
 * A device asks for stock for its own site: a store's till (POST /api/till/transfer-requests,
 * docs/till.md "Request stock") or a scanner station of a store or warehouse (POST
 * /api/scanner/transfer-requests, docs/scanner-station.md "Request stock") — the same request, by
 * the person the device names.
 */
export const DeviceTransferRequestBody = Type.Object(
  {
    fromSite: SiteCode,
    note: Type.Optional(Note),
    /** Who asks: at a till the store's supervisor (logged in or approving with their PIN); at a station the picker or supervisor logged in there (or a manager or admin). */
    requestedBy: Id,
    lines: Type.Array(Type.Object({ productId: Id, qty: Qty }, { additionalProperties: false }), { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false },
);
export type DeviceTransferRequestBody = Static<typeof DeviceTransferRequestBody>;
export const TransferRequested = Type.Object({ pickingId: Type.String(), reference: Type.String(), state: Type.Literal('requested'), fromSite: Type.String(), toSite: Type.String() });
export type TransferRequested = Static<typeof TransferRequested>;

export const TransferDecisionParams = Type.Object({ id: Id, decision: Type.Union([Type.Literal('accept'), Type.Literal('decline')]) });
export const TransferDecisionBody = Type.Object({ note: Type.Optional(Note) }, { additionalProperties: false });
export type TransferDecisionBody = Static<typeof TransferDecisionBody>;
/** Accepted: `ready` (all reserved) or `waiting` (nothing yet), `backorderId` holding what waits; declined: `cancelled`. */
export const TransferDecided = Type.Object({
  pickingId: Type.String(), reference: Type.String(), state: PickingState, backorderId: Type.Union([Type.String(), Type.Null()]),
});
export type TransferDecided = Static<typeof TransferDecided>;

/** `warehouse`: the source site (a warehouse or a store); `toSite`: transfers going to that site. */
export const MovesQuery = Type.Object({ warehouse: Type.Optional(SiteCode), toSite: Type.Optional(SiteCode), state: Type.Optional(PickingState), ...Paging }, { additionalProperties: false });
export type MovesQuery = Static<typeof MovesQuery>;

export const Transfer = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  warehouse: Type.String(),
  /** The site the goods go to (the warehouse itself for a move inside it). */
  toSite: Type.String(),
  state: PickingState,
  createdAt: Type.String(),
  doneAt: Type.Union([Type.String(), Type.Null()]),
  backorderOf: Type.Union([Type.String(), Type.Null()]),
  lines: Type.Array(Type.Object({ product: ProductRef, qty: Type.Number(), done: Type.Number(), from: Type.String(), to: Type.String(), lot: Type.String() })),
  /** A requested transfer: who asked (display name) and their note; null when a manager made it. */
  requestedBy: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  /** Between sites: units that left the source and are not received yet (in its transit location). */
  inTransit: Type.Number(),
  /** Between sites: the receipt at the destination, once the goods left. */
  arrival: Type.Union([Type.Object({ ...PickingRef.properties, site: Type.String() }), Type.Null()]),
});
export type Transfer = Static<typeof Transfer>;
export const TransferPage = Type.Object({ transfers: Type.Array(Transfer), total: Type.Integer() });
export type TransferPage = Static<typeof TransferPage>;

export const CountTaskBody = Type.Object(
  {
    warehouse: SiteCode,
    /** One location (as before); `locationIds` may name several. */
    locationId: Type.Optional(Id),
    locationIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 200 })),
    /** Count these products only (in the chosen locations, or wherever the warehouse holds them). */
    productIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 200 })),
    /** Hide the expected quantities from the picker; default: the warehouse's setting. */
    blind: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CountTaskBody = Static<typeof CountTaskBody>;
export const CountTaskMade = Type.Object({ pickingId: Type.String(), reference: Type.String(), lines: Type.Integer(), blind: Type.Boolean() });
export type CountTaskMade = Static<typeof CountTaskMade>;

export const CountTask = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  warehouse: Type.String(),
  state: PickingState,
  blind: Type.Boolean(),
  /** Full names of the locations it lists (or the one it was made for). */
  locations: Type.Array(Type.String()),
  /** The first products it lists (up to 10, by name); `lines` says how many lines it has. */
  products: Type.Array(ProductRef),
  lines: Type.Integer(),
  createdAt: Type.String(),
  doneAt: Type.Union([Type.String(), Type.Null()]),
  /** Adjustments of its validation that wait for a manager's approval. */
  pendingApprovals: Type.Integer(),
});
export type CountTask = Static<typeof CountTask>;
export const CountTaskPage = Type.Object({ countTasks: Type.Array(CountTask), total: Type.Integer() });
export type CountTaskPage = Static<typeof CountTaskPage>;
