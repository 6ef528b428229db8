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
  /** Acks whose status is exception or rejected. */
  flagged: Ack[];
}

export const useSyncStore = create<SyncState>(() => ({
  leader: false,
  online: false,
  lastSyncAt: null,
  lastError: null,
  unacknowledged: 0,
  flagged: [],
}));

export function markSyncSuccess(at = new Date()): void {
  useSyncStore.setState({ online: true, lastSyncAt: at.toISOString(), lastError: null });
}

export function markSyncFailure(message: string): void {
  useSyncStore.setState({ online: false, lastError: message });
}
