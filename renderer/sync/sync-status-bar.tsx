// The always-visible sync strip: online/offline, unacknowledged events, last sync, flagged events.
import { useState } from 'react';
import { useSyncStore } from './sync-store.ts';

function timeOf(iso: string | null): string {
  return iso ? new Date(iso).toLocaleTimeString() : 'never';
}

export function SyncStatusBar() {
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
          {flagged.map((a) => (
            <li key={a.id}>
              <strong>{a.status}</strong> {a.eventCollection} {a.id.slice(-8)}: {a.problems.map((p) => p.message).join('; ')}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
