// GET /api/orders for channels that poll (docs/channels.md): the orders of a channel that changed
// since an instant or after a cursor, oldest change first. Declared once for the server's
// validation and the callers' types.
import { Type, type Static } from 'typebox';

export const OrderListQuery = Type.Object(
  {
    /** Required for managers' sessions reading one channel; a channel key reads its own channel. */
    channel: Type.Optional(Type.String({ pattern: '^[a-z0-9_-]{1,32}$' })),
    /** Orders made or changed at or after this instant (first call). */
    since: Type.Optional(Type.String({ format: 'date-time' })),
    /** The `cursor` of the previous page: orders that changed after it. Opaque. */
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type OrderListQuery = Static<typeof OrderListQuery>;
