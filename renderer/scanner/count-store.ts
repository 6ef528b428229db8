// Working state of a free inventory count (Zustand): the scans so far and the last feedback.
// Saving is one insert into the `counts` collection, pushed by replication when online.
import { create } from 'zustand';
import { newEventId } from '../../shared/ids.ts';
import type { StockCount } from '../../shared/schemas/index.ts';
import { useLoginStore } from '../login/login-store.ts';
import { applyScanToCount, countLines, countOneMore, emptyCountState, setCounted, type CountState } from './count-rules.ts';
import type { Feedback } from './pick-rules.ts';
import { scannerRuntime } from './scanner-runtime.ts';
import { readStationScan } from './station-scan.ts';
import { isError, playOutcome } from './scanner-sounds.ts';
import { pickContext, ScannerActionError } from './scanner-store.ts';

interface CountStoreState {
  active: boolean;
  count: CountState;
  feedback: Feedback | null;
  savedId: string | null;
  start(): void;
  stop(): void;
  scan(raw: string): void;
  plusOne(): void;
  typeQty(qty: number): void;
  save(): Promise<void>;
}

export const useCountStore = create<CountStoreState>((set, get) => {
  const step = (r: { state: CountState | null; feedback: Feedback }) => {
    playOutcome(r.feedback.outcome);
    set((s) => ({ count: r.state ?? s.count, feedback: r.feedback }));
  };
  return {
    active: false,
    count: emptyCountState(),
    feedback: null,
    savedId: null,
    start() {
      const rt = scannerRuntime();
      set({ active: true, count: emptyCountState(), feedback: null, savedId: null });
      // Location labels come with the products stocked at this site (the pickings carry ids only).
      rt.db.stock
        .find()
        .exec()
        .then((docs) => rt.labels.learn(rt.credentials.serverUrl, rt.credentials.token, [...new Set(docs.map((d) => d.productId))].slice(0, 300)))
        .catch((error: unknown) => console.warn('location labels not refreshed (offline?); using the ones already known', error));
    },
    stop: () => set({ active: false, count: emptyCountState(), feedback: null, savedId: null }),
    scan(raw) {
      if (!get().active || get().savedId) return;
      step(applyScanToCount(get().count, readStationScan(raw, (t) => scannerRuntime().labels.typedName(t)), pickContext()));
    },
    plusOne: () => step(countOneMore(get().count)),
    typeQty: (qty) => step(setCounted(get().count, qty)),
    async save() {
      const { count } = get();
      const user = useLoginStore.getState().cashier;
      if (!user) throw new ScannerActionError('not-logged-in', 'Log in first');
      const lines = countLines(count);
      if (count.locationId === null || lines.length === 0) {
        step({ state: null, feedback: { outcome: 'scan-product-first', message: 'Scan a location and at least one product first.' } });
        return;
      }
      const rt = scannerRuntime();
      const doc: StockCount = {
        id: newEventId(),
        deviceId: rt.credentials.deviceId,
        siteId: rt.credentials.siteId,
        userId: user.id,
        locationId: count.locationId,
        createdAt: new Date().toISOString(),
        lines,
      };
      await rt.db.counts.insert(doc);
      set({ savedId: doc.id, feedback: { outcome: 'line-done', message: 'Count saved on this station; sent to the server when online.' } });
    },
  };
});

export function countIsError(f: Feedback | null): boolean {
  return f ? isError(f.outcome) : false;
}
