// Admin API: sales channels (web shop, marketplace, B2B portal) with their safety buffer, the
// routing of their delivery orders (which sites ship them: warehouses, stores), their invoicing
// policy (on delivery or on order) and the API keys they post orders with. A key is in the answer of its creation only; the server keeps
// its SHA-256. Declared once for the server's validation and the back office's types.
import { Type, type Static } from 'typebox';

export const ChannelCode = Type.String({ pattern: '^[a-z0-9_-]{1,32}$', description: '1-32 characters of a-z 0-9 _ -' });
const ChannelName = Type.String({ minLength: 1, maxLength: 100 });
/** Units held back from what GET /api/availability shows the channel, per warehouse. */
const Buffer = Type.Number({ minimum: 0, maximum: 1_000_000 });

/**
 * Which sites ship the channel's delivery orders, in what order (docs/channels.md, "Routing and ship
 * from store"): warehouses only (the default), stores first, the site holding most of the order,
 * or the channel's own list of sites, nearest first.
 */
export const RoutingPolicy = Type.Union([Type.Literal('warehouse-first'), Type.Literal('store-first'), Type.Literal('stock-richest'), Type.Literal('nearest')]);
export type RoutingPolicy = Static<typeof RoutingPolicy>;
export const ROUTING_POLICIES: readonly RoutingPolicy[] = ['warehouse-first', 'store-first', 'stock-richest', 'nearest'];

/**
 * When the channel's orders are invoiced (docs/warehouse.md "Invoicing policy"): `delivery` (the
 * default) invoices what each shipment or hand-over delivers; `order` invoices everything ordered
 * right after the order is accepted (prepaid web orders), its shipments then post only their cost.
 * A change applies to orders made from then on.
 */
export const InvoicePolicy = Type.Union([Type.Literal('delivery'), Type.Literal('order')]);
export type InvoicePolicy = Static<typeof InvoicePolicy>;
export const INVOICE_POLICIES: readonly InvoicePolicy[] = ['delivery', 'order'];

/** A site of the channel's routing list, as the back office shows it. */
export const RouteSite = Type.Object({ code: Type.String(), name: Type.String(), kind: Type.Union([Type.Literal('store'), Type.Literal('warehouse')]) });
export type RouteSite = Static<typeof RouteSite>;
/** Site codes in order of preference; for store-first and stock-richest, when not empty, the only sites that ship. */
const RoutingSites = Type.Array(Type.String({ pattern: '^[A-Z0-9_-]{1,32}$' }), { maxItems: 100, uniqueItems: true });

export const ChannelKeySummary = Type.Object({ id: Type.String(), name: Type.String(), createdAt: Type.String(), revokedAt: Type.Union([Type.String(), Type.Null()]) });
export type ChannelKeySummary = Static<typeof ChannelKeySummary>;

export const Channel = Type.Object({
  code: Type.String(), name: Type.String(), buffer: Type.Number(), routing: RoutingPolicy, routingSites: Type.Array(RouteSite),
  invoicePolicy: InvoicePolicy,
  /** When the policy took its value (ISO; null: never set, the default). Orders made before it keep the policy they were made under. */
  invoicePolicySince: Type.Union([Type.String(), Type.Null()]),
  orders: Type.Integer(), keys: Type.Array(ChannelKeySummary),
});
export type Channel = Static<typeof Channel>;
export const ChannelList = Type.Object({ channels: Type.Array(Channel) });
export type ChannelList = Static<typeof ChannelList>;

export const ChannelCreate = Type.Object({
  code: ChannelCode, name: ChannelName, buffer: Type.Optional(Buffer), routing: Type.Optional(RoutingPolicy), routingSites: Type.Optional(RoutingSites),
  invoicePolicy: Type.Optional(InvoicePolicy),
}, { additionalProperties: false });
export type ChannelCreate = Static<typeof ChannelCreate>;

export const ChannelPatch = Type.Object({
  name: Type.Optional(ChannelName), buffer: Type.Optional(Buffer), routing: Type.Optional(RoutingPolicy), routingSites: Type.Optional(RoutingSites),
  invoicePolicy: Type.Optional(InvoicePolicy),
}, { additionalProperties: false, minProperties: 1 });
export type ChannelPatch = Static<typeof ChannelPatch>;

export const ChannelCodeParams = Type.Object({ code: ChannelCode });

export const ChannelKeyCreate = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export type ChannelKeyCreate = Static<typeof ChannelKeyCreate>;

/** The only answer that carries the key. */
export const ChannelKeyCreated = Type.Object({ id: Type.String(), channel: Type.String(), name: Type.String(), key: Type.String() });
export type ChannelKeyCreated = Static<typeof ChannelKeyCreated>;

export const ChannelKeyRevoked = Type.Object({ id: Type.String(), revokedAt: Type.String() });
export type ChannelKeyRevoked = Static<typeof ChannelKeyRevoked>;
