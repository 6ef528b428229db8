// The always-visible sync strip: online/offline, unacknowledged events, last sync, flagged events.
import { useState } from 'react';
import type { Ack } from '../../shared/schemas/index.ts';
import { formatStoreDateTime, storeDay, zoneOrDefault } from '../../shared/time/index.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useSyncStore } from './sync-store.ts';

/** How a flagged event reads: a title (what it was) and what the server said, in names. */
export interface FlaggedText {
  title: string;
  detail: string;
  /** What the device offers to do about it (e.g. the till's refund of a customer order that was not placed). */
  action?: { label: string; run(): void };
}

/** What a device pushed, by the collection it went to (sync-server/events/registry.ts), as its user calls it. */
const EVENT_NAMES: Readonly<Record<string, string>> = {
  sales: 'Sale', sessions: 'Till session', picking_events: 'Picking step', counts: 'Count', package_moves: 'Package move',
};
export const eventName = (collection: string): string => EVENT_NAMES[collection] ?? collection;

/** What the server did with it: kept it and flagged it (an exception for a manager), or refused it. */
const STATUS_WORDS: Readonly<Record<Ack['status'], string>> = { applied: 'Recorded', exception: 'Recorded with a warning', rejected: 'Refused by the server' };

const defaultDescribe = (a: Ack): FlaggedText => ({ title: `${eventName(a.eventCollection)} ${a.id.slice(-8)}`, detail: a.problems.map((p) => p.message).join('; ') });

/** "Last synced 14:32" in store time (with the day when it was not today), or that it never synced. */
export function lastSyncedText(iso: string | null, zone: string, now = new Date()): string {
  if (!iso) return 'Not synced yet';
  const at = formatStoreDateTime(iso, zone);
  return `Last synced ${storeDay(iso, zone) === storeDay(now, zone) ? at.slice(11) : at}`;
}

/** `describe` lets a device name what its flagged events are about (receipts, products). */
export function SyncStatusBar({ describe = defaultDescribe }: { describe?: (ack: Ack) => FlaggedText } = {}) {
  const online = useSyncStore((s) => s.online);
  const pending = useSyncStore((s) => s.unacknowledged);
  const lastSyncAt = useSyncStore((s) => s.lastSyncAt);
  const zone = useConfigStore((s) => s.config.site?.timeZone);
  // Until the local config is read the store's zone is unknown: no clock time rather than a wrong one.
  const zoneKnown = useConfigStore((s) => s.loaded);
  const flagged = useSyncStore((s) => s.flagged);
  const lastError = useSyncStore((s) => s.lastError);
  const [open, setOpen] = useState(false);
  return (
    <section className="sync-bar" aria-label="Sync status">
      <span role="status" aria-label="Connection" className={online ? 'ok' : 'bad'} title={lastError ?? ''}>
        {online ? 'Online' : 'Offline'}
      </span>
      <span aria-label="Unsent events">Unsent: {pending}</span>
      <span aria-label="Last sync">{zoneKnown ? lastSyncedText(lastSyncAt, zoneOrDefault(zone)) : 'Last synced …'}</span>
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
                <strong>{STATUS_WORDS[a.status]}:</strong> {text.title}: {text.detail}
                {text.action && (
                  <button type="button" onClick={() => { setOpen(false); text.action?.run(); }}>
                    {text.action.label}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
