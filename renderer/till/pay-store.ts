// Payment of the current cart: tenders (cash with tendered/change, card confirmed by the cashier,
// other tenders), split across several. When the payments cover the total the sale is committed
// locally in one write (sale-commit.ts) — only then does the screen say paid and the printer print.
import { create } from 'zustand';
import { newEventId } from '../../shared/ids.ts';
import type { Payment, Sale } from '../../shared/schemas/index.ts';
import type { ConfigSnapshot } from '../config/config-snapshot.ts';
import type { KnownUser } from '../config/config-snapshot.ts';
import { computeCart, type CartLine } from './cart-math.ts';
import { commitSale, type SaleDraft } from './sale-commit.ts';
import { printReceipt, receiptFor, receiptSettings } from './receipt-print.ts';
import { tillPrefix, tillRuntime } from './till-runtime.ts';

export interface PaidSale {
  sale: Sale;
  receiptText: string;
  change: number;
  printMessage: string | null;
  printOk: boolean | null;
}

interface PayState {
  payments: Payment[];
  committing: boolean;
  error: string | null;
  paid: PaidSale | null;
  addPayment(payment: Omit<Payment, 'paymentId'>): void;
  removePayment(paymentId: string): void;
  reset(): void;
  setPaid(paid: PaidSale | null): void;
}

export const usePayStore = create<PayState>((set, get) => ({
  payments: [],
  committing: false,
  error: null,
  paid: null,
  addPayment(payment) {
    set({ payments: [...get().payments, { paymentId: newEventId(), ...payment }], error: null });
  },
  removePayment(paymentId) {
    set({ payments: get().payments.filter((p) => p.paymentId !== paymentId) });
  },
  reset() {
    set({ payments: [], committing: false, error: null, paid: null });
  },
  setPaid(paid) {
    set({ paid });
  },
}));

export function paidSoFar(payments: readonly Payment[]): number {
  return payments.reduce((sum, p) => sum + p.amount, 0);
}

export interface SaleContext {
  sessionId: string;
  cashier: KnownUser;
  config: ConfigSnapshot;
  lines: readonly CartLine[];
  orderDiscount: number;
  orderDiscountApprovedBy?: string;
  customerId?: string;
}

export function buildSaleDraft(ctx: SaleContext, payments: readonly Payment[], now = new Date()): SaleDraft {
  const { credentials } = tillRuntime();
  const totals = computeCart(ctx.lines, ctx.orderDiscount);
  return {
    id: newEventId(),
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
    lines: totals.lines,
    payments: [...payments],
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
    usePayStore.setState({ committing: false, error: `Not saved — ${error instanceof Error ? error.message : String(error)}` });
    throw error;
  }
  // The moment the sale became durable, for the bench's pay-to-committed figure.
  if (typeof document !== 'undefined') document.documentElement.dataset.lastCommitAt = String(performance.now());
  const settings = receiptSettings(config, { cashierName, ...(originalReceiptNo ? { originalReceiptNo } : {}) });
  const { text } = receiptFor(sale, settings);
  const cashMethods = new Set(config.tenders.filter((t) => t.isCash).map((t) => t.method));
  const change = sale.payments.reduce((sum, p) => sum + (p.change ?? 0), 0);
  const paid: PaidSale = { sale, receiptText: text, change, printMessage: null, printOk: null };
  usePayStore.setState({ committing: false, paid, payments: [] });
  // Printing runs after the screen says paid and never blocks the next sale.
  void printReceipt(bridge, sale, settings, sale.payments.some((p) => cashMethods.has(p.method))).then(
    (outcome) => {
      const current = usePayStore.getState().paid;
      if (current?.sale.id === sale.id) usePayStore.setState({ paid: { ...current, printMessage: outcome.message, printOk: outcome.ok } });
    },
    (error: unknown) => console.error('printing failed', error),
  );
  return paid;
}
