// Outbound webhooks (issue 16): the event types channels subscribe to, and the admin API's
// request/response bodies for endpoints and their delivery log — declared once, giving Fastify's
// validation and the TypeScript types.
import { type Static, Type } from 'typebox';

export const WEBHOOK_EVENT_TYPES = [
  'order.created',
  'order.reserved',
  'order.backordered',
  'order.ready_for_pickup',
  'order.shipped',
  'order.picked_up',
  'order.cancelled',
  'order.lines_cancelled',
  'return.requested',
  'return.received',
  'return.cancelled',
  'stock.available_changed',
  'exception.opened',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const Channel = Type.String({ pattern: '^[a-z0-9_-]{1,32}$' });
const EventType = Type.Enum([...WEBHOOK_EVENT_TYPES]);

export const WebhookEndpointCreate = Type.Object(
  {
    url: Type.String({ pattern: '^https?://', maxLength: 2000 }),
    description: Type.Optional(Type.String({ maxLength: 200 })),
    channel: Type.Optional(Channel),
    eventTypes: Type.Array(EventType, { minItems: 1, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type WebhookEndpointCreate = Static<typeof WebhookEndpointCreate>;

export const WebhookEndpointUpdate = Type.Object(
  {
    url: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 2000 })),
    description: Type.Optional(Type.String({ maxLength: 200 })),
    eventTypes: Type.Optional(Type.Array(EventType, { minItems: 1, uniqueItems: true })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type WebhookEndpointUpdate = Static<typeof WebhookEndpointUpdate>;

const DeliveryState = Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]);

/** The newest delivery of an endpoint, as its list shows it (no delivery yet: null). */
export const WebhookLastDelivery = Type.Object({
  type: Type.String(),
  state: DeliveryState,
  attempts: Type.Integer(),
  lastStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  /** When it was made, or delivered when it succeeded. */
  at: Type.String(),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
});
export type WebhookLastDelivery = Static<typeof WebhookLastDelivery>;

export const WebhookEndpoint = Type.Object({
  id: Type.String(),
  url: Type.String(),
  description: Type.String(),
  channel: Type.Union([Channel, Type.Null()]),
  eventTypes: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  disabledReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  /** Given by the list of endpoints only. */
  lastDelivery: Type.Optional(Type.Union([WebhookLastDelivery, Type.Null()])),
});
export type WebhookEndpoint = Static<typeof WebhookEndpoint>;

/** Returned when an endpoint is made or its secret rotated: the secret is shown this once. */
export const WebhookEndpointWithSecret = Type.Intersect([WebhookEndpoint, Type.Object({ secret: Type.String() })]);
export type WebhookEndpointWithSecret = Static<typeof WebhookEndpointWithSecret>;

export const WebhookSecretRotation = Type.Object(
  {
    /** How long the previous secret keeps signing (default one day). */
    overlapSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 86_400 })),
  },
  { additionalProperties: false },
);
export type WebhookSecretRotation = Static<typeof WebhookSecretRotation>;

export const WebhookAttempt = Type.Object({
  attempt: Type.Integer(),
  attemptedAt: Type.String(),
  status: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  durationMs: Type.Integer(),
});

export const WebhookDelivery = Type.Object({
  id: Type.String(),
  eventId: Type.String(),
  type: Type.String(),
  resource: Type.String(),
  sequence: Type.Integer(),
  state: DeliveryState,
  attempts: Type.Integer(),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  lastStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  deliveredAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  log: Type.Array(WebhookAttempt),
});
export type WebhookDelivery = Static<typeof WebhookDelivery>;

export const WebhookDeliveryQuery = Type.Object(
  {
    state: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type WebhookDeliveryQuery = Static<typeof WebhookDeliveryQuery>;
