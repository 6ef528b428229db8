// The receipt layout: a pure function from a sale and the store's settings to the lines of a
// Receipt for a 32-, 42- or 48-column printer. The screen renders the same Receipt as text
// (receipt-text.ts) and the ESC/POS driver as printer bytes, so both always say the same thing.
import { shortHash } from '../chain/hash-sale.ts';
import { ORDER_REFUND_METHOD } from '../channel-api/order-returns.ts';
import { formatMoney } from '../money/format.ts';
import { formatStoreDateTime, isTimeZone } from '../time/index.ts';
import { tenderLabel as tenderWords } from '../text/display-names.ts';
import type { Sale } from '../schemas/sale.ts';
import { maskCardNumber } from '../stored-value/card-number.ts';
import { GIFT_CARD_METHOD, giftCardLoadTotal, isStoredValueMethod } from '../stored-value/sale-value.ts';
import { ReceiptBuilder } from './receipt-builder.ts';
import { receiptCode } from './receipt-code.ts';
import { formatReceiptDate } from './receipt-date.ts';
import { linePromotionTotal } from '../pricing/sale-pricing.ts';
import { addItems, formatQuantity, lineAddedTax, lineAmount } from './receipt-items.ts';
import type { Receipt } from './receipt-model.ts';
import { DEFAULT_RECEIPT_LABELS } from './receipt-settings.ts';
import type { ReceiptLabels, ReceiptSettings } from './receipt-settings.ts';
import { addTaxSummary } from './receipt-tax-summary.ts';

/** Named error for settings the layout cannot honour. */
export class ReceiptLayoutError extends Error {
  readonly code = 'receipt-invalid-settings';
  override readonly name = 'ReceiptLayoutError';
}

const COLUMNS: readonly number[] = [32, 42, 48];

function tenderLabel(method: string, settings: ReceiptSettings): string {
  if (method === ORDER_REFUND_METHOD) return settings.tenderLabels?.[method] ?? settings.labels?.orderRefund ?? DEFAULT_RECEIPT_LABELS.orderRefund;
  return settings.tenderLabels?.[method] ?? tenderWords(method);
}

/** Original sale ids of a return: the document's own field, else those its lines point at. */
function originalSaleIds(sale: Sale): string[] {
  if (sale.returnOfSaleId) return [sale.returnOfSaleId];
  return [...new Set(sale.lines.flatMap((line) => (line.returnOf ? [line.returnOf.saleId] : [])))];
}

/** Store time when the site's zone is known; documents keep their ISO instant. */
function receiptDate(sale: Sale, settings: ReceiptSettings): string {
  if (settings.timeZone && isTimeZone(settings.timeZone)) {
    try {
      return formatStoreDateTime(sale.createdAt, settings.timeZone);
    } catch (error) {
      // An unparseable createdAt: the receipt must still print, with the text as it is.
      if (!(error instanceof RangeError)) throw error;
    }
  }
  return formatReceiptDate(sale.createdAt, settings.utcOffsetMinutes);
}

/** Units sold: pieces add up; a weighed or measured line (fractional quantity) counts as one item. */
export function countItems(lines: readonly { qty: number }[]): number {
  return lines.reduce((n, line) => n + (Number.isInteger(line.qty) ? Math.abs(line.qty) : 1), 0);
}

function addHeader(b: ReceiptBuilder, sale: Sale, settings: ReceiptSettings, labels: ReceiptLabels): void {
  b.centered(settings.site.name, { bold: true });
  for (const part of (settings.site.address ?? '').split(/\r?\n/)) b.centered(part);
  for (const line of settings.site.receiptHeader ?? []) b.centered(line);
  if (settings.reprint) b.blank().centered(labels.copy, { bold: true });
  if (sale.kind === 'return') b.blank().centered(labels.refund, { bold: true, doubleHeight: true });
  b.rule('-');
  b.pair(labels.receipt, sale.receiptNo);
  b.pair(labels.date, receiptDate(sale, settings));
  b.pair(labels.till, settings.tillName ?? sale.tillId);
  b.pair(labels.cashier, settings.cashierName ?? sale.cashierId);
  // Names, not ids: an id means nothing to the customer or an auditor reading the paper.
  if (settings.customerName) b.pair(labels.customer, settings.customerName);
  if (settings.customerTaxNumber) b.pair(labels.customerTaxNumber, settings.customerTaxNumber);
  if (sale.kind === 'return') {
    if (sale.returnOfOrder) b.pair(labels.returnedOrder, sale.returnOfOrder.orderRef, { bold: true });
    if (settings.originalReceiptNo) b.pair(labels.originalReceipt, settings.originalReceiptNo);
    // Only when the original's receipt number is unknown to the till: the id is then all there is.
    else for (const id of originalSaleIds(sale)) b.pair(labels.originalSale, id);
  }
  b.rule('-');
}

function addTotals(b: ReceiptBuilder, sale: Sale, labels: ReceiptLabels, money: (n: number) => string): void {
  const subtotal = sale.lines.reduce((sum, line) => sum + lineAmount(line), 0);
  const discounts = sale.lines.reduce((sum, line) => sum + line.discount, 0);
  const addedTax = sale.lines.reduce((sum, line) => sum + lineAddedTax(line), 0);
  b.pair(labels.items, formatQuantity(countItems(sale.lines)));
  b.pair(labels.subtotal, money(subtotal));
  if (discounts !== 0) b.pair(labels.discounts, money(-discounts));
  // Line discounts already contain each line's share of the order discount: shown as a part, not added again.
  if (sale.orderDiscount) b.pair(labels.orderDiscount, money(-sale.orderDiscount), { indent: 2 });
  if (addedTax !== 0) b.pair(labels.taxAdded, money(addedTax));
  b.pair(`${labels.total} ${sale.currency}`, money(sale.total), { bold: true, doubleHeight: true });
  // Gift cards sold are paid with the sale but are not part of its total (not revenue, no tax).
  const loads = giftCardLoadTotal(sale);
  for (const load of sale.giftCardLoads ?? []) {
    b.pair(`${labels.giftCardSold} ${maskCardNumber(load.number)}`, money(load.amount));
    if (load.balanceAfter !== undefined) b.pair(labels.balance, money(load.balanceAfter), { indent: 2 });
  }
  // Cash rounding: the exact total stays the total (taxes are computed on it); what was paid is total + rounding.
  if (sale.rounding) b.pair(labels.rounding, money(sale.rounding));
  if (sale.rounding || loads) b.pair(`${labels.toPay} ${sale.currency}`, money(sale.total + loads + (sale.rounding ?? 0)), { bold: true });
}

/** A stored-value tender names its card (masked) and the balance left when the till knew it. */
function paymentLabel(payment: Sale['payments'][number], settings: ReceiptSettings): string {
  const label = tenderLabel(payment.method, settings);
  return payment.method === GIFT_CARD_METHOD && payment.card ? `${label} ${maskCardNumber(payment.card)}` : label;
}

/** Points redeemed and earned on the sale, and the customer's points after it when the till knew them. */
function addLoyalty(b: ReceiptBuilder, sale: Sale, settings: ReceiptSettings, labels: ReceiptLabels, money: (n: number) => string): void {
  const loyalty = sale.loyalty;
  if (!loyalty || (!loyalty.redeemedPoints && loyalty.earnedPoints === undefined && loyalty.balanceAfter === undefined)) return;
  b.rule('-');
  if (settings.loyaltyName) b.left(settings.loyaltyName, { bold: true });
  if (loyalty.redeemedPoints) b.pair(labels.pointsRedeemed, `${loyalty.redeemedPoints} (${money(-(loyalty.redeemedAmount ?? 0))})`);
  if (loyalty.earnedPoints !== undefined) b.pair(labels.pointsEarned, String(loyalty.earnedPoints));
  if (loyalty.balanceAfter !== undefined) b.pair(labels.pointsBalance, String(loyalty.balanceAfter));
}

function addPayments(b: ReceiptBuilder, sale: Sale, settings: ReceiptSettings, labels: ReceiptLabels, money: (n: number) => string): void {
  for (const payment of sale.payments) {
    b.pair(paymentLabel(payment, settings), money(payment.amount));
    if (isStoredValueMethod(payment.method) && payment.balanceAfter !== undefined) b.pair(labels.balance, money(payment.balanceAfter), { indent: 2 });
    if (payment.tendered !== undefined) b.pair(labels.tendered, money(payment.tendered), { indent: 2 });
    if (payment.change !== undefined) b.pair(labels.change, money(payment.change), { indent: 2 });
    if (payment.reference) b.left(`${labels.reference}: ${payment.reference}`, { indent: 2 });
  }
  // Voided before completion: printed so the customer sees the card approval was reversed, not charged.
  for (const payment of sale.voidedPayments ?? []) {
    b.pair(`${paymentLabel(payment, settings)} (${labels.voided})`, money(payment.amount));
  }
}

/**
 * A click-and-collect order handed over: its reference and what the customer took. An order paid
 * online has no sale lines (nothing is charged): its items are listed here and it says so.
 */
function addPickup(b: ReceiptBuilder, sale: Sale, labels: ReceiptLabels): void {
  if (!sale.pickup) return;
  b.pair(labels.collectedOrder, sale.pickup.orderRef, { bold: true });
  if (sale.lines.length > 0) {
    b.rule('-');
    return;
  }
  for (const line of sale.pickup.lines) b.left(`${formatQuantity(line.qty)} × ${line.name ?? line.productId}`);
  b.blank().centered(labels.paidOnline, { bold: true });
  b.rule('-');
}

/** Endless aisle: which items were ordered, and how they reach the customer (the address as typed). */
function addCustomerOrder(b: ReceiptBuilder, sale: Sale, labels: ReceiptLabels): void {
  const order = sale.customerOrder;
  if (!order) return;
  const ids = new Set(order.lines.map((l) => l.lineId));
  b.left(labels.customerOrder, { bold: true });
  for (const line of sale.lines) if (ids.has(line.lineId)) b.left(`${formatQuantity(line.qty)} × ${line.name ?? line.productId}`, { indent: 2 });
  const f = order.fulfillment;
  b.pair(f.type === 'pickup' ? labels.collectAt : labels.deliveryFrom, f.site);
  if (f.type === 'delivery') for (const row of (f.address ?? '').split('\n')) b.left(row.trim(), { indent: 2 });
  b.rule('-');
}

/** Lays out the receipt of a sale or return. Pure: the same input gives the same lines. */
export function layoutReceipt(sale: Sale, settings: ReceiptSettings): Receipt {
  if (!COLUMNS.includes(settings.columns)) {
    throw new ReceiptLayoutError(`receipt width must be 32, 42 or 48 columns, got ${String(settings.columns)}`);
  }
  const labels: ReceiptLabels = { ...DEFAULT_RECEIPT_LABELS, ...settings.labels };
  const money = (amountMinor: number): string => formatMoney(amountMinor, sale.currency, settings.locale);
  const b = new ReceiptBuilder(settings.columns);

  addHeader(b, sale, settings, labels);
  addPickup(b, sale, labels);
  if (sale.pickup && sale.lines.length === 0) return addFooter(b, sale, settings, labels);
  addItems({ builder: b, labels, money, ...(settings.promotionNames ? { promotionNames: settings.promotionNames } : {}) }, sale.lines);
  b.rule('-');
  addTotals(b, sale, labels, money);
  b.rule('-');
  addPayments(b, sale, settings, labels, money);
  addLoyalty(b, sale, settings, labels, money);
  // A collected order's lines carry their share of the order's promotions as their discount.
  const saved = sale.lines.reduce((sum, line) => sum + linePromotionTotal(line) + (sale.pickup && line.orderLineId !== undefined ? line.discount : 0), 0);
  if (saved > 0) b.blank().centered(`${labels.youSaved} ${money(saved)}`, { bold: true });
  b.rule('-');
  addTaxSummary({ builder: b, labels, money, taxLabels: settings.taxLabels ?? {} }, sale.lines);
  b.rule('-');
  addCustomerOrder(b, sale, labels);
  return addFooter(b, sale, settings, labels);
}

function addFooter(b: ReceiptBuilder, sale: Sale, settings: ReceiptSettings, labels: ReceiptLabels): Receipt {
  b.pair(`${labels.seq} ${sale.seq}`, `${labels.hash} ${shortHash(sale.hash)}`);
  b.qr(receiptCode(sale));
  if (sale.kind === 'sale') b.centered(labels.keepForReturns);
  for (const line of settings.site.receiptFooter ?? []) b.centered(line);
  return b.blank().cut().build();
}
