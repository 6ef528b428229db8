// The cart: the working state of the sale being rung up (Zustand; the committed sale lives in RxDB).
import { create } from 'zustand';
import { newEventId } from '../../shared/ids.ts';
import type { Customer, Product } from '../../shared/schemas/index.ts';
import type { TaxRule } from '../../shared/tax/index.ts';
import type { CartPricing } from './cart-edit.ts';
import type { CartLine, LotSource } from './cart-math.ts';

export interface CartMessage {
  kind: 'error' | 'info';
  text: string;
  /** Changes on every message so the same text twice still re-announces. */
  at: number;
}

export interface AddOptions {
  qty?: number;
  /** Price from a price-embedded barcode (minor units per unit). */
  unitPrice?: number;
  lot?: string;
  lotSource?: LotSource;
  serial?: string;
}

interface CartState {
  lines: CartLine[];
  selectedLineId: string | null;
  orderDiscount: number;
  orderDiscountApprovedBy?: string;
  customer: Customer | null;
  message: CartMessage | null;
  addProduct(product: Product, taxes: TaxRule[], options?: AddOptions): string;
  select(lineId: string | null): void;
  /** Replaces lines and order discount after an edit the line editor has checked for approval. */
  setPricing(next: CartPricing): void;
  setCustomer(customer: Customer | null): void;
  /** Sets a line's lot; a store (FEFO) lot never replaces one scanned or chosen meanwhile. */
  setLineLot(lineId: string, lot: string, source: LotSource): void;
  say(kind: CartMessage['kind'], text: string): void;
  clear(): void;
}

const updateLine = (lines: CartLine[], lineId: string, change: (l: CartLine) => CartLine): CartLine[] =>
  lines.map((l) => (l.lineId === lineId ? change(l) : l));

export const useCartStore = create<CartState>((set, get) => ({
  lines: [],
  selectedLineId: null,
  orderDiscount: 0,
  customer: null,
  message: null,
  addProduct(product, taxes, options = {}) {
    const fixed = options.unitPrice !== undefined || (options.qty !== undefined && !Number.isInteger(options.qty)) || options.serial !== undefined;
    // Same lot only: a scanned lot joins its own line; a plain scan joins the line of the store's lot.
    const sameLot = (l: CartLine): boolean => (options.lot !== undefined ? l.lot === options.lot : l.lotSource !== 'scan' && l.lotSource !== 'cashier');
    const existing = fixed ? undefined : get().lines.find((l) => l.productId === product.id && !l.fixed && !l.priceOverride && l.discount === 0 && sameLot(l));
    if (existing) {
      set({ lines: updateLine(get().lines, existing.lineId, (l) => ({ ...l, qty: l.qty + (options.qty ?? 1) })), selectedLineId: existing.lineId, message: null });
      return existing.lineId;
    }
    const price = options.unitPrice ?? product.price;
    const line: CartLine = {
      lineId: newEventId(),
      productId: product.id,
      sku: product.sku,
      name: product.name,
      qty: options.qty ?? 1,
      unitPrice: price,
      listPrice: price,
      priceIncludesTax: product.priceIncludesTax,
      taxes,
      unit: product.unit,
      discount: 0,
      ...(options.lot ? { lot: options.lot, lotSource: options.lotSource ?? 'scan' } : {}),
      ...(options.serial ? { serial: options.serial } : {}),
      ...(product.tracking !== 'none' ? { tracking: product.tracking } : {}),
      ...(fixed ? { fixed: true } : {}),
    };
    set({ lines: [...get().lines, line], selectedLineId: line.lineId, message: null });
    return line.lineId;
  },
  select(lineId) {
    set({ selectedLineId: lineId });
  },
  setPricing(next) {
    const selected = get().selectedLineId;
    set({
      lines: next.lines,
      orderDiscount: next.orderDiscount,
      orderDiscountApprovedBy: next.orderDiscountApprovedBy,
      selectedLineId: next.lines.some((l) => l.lineId === selected) ? selected : (next.lines.at(-1)?.lineId ?? null),
    });
  },
  setCustomer(customer) {
    set({ customer });
  },
  setLineLot(lineId, lot, source) {
    set({ lines: updateLine(get().lines, lineId, (l) => (source === 'store' && l.lot !== undefined ? l : { ...l, lot, lotSource: source })) });
  },
  say(kind, text) {
    set({ message: { kind, text, at: Date.now() } });
  },
  clear() {
    set({ lines: [], selectedLineId: null, orderDiscount: 0, orderDiscountApprovedBy: undefined, customer: null, message: null });
  },
}));
