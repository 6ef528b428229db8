// Payment of the current cart: tenders (cash with tendered/change, card confirmed by the cashier,
// other tenders), split across several. When the payments cover the total the sale is committed
// locally in one write (sale-commit.ts) — only then does the screen say paid and the printer print.
import { create } from 'zustand';
import { newEventId } from '../../shared/ids.ts';
import { saleCashRounding, type IsCashTender } from '../../shared/money/index.ts';
import type { CustomerOrderFulfillment, GiftCardLoad, Payment, Sale, SaleLoyalty, SalePickup, VoidedPayment } from '../../shared/schemas/index.ts';
import { amountToPay } from '../../shared/stored-value/sale-value.ts';
import type { ConfigSnapshot } from '../config/config-snapshot.ts';
import type { KnownUser } from '../config/config-snapshot.ts';
import { computeCart, type CartLine } from './cart-math.ts';
import { commitSale, type SaleDraft } from './sale-commit.ts';
import { printReceipt, receiptFor, receiptSettings } from './receipt-print.ts';
import { useCartStore } from './cart-store.ts';
import { tillPrefix, tillRuntime } from './till-runtime.ts';
import { failureSentence } from './failure-sentence.ts';

export interface PaidSale {
  sale: Sale;
  receiptText: string;
  change: number;
  printMessage: string | null;
  printOk: boolean | null;
}

// Payments belong to the sale being rung up, not to the pay screen: leaving the screen (Back to
// sale, Escape, lock, switching cashier) keeps them, and the remaining amount is recomputed from
// the cart. The only way to drop one is to void it explicitly; a voided payment stays visible and
// is written into the sale (`voidedPayments`) so the audit trail shows the card approval reversed.
interface PayState {
  /** The id the sale in progress will be committed under: fixed from its start so that a restored
   * sale (open-sale-keeper.ts) can tell whether it was committed before the window died. */
  saleId: string;
  payments: Payment[];
  voided: VoidedPayment[];
  committing: boolean;
  error: string | null;
  paid: PaidSale | null;
  /** Records a payment (under `paymentId` when the server already authorised it under that id). */
  addPayment(payment: Omit<Payment, 'paymentId'> & { paymentId?: string }): void;
  voidPayment(paymentId: string, voidedBy: string, now?: Date): void;
  /** After a completed sale only: forgets the payments (they are in the committed sale). */
  reset(): void;
  /** Leaves the Paid screen for the next sale; pending payments (of a sale interrupted by a return) stay. */
  dismissPaid(): void;
  setPaid(paid: PaidSale | null): void;
}

export const usePayStore = create<PayState>((set, get) => ({
  saleId: newEventId(),
  payments: [],
  voided: [],
  committing: false,
  error: null,
  paid: null,
  addPayment(payment) {
    set({ payments: [...get().payments, { ...payment, paymentId: payment.paymentId ?? newEventId() }], error: null });
  },
  voidPayment(paymentId, voidedBy, now = new Date()) {
    const payment = get().payments.find((p) => p.paymentId === paymentId);
    if (!payment) return;
    set({
      payments: get().payments.filter((p) => p.paymentId !== paymentId),
      voided: [...get().voided, { ...payment, voidedAt: now.toISOString(), voidedBy }],
    });
  },
  reset() {
    set({ saleId: newEventId(), payments: [], voided: [], committing: false, error: null, paid: null });
  },
  dismissPaid() {
    set({ paid: null, error: null, committing: false });
  },
  setPaid(paid) {
    set({ paid });
  },
}));

export function paidSoFar(payments: readonly Payment[]): number {
  return payments.reduce((sum, p) => sum + p.amount, 0);
}

/** Which tender methods are cash (rounded, counted in the drawer), from the configured tenders. */
export function cashTenderTest(config: Pick<ConfigSnapshot, 'tenders'>): IsCashTender {
  const cash = new Set(config.tenders.filter((t) => t.isCash).map((t) => t.method));
  return (method) => cash.has(method);
}

/** The `rounding` field for a sale or return with these payments (omitted when 0). */
export function roundingField(config: ConfigSnapshot, total: number, payments: readonly Payment[]): { rounding?: number } {
  const rounding = saleCashRounding(total, payments, cashTenderTest(config), config.site?.cashRounding);
  return rounding === 0 ? {} : { rounding };
}

export interface SaleContext {
  /** The sale's id; the pay store's `saleId` (the sale in progress) when omitted. */
  saleId?: string;
  sessionId: string;
  cashier: KnownUser;
  config: ConfigSnapshot;
  lines: readonly CartLine[];
  orderDiscount: number;
  orderDiscountApprovedBy?: string;
  customerId?: string;
  /** Coupon codes the cart's pricing applied (the server counts their uses). */
  couponCodes?: readonly string[];
  /** A click-and-collect order handed over with the sale. */
  pickup?: SalePickup;
  /** Gift cards sold on the sale. */
  giftCardLoads?: readonly GiftCardLoad[];
  /** The points discount (minor units) spread over the lines as `loyaltyDiscount`. */
  pointsDiscount?: number;
  /** Points redeemed and earned (sale-loyalty.ts). */
  loyalty?: SaleLoyalty;
  /** Endless aisle: how the lines marked `ordered` reach the customer. */
  customerOrder?: CustomerOrderFulfillment;
}

export function buildSaleDraft(ctx: SaleContext, payments: readonly Payment[], now = new Date(), voided: readonly VoidedPayment[] = []): SaleDraft {
  const { credentials } = tillRuntime();
  const totals = computeCart(ctx.lines, ctx.orderDiscount, ctx.pointsDiscount ?? 0);
  const loads = ctx.giftCardLoads?.length ? { giftCardLoads: ctx.giftCardLoads.map((l) => ({ ...l })) } : {};
  const ordered = ctx.lines.filter((l) => l.ordered).map((l) => ({ lineId: l.lineId }));
  return {
    id: ctx.saleId ?? usePayStore.getState().saleId,
    kind: 'sale',
    tillId: credentials.deviceId,
    siteId: credentials.siteId,
    sessionId: ctx.sessionId,
    cashierId: ctx.cashier.id,
    createdAt: now.toISOString(),
    currency: ctx.config.site?.currency ?? 'EUR',
    ...(ctx.customerId ? { customerId: ctx.customerId } : {}),
    ...(ctx.orderDiscount > 0 ? { orderDiscount: ctx.orderDiscount } : {}),
    ...(ctx.orderDiscountApprovedBy ? { orderDiscountApprovedBy: ctx.orderDiscountApprovedBy } : {}),
    ...(ctx.couponCodes?.length ? { couponCodes: [...ctx.couponCodes] } : {}),
    ...(ctx.pickup ? { pickup: ctx.pickup } : {}),
    ...loads,
    ...(ctx.loyalty && Object.keys(ctx.loyalty).length > 0 ? { loyalty: { ...ctx.loyalty } } : {}),
    ...(ctx.customerOrder && ordered.length > 0 ? { customerOrder: { fulfillment: ctx.customerOrder, lines: ordered } } : {}),
    lines: totals.lines,
    payments: [...payments],
    ...(voided.length > 0 ? { voidedPayments: [...voided] } : {}),
    ...roundingField(ctx.config, amountToPay({ total: totals.total, ...loads }), payments),
    total: totals.total,
  };
}

/** Commits a sale or return draft, then prints. Returns the stored sale. */
export async function commitAndPrint(draft: SaleDraft, config: ConfigSnapshot, cashierName: string, originalReceiptNo?: string): Promise<PaidSale> {
  const { db, credentials, bridge } = tillRuntime();
  usePayStore.setState({ committing: true, error: null });
  let sale: Sale;
  try {
    sale = await commitSale(db.sales, draft, tillPrefix(credentials.deviceId));
  } catch (error) {
    usePayStore.setState({ committing: false, error: failureSentence('Not saved', error) });
    throw error;
  }
  // The moment the sale became durable, for the bench's pay-to-committed figure.
  if (typeof document !== 'undefined') document.documentElement.dataset.lastCommitAt = String(performance.now());
  // The customer picked on the sale screen (a return's customer is looked up: it was never picked).
  const picked = useCartStore.getState().customer;
  const customer = !draft.customerId ? null : picked?.id === draft.customerId ? picked : (await db.customers.findOne(draft.customerId).exec())?.toMutableJSON();
  const settings = receiptSettings(config, { cashierName, customer, saleAt: sale.createdAt, ...(originalReceiptNo ? { originalReceiptNo } : {}) });
  const { text } = receiptFor(sale, settings);
  const isCash = cashTenderTest(config);
  const change = sale.payments.reduce((sum, p) => sum + (p.change ?? 0), 0);
  const paid: PaidSale = { sale, receiptText: text, change, printMessage: null, printOk: null };
  // The sale in progress's lines and payments are now in the stored sale; a return or a hand-over
  // paid online (their own documents) leaves a pending sale alone. Cart and payments end in one
  // synchronous step: the open-sale keeper (open-sale-keeper.ts) writes what the stores hold once
  // both changed. Cleared one after the other (the cart after this function returned), it could
  // write the next sale's id with this sale's lines, which a window killed right after "Paid" then
  // brought back as a sale in progress.
  const ended = sale.id === usePayStore.getState().saleId;
  if (ended) useCartStore.getState().clear();
  usePayStore.setState(ended ? { committing: false, paid, payments: [], voided: [], saleId: newEventId() } : { committing: false, paid });
  // Printing runs after the screen says paid and never blocks the next sale.
  void printReceipt(bridge, sale, settings, sale.payments.some((p) => isCash(p.method))).then(
    (outcome) => {
      const current = usePayStore.getState().paid;
      if (current?.sale.id === sale.id) usePayStore.setState({ paid: { ...current, printMessage: outcome.message, printOk: outcome.ok } });
    },
    (error: unknown) => console.error('printing failed', error),
  );
  return paid;
}
