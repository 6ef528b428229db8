// Sync status the till always shows: online/offline, events not yet acknowledged by the server,
// last successful sync, and every event the server flagged (exception) or rejected.
import { create } from 'zustand';
import type { Ack } from '../../shared/schemas/index.ts';

export interface SyncState {
  /** This window runs the replication (RxDB leader); other windows only watch the database. */
  leader: boolean;
  online: boolean;
  lastSyncAt: string | null;
  lastError: string | null;
  /** Sales and session events stored locally without an acknowledgement yet. */
  unacknowledged: number;
  /** Their ids (null until the first read of storage is done): the till counts its offline spends of stored value over these sales. */
  unacknowledgedIds: readonly string[] | null;
  /** Acks whose status is exception or rejected. */
  flagged: Ack[];
}

/** The last successful sync survives a reload (an offline restart still says when the device last synced). */
const LAST_SYNC_KEY = 'aisle.lastSyncAt';

function storedLastSync(): string | null {
  if (typeof localStorage === 'undefined') return null;
  const value = localStorage.getItem(LAST_SYNC_KEY);
  return value && !Number.isNaN(Date.parse(value)) ? value : null;
}

export const useSyncStore = create<SyncState>(() => ({
  leader: false,
  online: false,
  lastSyncAt: storedLastSync(),
  lastError: null,
  unacknowledged: 0,
  unacknowledgedIds: null,
  flagged: [],
}));

export function markSyncSuccess(at = new Date()): void {
  const lastSyncAt = at.toISOString();
  if (typeof localStorage !== 'undefined') localStorage.setItem(LAST_SYNC_KEY, lastSyncAt);
  useSyncStore.setState({ online: true, lastSyncAt, lastError: null });
}

/** A device paired again starts with no sync behind it. */
export function forgetLastSync(): void {
  if (typeof localStorage !== 'undefined') localStorage.removeItem(LAST_SYNC_KEY);
  useSyncStore.setState({ lastSyncAt: null });
}

export function markSyncFailure(message: string): void {
  useSyncStore.setState({ online: false, lastError: message });
}
