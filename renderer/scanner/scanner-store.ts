// Working state of the scanner station (Zustand): the local work list, this station's events and
// their acknowledgements (mirrors of RxDB, fed by scanner-boot.ts), and the picking in hand —
// the scans so far, the last feedback and the backorder question. Persistent truth stays in RxDB:
// claim and validate are single inserts into `picking_events`.
import { create } from 'zustand';
import { newEventId } from '../../shared/ids.ts';
import type { Ack, PackageMove, Picking, PickingEvent, StockCount } from '../../shared/schemas/index.ts';
import { useLoginStore } from '../login/login-store.ts';
import { pendingValidations } from './event-outcome.ts';
import { addQty, applyScanToPick, confirmNothingElse, emptyPickState, hasRemainder, inHand, pickAllOfCurrent, setQty, uncountedLines, validatedLines, type Feedback, type PickContext, type PickState } from './pick-rules.ts';
import { scannerRuntime } from './scanner-runtime.ts';
import { readStationScan } from './station-scan.ts';
import { isMistake, playOutcome } from './scanner-sounds.ts';

export type SortOrder = 'oldest' | 'newest';

export class ScannerActionError extends Error {
  constructor(
    readonly code: 'no-picking' | 'not-logged-in' | 'nothing-picked' | 'already-validated',
    message: string,
  ) {
    super(message);
    this.name = 'ScannerActionError';
  }
}

interface ScannerState {
  /** Rebuilds of the station's catalog (scanner-boot.ts) so far: screens that index it index again when it changes. */
  catalogVersion: number;
  pickings: Picking[];
  events: PickingEvent[];
  counts: StockCount[];
  packageMoves: PackageMove[];
  acks: Map<string, Ack>;
  sort: SortOrder;
  openId: string | null;
  pick: PickState;
  feedback: Feedback | null;
  scanErrors: number;
  /** Validation asked and something is missing: backorder or not? */
  askBackorder: boolean;
  /** Count task: "nothing else here" asked; the number of uncounted lines it will set to zero. */
  askZero: number | null;
  /** Id of the validate event just committed, to show its server outcome. */
  validatedEventId: string | null;
  setSort(sort: SortOrder): void;
  open(pickingId: string): Promise<void>;
  close(): void;
  /** Gives the picking back (a `release` event) so another station can take it, and closes it. */
  release(): Promise<void>;
  scan(raw: string): void;
  plusOne(): void;
  all(): void;
  typeQty(qty: number): void;
  setPackage(packageId: string): void;
  requestValidate(): Promise<void>;
  validate(backorder: boolean): Promise<void>;
  cancelValidate(): void;
  /** Count task: "nothing else here" — asks again with the number of lines it will zero. */
  nothingElse(): void;
  confirmZero(): void;
  cancelZero(): void;
}

/** Lookups the pure rules need: catalog, location labels, today. */
export function pickContext(): PickContext {
  const rt = scannerRuntime();
  return {
    productByGtin: (g) => rt.catalog.byGtin.get(g),
    productById: (id) => rt.catalog.byId.get(id),
    locationIdByCode: (code) => rt.labels.idOf(code),
    locationName: (id) => rt.labels.name(id),
    today: new Date().toISOString().slice(0, 10),
  };
}

function userId(): string {
  const user = useLoginStore.getState().cashier;
  if (!user) throw new ScannerActionError('not-logged-in', 'Log in first');
  return user.id;
}

async function insertEvent(kind: PickingEvent['kind'], picking: Picking, extra: Partial<PickingEvent> = {}): Promise<PickingEvent> {
  const rt = scannerRuntime();
  const event: PickingEvent = {
    id: newEventId(),
    kind,
    pickingId: picking.id,
    deviceId: rt.credentials.deviceId,
    siteId: rt.credentials.siteId,
    userId: userId(),
    createdAt: new Date().toISOString(),
    ...extra,
  };
  await rt.db.picking_events.insert(event);
  return event;
}

export const useScannerStore = create<ScannerState>((set, get) => {
  const current = (): Picking => {
    const p = get().pickings.find((x) => x.id === get().openId);
    if (!p) throw new ScannerActionError('no-picking', 'No picking is open');
    return p;
  };
  const step = (result: { state: PickState | null; feedback: Feedback }) => {
    playOutcome(result.feedback.outcome);
    const error = isMistake(result.feedback.outcome);
    set((s) => ({ feedback: result.feedback, pick: result.state ?? s.pick, scanErrors: s.scanErrors + (error ? 1 : 0) }));
  };
  return {
    catalogVersion: 0,
    pickings: [],
    events: [],
    counts: [],
    packageMoves: [],
    acks: new Map(),
    sort: 'oldest',
    openId: null,
    pick: emptyPickState,
    feedback: null,
    scanErrors: 0,
    askBackorder: false,
    askZero: null,
    validatedEventId: null,
    setSort: (sort) => set({ sort }),
    async open(pickingId) {
      const rt = scannerRuntime();
      const picking = get().pickings.find((p) => p.id === pickingId);
      if (!picking) throw new ScannerActionError('no-picking', `No picking ${pickingId}`);
      if (pendingValidations(get().events, get().acks).has(pickingId)) {
        throw new ScannerActionError('already-validated', `${picking.reference} is validated on this station and waits for the server`);
      }
      set({ openId: pickingId, pick: emptyPickState, feedback: null, scanErrors: 0, askBackorder: false, askZero: null, validatedEventId: null });
      rt.labels.learn(rt.credentials.serverUrl, rt.credentials.token, picking.lines.map((l) => l.productId)).catch((error: unknown) => {
        console.warn('location labels not refreshed (offline?); using the ones already known', error);
      });
      // Claim unless this station's last word on the picking already is a claim (sent or not yet);
      // after its own release the local projection may still say in progress: claim again.
      const last = get()
        .events.filter((e) => e.pickingId === pickingId && (e.kind === 'claim' || e.kind === 'release'))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
        .at(-1);
      const free = picking.state === 'ready' || (last?.kind === 'release' && picking.claimedBy === rt.credentials.deviceId);
      if (last?.kind !== 'claim' && free) await insertEvent('claim', picking);
    },
    async release() {
      const picking = current();
      await insertEvent('release', picking);
      get().close();
    },
    close: () => set({ openId: null, pick: emptyPickState, feedback: null, askBackorder: false, askZero: null, validatedEventId: null }),
    scan(raw) {
      if (get().openId === null) {
        // On the work list a scan of a picking's printed reference opens it.
        const ref = raw.trim().toUpperCase();
        const hit = get().pickings.find((p) => p.reference.toUpperCase() === ref && (p.state === 'ready' || p.state === 'in_progress'));
        if (hit) {
          get().open(hit.id).catch((error: unknown) => {
            playOutcome('invalid-scan');
            set({ feedback: { outcome: 'invalid-scan', message: error instanceof Error ? error.message : String(error) } });
          });
        } else {
          playOutcome('invalid-scan');
          set({ feedback: { outcome: 'invalid-scan', message: `No open work with the reference ${raw.trim()}: open a picking first.` } });
        }
        return;
      }
      if (get().validatedEventId !== null) return;
      step(applyScanToPick(current(), get().pick, readStationScan(raw, (t) => scannerRuntime().labels.typedName(t)), pickContext()));
    },
    plusOne: () => step(addQty(current(), get().pick, 1, pickContext())),
    all: () => step(pickAllOfCurrent(current(), get().pick, pickContext())),
    typeQty: (qty) => step(setQty(current(), get().pick, qty, pickContext())),
    setPackage(packageId) {
      const id = packageId.trim();
      set((s) => ({ pick: { ...s.pick, packageId: id || null }, feedback: { outcome: 'package-ok', message: id ? `Package ${id}` : 'No package' } }));
    },
    async requestValidate() {
      const picking = current();
      const { pick } = get();
      if (pick.entries.length === 0 && pick.zeroed.length === 0) {
        const message = picking.kind === 'count' ? 'Nothing counted yet: scan the location and each product, or "Nothing else here" when it is empty.' : 'Nothing picked yet: scan a location and a product.';
        step({ state: null, feedback: { outcome: 'scan-product-first', message } });
        return;
      }
      const carried = inHand(picking, pick);
      if (carried.length > 0) {
        const to = [...new Set(carried.map((e) => picking.lines.find((l) => l.lineId === e.lineId)?.toLocationId ?? ''))].map((id) => scannerRuntime().labels.name(id) ?? id);
        step({ state: null, feedback: { outcome: 'scan-destination-first', message: `Scan the destination ${to.join(', ')} to put away what you carry before validating.` } });
        return;
      }
      if (hasRemainder(picking, get().pick)) set({ askBackorder: true });
      else await get().validate(true);
    },
    async validate(backorder) {
      const picking = current();
      const event = await insertEvent('validate', picking, { lines: validatedLines(picking, get().pick), backorder, scanErrors: get().scanErrors });
      set({ askBackorder: false, validatedEventId: event.id, feedback: { outcome: 'line-done', message: 'Validated on this station; sent to the server when online.' } });
    },
    cancelValidate: () => set({ askBackorder: false }),
    nothingElse() {
      const n = uncountedLines(current(), get().pick).length;
      if (n === 0) step({ state: null, feedback: { outcome: 'qty-ok', message: 'Every listed line is counted.' } });
      else set({ askZero: n });
    },
    confirmZero() {
      set({ askZero: null });
      step(confirmNothingElse(current(), get().pick));
    },
    cancelZero: () => set({ askZero: null }),
  };
});
