// Event handlers, one per device-owned collection. To add behaviour for a collection, replace
// its `handle` (see docs/server.md "Extension points"). A handler runs inside the push batch's
// transaction, under a savepoint, after the event row was inserted; it applies the effects and
// returns the problems found (→ status 'exception'), or throws RejectEventError to refuse.
import type { Problem } from '../../shared/schemas/common.ts';
import type { DeviceCollection } from '../../shared/schemas/index.ts';
import type { PackageMove } from '../../shared/schemas/package-move.ts';
import type { PickingEvent } from '../../shared/schemas/picking-event.ts';
import type { Sale } from '../../shared/schemas/sale.ts';
import type { SessionEvent } from '../../shared/schemas/session-event.ts';
import type { StockCount } from '../../shared/schemas/stock-count.ts';
import type { Tx } from '../db/db.ts';
import type { DeviceIdentity } from '../devices/identity.ts';
import { handleSale, handleSales, handleSessionEvent } from '../pos/handlers.ts';
import { applyCount } from './handlers/counts.ts';
import { applyPackageMove } from '../warehouse/package-moves.ts';
import { handlePickingEvent } from '../warehouse/picking-events.ts';

export interface EventContext {
  device: DeviceIdentity;
  /** Server receive time. */
  now: Date;
}

export type EventHandler<T> = (tx: Tx, event: T, ctx: EventContext) => Promise<Problem[]>;

/** Applies several new events at once; returns the problems per event id (events/apply-batch.ts). */
export type BatchEventHandler<T> = (tx: Tx, events: T[], ctx: EventContext) => Promise<Map<string, Problem[]>>;

export interface EventSpec<T> {
  /** Which device and site the event claims to come from; must equal the pushing device's. */
  claimedBy: (event: T) => { deviceId: string; siteId: string };
  handle: EventHandler<T>;
  /** Optional set-based fast path for a push batch; must give the same result as `handle` one by one. */
  handleBatch?: BatchEventHandler<T>;
}

export interface EventDocs {
  sales: Sale;
  sessions: SessionEvent;
  picking_events: PickingEvent;
  counts: StockCount;
  package_moves: PackageMove;
}

export type EventRegistry = { [K in DeviceCollection]: EventSpec<EventDocs[K]> };

export const defaultRegistry: EventRegistry = {
  // POS ledger (pos/): stock moves, session totals, journal entries, documents and checks.
  sales: { claimedBy: (e) => ({ deviceId: e.tillId, siteId: e.siteId }), handle: handleSale, handleBatch: handleSales },
  sessions: { claimedBy: (e) => ({ deviceId: e.tillId, siteId: e.siteId }), handle: handleSessionEvent },
  // Warehouse (warehouse/picking-events.ts): claim, release, validate with server-decided conflicts.
  picking_events: { claimedBy: (e) => ({ deviceId: e.deviceId, siteId: e.siteId }), handle: handlePickingEvent },
  counts: { claimedBy: (e) => ({ deviceId: e.deviceId, siteId: e.siteId }), handle: applyCount },
  // A package (SSCC) moved as a unit by a station (warehouse/package-moves.ts).
  package_moves: { claimedBy: (e) => ({ deviceId: e.deviceId, siteId: e.siteId }), handle: applyPackageMove },
};

/** A registry with some handlers replaced (tests, later issues). */
export function withHandlers(overrides: Partial<EventRegistry>, base: EventRegistry = defaultRegistry): EventRegistry {
  return { ...base, ...overrides };
}
