// What a receipt needs besides the sale: the store, names for ids, the paper width, and the
// words it prints (English by default; a store may translate every label).
import type { MoneyFormatStyle } from '../money/format.ts';
import type { SiteConfig } from '../schemas/config-entry.ts';
import type { ReceiptColumns } from './receipt-model.ts';

export interface ReceiptLabels {
  refund: string;
  copy: string;
  receipt: string;
  date: string;
  till: string;
  cashier: string;
  customer: string;
  customerTaxNumber: string;
  items: string;
  originalReceipt: string;
  originalSale: string;
  discount: string;
  /** A promotion's row under a line when its name is unknown. */
  promotion: string;
  /** Σ promotions of the sale, printed under the payments ("You saved 4.20"). */
  youSaved: string;
  /** A collected order's line: its share of what the order's promotions and coupons took off it. */
  orderPromotions: string;
  priceChanged: string;
  lot: string;
  serial: string;
  notRestocked: string;
  taxAdded: string;
  subtotal: string;
  discounts: string;
  orderDiscount: string;
  total: string;
  rounding: string;
  toPay: string;
  tendered: string;
  change: string;
  reference: string;
  voided: string;
  taxHeading: string;
  taxNet: string;
  taxAmount: string;
  seq: string;
  hash: string;
  keepForReturns: string;
  /** A click-and-collect order handed over with the sale: the heading before its reference. */
  collectedOrder: string;
  /** A web or marketplace order returned at the till: its reference. */
  returnedOrder: string;
  /** The tender of a refund to the order's own payment (the channel pays it back). */
  orderRefund: string;
  /** Under the items of an order the channel took the payment for. */
  paidOnline: string;
  /** A gift card sold on the sale, before its masked number. */
  giftCardSold: string;
  /** A gift card's or a customer's store credit balance left, as the till knew it. */
  balance: string;
  /** A line's share of the loyalty points discount. */
  pointsDiscount: string;
  pointsRedeemed: string;
  pointsEarned: string;
  pointsBalance: string;
  /** Endless aisle: the items paid now and ordered from another site (followed by how they come). */
  customerOrder: string;
  deliveryFrom: string;
  collectAt: string;
}

export const DEFAULT_RECEIPT_LABELS: Readonly<ReceiptLabels> = {
  refund: 'REFUND',
  copy: '*** COPY ***',
  receipt: 'Receipt',
  date: 'Date',
  till: 'Till',
  cashier: 'Cashier',
  customer: 'Customer',
  customerTaxNumber: 'Tax no.',
  items: 'Items',
  originalReceipt: 'Original receipt',
  originalSale: 'Original sale',
  discount: 'Discount',
  promotion: 'Promotion',
  youSaved: 'You saved',
  orderPromotions: 'Order promotions',
  priceChanged: 'Price changed from',
  lot: 'Lot',
  serial: 'S/N',
  notRestocked: 'Not restocked',
  taxAdded: 'Tax added',
  subtotal: 'Subtotal',
  discounts: 'Discounts',
  orderDiscount: 'incl. order discount',
  total: 'TOTAL',
  rounding: 'Rounding',
  toPay: 'To pay',
  tendered: 'Tendered',
  change: 'Change',
  reference: 'Ref',
  voided: 'voided',
  taxHeading: 'Tax rate',
  taxNet: 'Net',
  taxAmount: 'Tax',
  seq: 'No.',
  hash: 'Chain',
  keepForReturns: 'Keep this receipt for returns',
  collectedOrder: 'Order collected',
  returnedOrder: 'Order returned',
  orderRefund: 'Refund to order payment',
  paidOnline: 'Paid online',
  giftCardSold: 'Gift card',
  balance: 'Balance',
  pointsDiscount: 'Points',
  pointsRedeemed: 'Points redeemed',
  pointsEarned: 'Points earned',
  pointsBalance: 'Points balance',
  customerOrder: 'Ordered for you',
  deliveryFrom: 'Delivered from',
  collectAt: 'To collect at',
};

export interface ReceiptSettings {
  columns: ReceiptColumns;
  /** The store (SiteConfig): name, address and the header/footer lines it prints. */
  site: Pick<SiteConfig, 'name'> & Partial<Pick<SiteConfig, 'address' | 'receiptHeader' | 'receiptFooter'>>;
  /** Printed instead of the till id. */
  tillName?: string;
  /** Printed instead of the cashier id. */
  cashierName?: string;
  /** The customer's name (the sale holds only its id, which a receipt never prints). */
  customerName?: string;
  /** The customer's tax number (VAT id), printed under the name. */
  customerTaxNumber?: string;
  /** Returns: the original sale's receipt number (the sale document holds only its id). */
  originalReceiptNo?: string;
  /** Tender labels by payment method (TenderConfig.label); default: the method, capitalised. */
  tenderLabels?: Readonly<Record<string, string>>;
  /** Tax names by taxId (TaxConfig.name), printed before the rate; default: the rate alone. */
  taxLabels?: Readonly<Record<string, string>>;
  /** Money separators (see formatMoney); default `1234.56`. */
  locale?: string | MoneyFormatStyle;
  /** The store's IANA time zone (SiteConfig.timeZone): the date is printed in store time. */
  timeZone?: string;
  /** Offset of the store's clock from UTC, when no `timeZone`; neither → the wall-clock time written in `createdAt`. */
  utcOffsetMinutes?: number;
  /** Promotion names by id (config), printed under the lines they discounted; default: the `promotion` label. */
  promotionNames?: Readonly<Record<string, string>>;
  /** The loyalty program's name, printed over the points section. */
  loyaltyName?: string;
  /** A reprint: says so under the header. */
  reprint?: boolean;
  labels?: Partial<ReceiptLabels>;
}
