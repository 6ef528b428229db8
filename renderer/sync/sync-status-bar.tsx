// The always-visible sync strip: online/offline, unacknowledged events, last sync, flagged events.
import { useState } from 'react';
import type { Ack } from '../../shared/schemas/index.ts';
import { useSyncStore } from './sync-store.ts';

/** How a flagged event reads: a title (what it was) and what the server said, in names. */
export interface FlaggedText {
  title: string;
  detail: string;
}

const defaultDescribe = (a: Ack): FlaggedText => ({ title: `${a.eventCollection} ${a.id.slice(-8)}`, detail: a.problems.map((p) => p.message).join('; ') });

function timeOf(iso: string | null): string {
  return iso ? new Date(iso).toLocaleTimeString() : 'never';
}

/** `describe` lets a device name what its flagged events are about (receipts, products). */
export function SyncStatusBar({ describe = defaultDescribe }: { describe?: (ack: Ack) => FlaggedText } = {}) {
  const online = useSyncStore((s) => s.online);
  const pending = useSyncStore((s) => s.unacknowledged);
  const lastSyncAt = useSyncStore((s) => s.lastSyncAt);
  const flagged = useSyncStore((s) => s.flagged);
  const lastError = useSyncStore((s) => s.lastError);
  const [open, setOpen] = useState(false);
  return (
    <section className="sync-bar" aria-label="Sync status">
      <span role="status" aria-label="Connection" className={online ? 'ok' : 'bad'} title={lastError ?? ''}>
        {online ? 'Online' : 'Offline'}
      </span>
      <span aria-label="Unsent events">Unsent: {pending}</span>
      <span aria-label="Last sync">Last sync: {timeOf(lastSyncAt)}</span>
      {flagged.length > 0 && (
        <button type="button" className="warn" onClick={() => setOpen(!open)} aria-expanded={open}>
          Flagged events: {flagged.length}
        </button>
      )}
      {open && (
        <ul className="flagged" aria-label="Flagged events">
          {flagged.map((a) => {
            const text = describe(a);
            return (
              <li key={a.id}>
                <strong>{a.status}</strong> {text.title}: {text.detail}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
