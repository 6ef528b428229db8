// Working state of a package move (Zustand): the scanned package and its destination. The move
// is one insert into `package_moves` the moment the destination is scanned, pushed by replication
// when online; the server's outcome then shows on the screen and in "Recent events".
import { create } from 'zustand';
import { newEventId } from '../../shared/ids.ts';
import { useLoginStore } from '../login/login-store.ts';
import { applyScanToPackageMove, emptyPackageMove, packageMoveEvent, packagesWithPendingMoves, type PackageMoveContext, type PackageMoveState } from './package-move-rules.ts';
import type { Feedback } from './pick-rules.ts';
import { scannerRuntime } from './scanner-runtime.ts';
import { readStationScan } from './station-scan.ts';
import { isError, playOutcome } from './scanner-sounds.ts';
import { ScannerActionError, useScannerStore } from './scanner-store.ts';

interface PackageMoveStoreState {
  active: boolean;
  move: PackageMoveState;
  feedback: Feedback | null;
  /** Id of the package_moves event just committed, to show its server outcome. */
  savedId: string | null;
  /** Opens the screen; `raw` is the package scan that opened it from the work list, if any. */
  start(raw?: string): void;
  stop(): void;
  scan(raw: string): void;
}

function moveContext(): PackageMoveContext {
  const rt = scannerRuntime();
  const { packageMoves, acks } = useScannerStore.getState();
  const packages = packagesWithPendingMoves([...rt.packages.values()], packageMoves, new Set(acks.keys()));
  return {
    packageBySscc: (sscc) => packages.get(sscc),
    locationIdByCode: (code) => rt.labels.idOf(code),
    locationName: (id) => rt.labels.name(id),
  };
}

export const usePackageMoveStore = create<PackageMoveStoreState>((set, get) => ({
  active: false,
  move: emptyPackageMove,
  feedback: null,
  savedId: null,
  start(raw) {
    set({ active: true, move: emptyPackageMove, feedback: null, savedId: null });
    if (raw !== undefined) get().scan(raw);
  },
  stop: () => set({ active: false, move: emptyPackageMove, feedback: null, savedId: null }),
  scan(raw) {
    if (!get().active) return;
    const step = applyScanToPackageMove(get().move, readStationScan(raw, (t) => scannerRuntime().labels.typedName(t)), raw, moveContext());
    playOutcome(step.feedback.outcome);
    set((s) => ({ move: step.state ?? s.move, feedback: step.feedback }));
    if (step.state?.toLocationId) void save(step.state);
  },
}));

async function save(state: PackageMoveState): Promise<void> {
  const rt = scannerRuntime();
  const user = useLoginStore.getState().cashier;
  if (!user) throw new ScannerActionError('not-logged-in', 'Log in first');
  const event = packageMoveEvent(state, { id: newEventId(), deviceId: rt.credentials.deviceId, siteId: rt.credentials.siteId, userId: user.id, createdAt: new Date().toISOString() });
  if (!event) return;
  await rt.db.package_moves.insert(event);
  usePackageMoveStore.setState({ savedId: event.id });
}

export function packageMoveIsError(f: Feedback | null): boolean {
  return f ? isError(f.outcome) : false;
}
