// The pickup queue's inputs on this till (Zustand): the store's open and waiting pickings (replicated, so the
// queue works offline) and this till's own hand-overs (sales with `pickup`), which pickup-queue.ts
// lays over the server's quantities until the server has counted them.
import { create } from 'zustand';
import type { Picking, Sale } from '../../shared/schemas/index.ts';
import type { TillDatabase } from '../db/database.ts';
import { pickupQueue, type PickupOrder } from './pickup-queue.ts';

interface PickupState {
  pickings: Picking[];
  handovers: Sale[];
}

export const usePickupStore = create<PickupState>(() => ({ pickings: [], handovers: [] }));

/** The queue as it stands now (for scans, outside React). */
export function currentPickupQueue(): PickupOrder[] {
  const { pickings, handovers } = usePickupStore.getState();
  return pickupQueue(pickings, handovers);
}

/**
 * A hand-over waits for the server at most as long as the till is offline; 30 days back covers
 * any real outage while reading only the recent sales (indexed by createdAt) at start.
 */
const OVERLAY_DAYS = 30;

export function watchPickups(db: TillDatabase, now = new Date()): () => void {
  const subs = [
    // Waiting: a pickup order's goods not in the store yet (shown "on its way", never handed over).
    db.pickings.find({ selector: { state: { $in: ['waiting', 'ready', 'in_progress'] } } }).$.subscribe((docs) => {
      usePickupStore.setState({ pickings: docs.map((d) => d.toMutableJSON()) });
    }),
    db.sales.eventBulks$.subscribe((bulk) => {
      const added = bulk.events.flatMap((e) => (e.operation === 'INSERT' && (e.documentData as Sale).pickup ? [e.documentData as Sale] : []));
      if (added.length > 0) usePickupStore.setState((s) => ({ handovers: [...s.handovers, ...added] }));
    }),
  ];
  const since = new Date(now.getTime() - OVERLAY_DAYS * 86_400_000).toISOString();
  db.sales.find({ selector: { createdAt: { $gte: since } } }).exec().then(
    (docs) => {
      const stored = docs.flatMap((d) => (d.pickup ? [d.toMutableJSON()] : []));
      usePickupStore.setState((s) => ({ handovers: [...stored, ...s.handovers.filter((h) => !stored.some((x) => x.id === h.id))] }));
    },
    (error: unknown) => console.error('reading the till’s hand-overs failed', error),
  );
  return () => {
    for (const sub of subs) sub.unsubscribe();
  };
}
