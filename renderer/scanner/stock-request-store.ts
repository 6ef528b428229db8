// Working state of Request stock at the station (Zustand): whether the screen is open, the product
// and quantity being requested (scans arrive here from the wedge listener wherever the focus is) and
// the last feedback. Nothing is stored on the station: the request goes to the server at once.
import { create } from 'zustand';
import { parseScan } from '../../shared/barcode/index.ts';
import type { Product } from '../../shared/schemas/index.ts';
import type { Feedback } from './pick-rules.ts';
import { scannerRuntime } from './scanner-runtime.ts';
import { playOutcome } from './scanner-sounds.ts';
import { applyScanToRequest, chooseProduct, emptyDraft, plusOne, typeQty, type RequestDraft, type RequestStep } from './stock-request-rules.ts';

interface StockRequestState {
  active: boolean;
  draft: RequestDraft;
  feedback: Feedback | null;
  start(): void;
  stop(): void;
  scan(raw: string): void;
  choose(product: Product): void;
  plusOne(): void;
  typeQty(qty: number): void;
  /** After a request was sent: ready for the next one. */
  clear(): void;
}

export const useStockRequestStore = create<StockRequestState>((set, get) => {
  const step = (r: RequestStep): void => {
    playOutcome(r.feedback.outcome);
    set({ draft: r.draft, feedback: r.feedback });
  };
  return {
    active: false,
    draft: emptyDraft,
    feedback: null,
    start: () => set({ active: true, draft: emptyDraft, feedback: null }),
    stop: () => set({ active: false, draft: emptyDraft, feedback: null }),
    scan(raw) {
      if (!get().active) return;
      step(applyScanToRequest(get().draft, parseScan(raw), (g) => scannerRuntime().catalog.byGtin.get(g)));
    },
    choose: (product) => step(chooseProduct(get().draft, product)),
    plusOne: () => step(plusOne(get().draft)),
    typeQty: (qty) => step(typeQty(get().draft, qty)),
    clear: () => set({ draft: emptyDraft, feedback: null }),
  };
});
