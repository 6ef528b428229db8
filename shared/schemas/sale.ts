// The sale document (PROTOCOL.md "Sale document"): an immutable fact made on a till.
// Sales and returns share one collection; a return is `kind: 'return'` with negative totals
// and lines pointing at the original sale line through `returnOf`.
import type { RxJsonSchema } from 'rxdb';
import { HASH_HEX_LENGTH, ID_MAX, idField, isoDateField, moneyField } from './common.ts';
import {
  type GiftCardLoad, loyaltyLineProperties, type SaleLoyalty, storedValuePaymentProperties, storedValueSaleProperties, type StoredValuePaymentFields,
} from './sale-stored-value.ts';

export interface LineTax {
  taxId: string;
  /** Percent, e.g. 20 for 20 %. */
  rate: number;
  /** Tax contained in (inclusive) or added to (exclusive) the line total, minor units. */
  amount: number;
}

export interface PriceOverride {
  /** Catalog unit price before the override, minor units. */
  originalPrice: number;
  /** Supervisor who approved, when approval was required. */
  approvedBy?: string;
}

export interface SaleLine {
  lineId: string;
  productId: string;
  sku?: string;
  name?: string;
  /** Quantity sold (negative on returns); fractional for weighed goods. */
  qty: number;
  unitPrice: number;
  /** Line discount plus this line's share of the order discount, minor units, ≥ 0 on sales. */
  discount: number;
  /** What the customer pays for the line, tax included: base + Σ taxes (see shared/tax).
   *  For tax-inclusive prices this is qty × unitPrice − discount. */
  total: number;
  taxes: LineTax[];
  lot?: string;
  serial?: string;
  /** Returns only: the original sale line. */
  returnOf?: { saleId: string; lineId: string };
  /** Returns only: put back into sellable stock (true) or send to inspection/scrap (false). */
  restock?: boolean;
  priceOverride?: PriceOverride;
  /** Supervisor who approved a discount above the threshold. */
  discountApprovedBy?: string;
  /** The pricelist rule that set `unitPrice` (docs/pricing.md); absent = the catalog price. */
  pricelistItemId?: string;
  /** What each promotion took off this line, minor units; included in `discount`. */
  promotions?: LinePromotionAmount[];
  /** This line's share of the loyalty points discount (`Sale.loyalty`), minor units; included in `discount`. */
  loyaltyDiscount?: number;
  /** A collected order's line charged at the till (sale.pickup), or a returned channel order's line
   *  (sale.returnOfOrder): the order line, at the order's price. */
  orderLineId?: string;
}

export interface LinePromotionAmount {
  promotionId: string;
  amount: number;
}

export interface Payment extends StoredValuePaymentFields {
  paymentId: string;
  method: 'cash' | 'card' | (string & {});
  amount: number;
  tendered?: number;
  change?: number;
  /** Card terminal approval code confirmed by the cashier. */
  reference?: string;
  /** The supervisor who approved this tender (a cash refund of a channel order). */
  approvedBy?: string;
}

/** A payment taken and then voided before the sale was completed (e.g. a card approval reversed on the terminal). */
export interface VoidedPayment extends Payment {
  voidedAt: string;
  /** Who voided it (the cashier at the till). */
  voidedBy: string;
}

/** What one order line handed over at the till (`Sale.pickup`). */
export interface PickupLine {
  orderLineId: string;
  productId: string;
  /** Product name as the till showed it (for the receipt). */
  name?: string;
  qty: number;
}

/**
 * A click-and-collect order handed over at the till (docs/channels.md "Click-and-collect"). The
 * goods come out of the order's reservation in the store. An order paid online has no sale lines
 * for them (total 0); an order paid at pickup is charged by sale lines that carry `orderLineId`.
 */
export interface SalePickup {
  orderId: string;
  /** The channel's order reference, printed on the receipt. */
  orderRef: string;
  lines: PickupLine[];
}

/**
 * Endless aisle (docs/channels.md "Endless aisle"): where a customer order taken at the till is
 * served from. `site` is the code of the store or warehouse that reserves it; a delivery goes to
 * `address`, a pickup is collected at `site` (a store).
 */
export interface CustomerOrderFulfillment {
  type: 'delivery' | 'pickup';
  site: string;
  /** Delivery only: the customer's name and postal address as the cashier typed them. */
  address?: string;
  /** Delivery only: a phone number for the carrier. */
  phone?: string;
}

/**
 * A customer order carried by a till sale: the sale's lines named here are paid now but not taken
 * from the store's shelf; the server reserves them at `fulfillment.site` and creates the delivery
 * (or the pickup) — or, when the stock is gone by the time the sale arrives, flags the sale
 * (`customer_order_unavailable`) for a refund.
 */
export interface SaleCustomerOrder {
  fulfillment: CustomerOrderFulfillment;
  /** The ordered sale lines (`SaleLine.lineId`). */
  lines: { lineId: string }[];
}

/**
 * A channel order (web, marketplace) returned at the till (docs/channels.md "Returns at a store"):
 * the return's lines name the order lines they take back (`orderLineId`); the server books the credit
 * note against the order's invoice and tells the channel (`return.received`).
 */
export interface SaleOrderReturn {
  orderId: string;
  /** The channel's order reference, printed on the receipt. */
  orderRef: string;
  channel?: string;
}

export interface Sale {
  id: string;
  kind: 'sale' | 'return';
  tillId: string;
  siteId: string;
  sessionId: string;
  cashierId: string;
  seq: number;
  receiptNo: string;
  createdAt: string;
  currency: string;
  customerId?: string;
  /** The customer asked for an invoice (business customers). */
  invoiceRequested?: boolean;
  /** Order-level discount before allocation to lines, minor units. */
  orderDiscount?: number;
  orderDiscountApprovedBy?: string;
  /** Coupon codes applied to the sale (normalised); the server counts their uses. */
  couponCodes?: string[];
  /** Returns only: the original sale. */
  returnOfSaleId?: string;
  /** A click-and-collect order handed over with this sale. */
  pickup?: SalePickup;
  /** Endless aisle: some lines are ordered from another site (or for delivery), paid now. */
  customerOrder?: SaleCustomerOrder;
  /** Returns only: the channel order the goods come back from (lines carry `orderLineId`). */
  returnOfOrder?: SaleOrderReturn;
  lines: SaleLine[];
  payments: Payment[];
  /** Payments recorded on the pay screen and voided before completion: kept for the audit trail,
   *  not part of Σ payments = total. */
  voidedPayments?: VoidedPayment[];
  /** Cash rounding (shared/money/sale-rounding.ts): the cash part rounded to the site's step, less
   *  the cash part, minor units; positive when the customer pays more. Absent = 0.
   *  Σ payments = total + rounding. */
  rounding?: number;
  /** Gift cards sold on this sale (docs/stored-value.md): Σ payments = total + rounding + Σ loads. */
  giftCardLoads?: GiftCardLoad[];
  /** Loyalty points redeemed and earned (docs/stored-value.md). */
  loyalty?: SaleLoyalty;
  total: number;
  prevHash: string;
  hash: string;
}

const hashField = { type: 'string', minLength: HASH_HEX_LENGTH, maxLength: HASH_HEX_LENGTH, pattern: '^[0-9a-f]{64}$' } as const;

/** A payment as recorded on the sale; a voided one carries the same fields plus who voided it and when. */
const paymentProperties = {
  paymentId: { type: 'string', maxLength: ID_MAX },
  method: { type: 'string', maxLength: 32 },
  amount: moneyField,
  tendered: moneyField,
  change: moneyField,
  reference: { type: 'string', maxLength: 64 },
  approvedBy: { type: 'string', maxLength: ID_MAX },
  ...storedValuePaymentProperties,
} as const;

export const saleSchema = {
  title: 'sales',
  description: 'Sales and returns made on a till; device-owned, append-only.',
  // 1: optional fields added (issue 12); 2: `rounding` (cash rounding); 3: pricing fields (issue 17);
  // 4: gift cards, stored-value tenders and loyalty points (issue 17, sale-stored-value.ts).
  // 5: `pickup` and lines' `orderLineId` (click-and-collect hand-over, issue 16).
  // 6: `customerOrder` (endless aisle, issue 16 point 3).
  // 7: `returnOfOrder` and payments' `approvedBy` (a channel order returned at the till, issue 16).
  // 8: payments' and loyalty's `holdExpiresAt` (when an online authorisation's hold lapses, issue 17).
  // schemaMigrations in index.ts carries old documents over.
  version: 8,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    kind: { type: 'string', enum: ['sale', 'return'] },
    tillId: idField,
    siteId: idField,
    sessionId: idField,
    cashierId: idField,
    seq: { type: 'integer', minimum: 1, maximum: 1e15, multipleOf: 1 },
    receiptNo: { type: 'string', maxLength: 40 },
    createdAt: isoDateField,
    currency: { type: 'string', minLength: 3, maxLength: 3 },
    customerId: idField,
    invoiceRequested: { type: 'boolean' },
    orderDiscount: moneyField,
    orderDiscountApprovedBy: idField,
    couponCodes: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 32 } },
    returnOfSaleId: idField,
    pickup: {
      type: 'object',
      properties: {
        orderId: { type: 'string', maxLength: ID_MAX },
        orderRef: { type: 'string', maxLength: 100 },
        lines: {
          type: 'array',
          minItems: 1,
          maxItems: 500,
          items: {
            type: 'object',
            properties: {
              orderLineId: { type: 'string', maxLength: ID_MAX },
              productId: { type: 'string', maxLength: ID_MAX },
              name: { type: 'string', maxLength: 200 },
              qty: { type: 'number', minimum: 0, maximum: 1_000_000 },
            },
            required: ['orderLineId', 'productId', 'qty'],
            additionalProperties: false,
          },
        },
      },
      required: ['orderId', 'orderRef', 'lines'],
      additionalProperties: false,
    },
    customerOrder: {
      type: 'object',
      properties: {
        fulfillment: {
          type: 'object',
          properties: {
            type: { type: 'string', enum: ['delivery', 'pickup'] },
            site: { type: 'string', maxLength: 32 },
            address: { type: 'string', maxLength: 500 },
            phone: { type: 'string', maxLength: 40 },
          },
          required: ['type', 'site'],
          additionalProperties: false,
        },
        lines: {
          type: 'array',
          minItems: 1,
          maxItems: 500,
          items: {
            type: 'object',
            properties: { lineId: { type: 'string', maxLength: ID_MAX } },
            required: ['lineId'],
            additionalProperties: false,
          },
        },
      },
      required: ['fulfillment', 'lines'],
      additionalProperties: false,
    },
    returnOfOrder: {
      type: 'object',
      properties: {
        orderId: { type: 'string', maxLength: ID_MAX },
        orderRef: { type: 'string', maxLength: 100 },
        channel: { type: 'string', maxLength: 32 },
      },
      required: ['orderId', 'orderRef'],
      additionalProperties: false,
    },
    lines: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        properties: {
          lineId: { type: 'string', maxLength: ID_MAX },
          productId: { type: 'string', maxLength: ID_MAX },
          sku: { type: 'string', maxLength: 64 },
          name: { type: 'string', maxLength: 200 },
          qty: { type: 'number' },
          unitPrice: moneyField,
          discount: moneyField,
          total: moneyField,
          taxes: {
            type: 'array',
            maxItems: 8,
            items: {
              type: 'object',
              properties: {
                taxId: { type: 'string', maxLength: ID_MAX },
                rate: { type: 'number', minimum: 0, maximum: 100 },
                amount: moneyField,
              },
              required: ['taxId', 'rate', 'amount'],
              additionalProperties: false,
            },
          },
          lot: { type: 'string', maxLength: 40 },
          serial: { type: 'string', maxLength: 40 },
          returnOf: {
            type: 'object',
            properties: {
              saleId: { type: 'string', maxLength: ID_MAX },
              lineId: { type: 'string', maxLength: ID_MAX },
            },
            required: ['saleId', 'lineId'],
            additionalProperties: false,
          },
          restock: { type: 'boolean' },
          priceOverride: {
            type: 'object',
            properties: {
              originalPrice: moneyField,
              approvedBy: { type: 'string', maxLength: ID_MAX },
            },
            required: ['originalPrice'],
            additionalProperties: false,
          },
          discountApprovedBy: { type: 'string', maxLength: ID_MAX },
          pricelistItemId: { type: 'string', maxLength: ID_MAX },
          promotions: {
            type: 'array',
            maxItems: 20,
            items: {
              type: 'object',
              properties: { promotionId: { type: 'string', maxLength: ID_MAX }, amount: moneyField },
              required: ['promotionId', 'amount'],
              additionalProperties: false,
            },
          },
          ...loyaltyLineProperties,
          orderLineId: { type: 'string', maxLength: ID_MAX },
        },
        required: ['lineId', 'productId', 'qty', 'unitPrice', 'discount', 'total', 'taxes'],
        additionalProperties: false,
      },
    },
    payments: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        properties: paymentProperties,
        required: ['paymentId', 'method', 'amount'],
        additionalProperties: false,
      },
    },
    voidedPayments: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        properties: {
          ...paymentProperties,
          voidedAt: isoDateField,
          voidedBy: { type: 'string', maxLength: ID_MAX },
        },
        required: ['paymentId', 'method', 'amount', 'voidedAt', 'voidedBy'],
        additionalProperties: false,
      },
    },
    rounding: moneyField,
    ...storedValueSaleProperties,
    total: moneyField,
    prevHash: hashField,
    hash: hashField,
  },
  required: [
    'id', 'kind', 'tillId', 'siteId', 'sessionId', 'cashierId', 'seq', 'receiptNo',
    'createdAt', 'currency', 'lines', 'payments', 'total', 'prevHash', 'hash',
  ],
  indexes: ['seq', 'createdAt', 'receiptNo', 'sessionId'],
  additionalProperties: false,
} as const satisfies RxJsonSchema<Sale>;
