// Warehouse work (server-owned): deliveries, receipts, transfers and counts for the device's site.
import type { RxJsonSchema } from 'rxdb';
import { idField } from './common.ts';

export interface PickingLine {
  lineId: string;
  productId: string;
  /** Quantity to move in this step. */
  qty: number;
  /** Source location suggested by the reservation (deliveries) or expected (counts). */
  fromLocationId: string;
  toLocationId: string;
  /** Lot reserved for this line (FEFO), when the product is lot-tracked. */
  lot?: string;
  expiry?: string;
  /** The order line this line serves (deliveries of orders). */
  orderLineId?: string;
}

/** One line of a click-and-collect order, as the whole order stands on the server. */
export interface PickupOrderLine {
  orderLineId: string;
  productId: string;
  /** Ordered quantity. */
  qty: number;
  /** Handed over so far (every till, every hand-over the server applied). */
  handedOver: number;
  /** Released or cancelled (never to be handed over). */
  cancelled: number;
  /** The order's unit price, minor units (what the till charges when the order is paid at pickup). */
  unitPrice: number;
  /** What promotions took off the whole line, minor units (schema v5; absent: none). A hand-over
   *  charges qty × unitPrice less its share of it (shared/pricing/discount-share.ts). */
  discount?: number;
}

/** A transfer bringing a pickup order's goods to its store (docs/channels.md "Click-and-collect"). */
export interface PickupTransfer {
  /** The shipment's reference at the sending site. */
  reference: string;
  /** The sending site's name (shown to the cashier). */
  from: string;
  /** to_ship: the sending site has not sent it yet; in_transit: sent, not received at the store. */
  state: 'to_ship' | 'in_transit';
  /** ISO instant the sending site shipped it. */
  sentAt?: string;
  /** Per product, the units still to arrive. */
  lines: { productId: string; qty: number }[];
}

export interface PickupInfo {
  /** The channel's order reference (what the customer quotes or shows as a code). */
  orderRef: string;
  channel: string;
  customerName?: string;
  customerId?: string;
  /** The customer pays at the till (else the channel took the payment). */
  payAtPickup?: boolean;
  /** ISO instant after which the server releases what was not collected (the store's hold days). */
  collectBy?: string;
  currency?: string;
  lines?: PickupOrderLine[];
  /** Ids of the till hand-overs (sale events) the order's quantities already include. */
  handedOverBy?: string[];
  /** Transfers on their way to the store for this order (schema v4); absent when none. */
  transfers?: PickupTransfer[];
}

/**
 * Whom or where the work is for (schema v6), as Odoo's barcode app shows a picking's partner and
 * source document: an order's customer, a purchase order's supplier, the site a transfer goes to,
 * or the site a transfer's arrival comes from. `name` is absent when an order has no customer name.
 */
export interface PickingPartner {
  role: 'customer' | 'supplier' | 'destination' | 'source';
  name?: string;
  /** The order's channel reference, the purchase order's reference, or the sending shipment's. */
  reference?: string;
}

export interface Picking {
  id: string;
  kind: 'delivery' | 'receipt' | 'transfer' | 'count';
  /** Route step: pick, pack, ship, receive, transfer or count. */
  step: string;
  siteId: string;
  reference: string;
  /** `waiting` only for a pickup order's picking at its store whose goods are not there yet (v4). */
  state: 'waiting' | 'ready' | 'in_progress' | 'done' | 'cancelled';
  /** Device that claimed the work, if any. */
  claimedBy?: string;
  orderId?: string;
  /** A click-and-collect order's delivery at the store: what the till shows and searches offline. */
  pickup?: PickupInfo;
  /** Count tasks: show the quantities the books expect (absent: the site's setting, for tasks made before tasks said it). */
  showsExpected?: boolean;
  /** Whom or where it is for (v6); absent for counts and moves inside a site. */
  partner?: PickingPartner;
  lines: PickingLine[];
  createdAt: string;
  updatedAt: string;
}

export const pickingSchema = {
  title: 'pickings',
  description: 'Work for scanner stations and store pickups; server-owned.',
  // 1: optional `pickup` (click-and-collect); 2: optional `showsExpected` (count tasks); 3: the
  // order's lines, payment, collection date and applied hand-overs in `pickup`, `orderLineId` on
  // lines (the till's hand-over); 4: state `waiting` (a pickup order's goods not in the store yet)
  // and `pickup.transfers` (on their way to it); 5: `discount` on the order's lines (promotions,
  // coupons), so a hand-over paid at the till charges the order's price after them; 6: `partner`
  // (the customer, supplier or other site the work is for), shown on the station's work list.
  // schemaMigrations in index.ts carries old documents over. Tills of version 3 ignore state `waiting`
  // and `transfers`: they list only ready and in-progress documents.
  version: 6,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    kind: { type: 'string', enum: ['delivery', 'receipt', 'transfer', 'count'] },
    step: { type: 'string', maxLength: 16 },
    siteId: idField,
    reference: { type: 'string', maxLength: 64 },
    state: { type: 'string', enum: ['waiting', 'ready', 'in_progress', 'done', 'cancelled'], maxLength: 16 },
    claimedBy: idField,
    orderId: idField,
    pickup: {
      type: 'object',
      properties: {
        orderRef: { type: 'string', maxLength: 100 },
        channel: { type: 'string', maxLength: 32 },
        customerName: { type: 'string', maxLength: 200 },
        customerId: idField,
        payAtPickup: { type: 'boolean' },
        collectBy: { type: 'string', maxLength: 40 },
        currency: { type: 'string', maxLength: 3 },
        lines: {
          type: 'array',
          maxItems: 500,
          items: {
            type: 'object',
            properties: {
              orderLineId: { type: 'string', maxLength: 64 },
              productId: { type: 'string', maxLength: 64 },
              qty: { type: 'number' },
              handedOver: { type: 'number' },
              cancelled: { type: 'number' },
              unitPrice: { type: 'integer' },
              discount: { type: 'integer', minimum: 0 },
            },
            required: ['orderLineId', 'productId', 'qty', 'handedOver', 'cancelled', 'unitPrice'],
            additionalProperties: false,
          },
        },
        handedOverBy: { type: 'array', maxItems: 1000, items: { type: 'string', maxLength: 64 } },
        transfers: {
          type: 'array',
          maxItems: 100,
          items: {
            type: 'object',
            properties: {
              reference: { type: 'string', maxLength: 64 },
              from: { type: 'string', maxLength: 200 },
              state: { type: 'string', enum: ['to_ship', 'in_transit'] },
              sentAt: { type: 'string', maxLength: 40 },
              lines: {
                type: 'array',
                maxItems: 500,
                items: {
                  type: 'object',
                  properties: { productId: { type: 'string', maxLength: 64 }, qty: { type: 'number' } },
                  required: ['productId', 'qty'],
                  additionalProperties: false,
                },
              },
            },
            required: ['reference', 'from', 'state', 'lines'],
            additionalProperties: false,
          },
        },
      },
      required: ['orderRef', 'channel'],
      additionalProperties: false,
    },
    showsExpected: { type: 'boolean' },
    partner: {
      type: 'object',
      properties: {
        role: { type: 'string', enum: ['customer', 'supplier', 'destination', 'source'] },
        name: { type: 'string', maxLength: 200 },
        reference: { type: 'string', maxLength: 100 },
      },
      required: ['role'],
      additionalProperties: false,
    },
    lines: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        properties: {
          lineId: { type: 'string', maxLength: 64 },
          productId: { type: 'string', maxLength: 64 },
          qty: { type: 'number' },
          fromLocationId: { type: 'string', maxLength: 64 },
          toLocationId: { type: 'string', maxLength: 64 },
          lot: { type: 'string', maxLength: 40 },
          expiry: { type: 'string', maxLength: 10 },
          orderLineId: { type: 'string', maxLength: 64 },
        },
        required: ['lineId', 'productId', 'qty', 'fromLocationId', 'toLocationId'],
        additionalProperties: false,
      },
    },
    createdAt: { type: 'string', maxLength: 40 },
    updatedAt: { type: 'string', maxLength: 40 },
  },
  required: ['id', 'kind', 'step', 'siteId', 'reference', 'state', 'lines', 'createdAt', 'updatedAt'],
  indexes: ['state'],
  additionalProperties: false,
} as const satisfies RxJsonSchema<Picking>;
