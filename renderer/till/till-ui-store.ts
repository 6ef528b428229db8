// Which till screen is showing, and the supervisor-approval prompt that any screen can raise.
import { create } from 'zustand';
import type { Product } from '../../shared/schemas/index.ts';
import type { KnownUser } from '../config/config-snapshot.ts';

export type TillMode = 'sell' | 'pay' | 'return' | 'cash' | 'close' | 'xreport' | 'reprint' | 'pickups' | 'aisle' | 'order-return' | 'request-stock';

interface ApprovalRequest {
  reason: string;
  resolve(user: KnownUser | null): void;
}

interface WeightRequest {
  product: Product;
  resolve(qty: number | null): void;
}

interface SerialRequest {
  product: Product;
  resolve(serial: string | null): void;
}

interface TillUiState {
  /** A serial-numbered product waiting for the serial of the unit sold. */
  serial: SerialRequest | null;
  requestSerial(product: Product): Promise<string | null>;
  finishSerial(serial: string | null): void;
  /** A measured product waiting for its weight (typed, when no scale barcode carried it). */
  weight: WeightRequest | null;
  requestWeight(product: Product): Promise<number | null>;
  finishWeight(qty: number | null): void;
  mode: TillMode;
  approval: ApprovalRequest | null;
  /** A receipt code scanned on the sell screen, handed to the return screen. */
  returnLookup: string | null;
  /** The return refunds a customer order that was not placed (endless aisle): its ordered lines come prefilled. */
  returnOrdered: boolean;
  /** An order reference scanned or typed, handed to the pickups screen (its `at` re-opens the same code). */
  pickupLookup: { code: string; at: number } | null;
  go(mode: TillMode): void;
  startReturn(lookup: string | null, ordered?: boolean): void;
  startPickups(code: string | null): void;
  /** Resolves with the approving supervisor, or null when the cashier cancels. */
  requestApproval(reason: string): Promise<KnownUser | null>;
  finishApproval(user: KnownUser | null): void;
}

export const useTillUiStore = create<TillUiState>((set, get) => ({
  mode: 'sell',
  approval: null,
  weight: null,
  serial: null,
  requestSerial(product) {
    get().serial?.resolve(null);
    return new Promise((resolve) => set({ serial: { product, resolve } }));
  },
  finishSerial(serial) {
    get().serial?.resolve(serial);
    set({ serial: null });
  },
  requestWeight(product) {
    get().weight?.resolve(null);
    return new Promise((resolve) => set({ weight: { product, resolve } }));
  },
  finishWeight(qty) {
    get().weight?.resolve(qty);
    set({ weight: null });
  },
  returnLookup: null,
  returnOrdered: false,
  pickupLookup: null,
  go(mode) {
    set({ mode });
  },
  startReturn(lookup, ordered = false) {
    set({ mode: 'return', returnLookup: lookup, returnOrdered: ordered });
  },
  startPickups(code) {
    set({ mode: 'pickups', pickupLookup: code === null ? null : { code, at: Date.now() } });
  },
  requestApproval(reason) {
    get().approval?.resolve(null);
    return new Promise((resolve) => set({ approval: { reason, resolve } }));
  },
  finishApproval(user) {
    get().approval?.resolve(user);
    set({ approval: null });
  },
}));
