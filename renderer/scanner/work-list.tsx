// The station's list of work from the local `pickings` collection: deliveries by step, receipts,
// transfers and counts, oldest or newest first, with state and who claimed it; opening one
// claims it; "Move a package" (or scanning a package's SSCC here) moves a whole package; "Request
// stock" asks another site to send something here. Below, this station's recent events with the server's outcome for each.
import { useState } from 'react';
import type { Picking, SiteConfig } from '../../shared/schemas/index.ts';
import { formatStoreDateTime } from '../../shared/time/index.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useCountStore } from './count-store.ts';
import { describeOutcome, pendingValidations } from './event-outcome.ts';
import { usePackageMoveStore } from './package-move-store.ts';
import { useStockRequestStore } from './stock-request-store.ts';
import { scannerRuntime } from './scanner-runtime.ts';
import { useScannerStore } from './scanner-store.ts';
import { partnerText, pickingKindText, STATE_WORDS, workKind } from './picking-words.ts';
import { stationName } from './validation-summary.tsx';

type KindFilter = 'all' | Picking['kind'];

function claimText(p: Picking, me: string, stations: SiteConfig['stations']): string {
  if (!p.claimedBy) return '—';
  return p.claimedBy === me ? 'this station' : stationName(stations, p.claimedBy);
}

/** What the picker did, in words (the events' kinds are the protocol's: claim, release, validate). */
const EVENT_WORDS = { claim: 'Opened', release: 'Released', validate: 'Validated', count: 'Counted', package: 'Moved package' } as const;

function RecentEvents() {
  const events = useScannerStore((s) => s.events);
  const counts = useScannerStore((s) => s.counts);
  const packageMoves = useScannerStore((s) => s.packageMoves);
  const acks = useScannerStore((s) => s.acks);
  const pickings = useScannerStore((s) => s.pickings);
  const rt = scannerRuntime();
  const all = [
    ...events.map((e) => ({ id: e.id, kind: EVENT_WORDS[e.kind], createdAt: e.createdAt, what: pickings.find((p) => p.id === e.pickingId)?.reference ?? e.pickingId.slice(-6) })),
    ...counts.map((c) => ({ id: c.id, kind: EVENT_WORDS.count, createdAt: c.createdAt, what: rt.labels.name(c.locationId) ?? c.locationId.slice(-6) })),
    ...packageMoves.map((m) => ({ id: m.id, kind: EVENT_WORDS.package, createdAt: m.createdAt, what: `${m.sscc} to ${rt.labels.name(m.toLocationId) ?? 'another location'}` })),
  ];
  const recent = all.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 10);
  if (recent.length === 0) return null;
  return (
    <section aria-label="Recent events">
      <h2>Recent events</h2>
      <ul className="stack">
        {recent.map((e) => {
          const o = describeOutcome(acks.get(e.id));
          return (
            <li key={e.id} className={`outcome ${o.state}`} aria-label={`${e.kind} ${e.what}`}>
              <strong>{e.kind}</strong> {e.what}: <span>{o.text}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function WorkList() {
  const pickings = useScannerStore((s) => s.pickings);
  const sort = useScannerStore((s) => s.sort);
  const setSort = useScannerStore((s) => s.setSort);
  const open = useScannerStore((s) => s.open);
  const startCount = useCountStore((s) => s.start);
  const startMove = usePackageMoveStore((s) => s.start);
  const startRequest = useStockRequestStore((s) => s.start);
  const scanMessage = useScannerStore((s) => s.feedback?.message ?? null);
  const events = useScannerStore((s) => s.events);
  const acks = useScannerStore((s) => s.acks);
  const sending = pendingValidations(events, acks);
  const [kind, setKind] = useState<KindFilter>('all');
  const [error, setError] = useState<string | null>(null);
  const me = scannerRuntime().credentials.deviceId;
  const stations = useConfigStore((s) => s.config.site?.stations);
  const zone = useConfigStore((s) => s.config.site?.timeZone ?? 'UTC');
  const shown = pickings
    .filter((p) => (p.state === 'ready' || p.state === 'in_progress') && (kind === 'all' || workKind(p) === kind))
    .sort((a, b) => (sort === 'oldest' ? a.createdAt.localeCompare(b.createdAt) : b.createdAt.localeCompare(a.createdAt)));
  const openOne = (id: string) => {
    open(id).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  return (
    <main className="scanner-main">
      <div className="row scanner-toolbar">
        <h1>Work</h1>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as KindFilter)}>
            <option value="all">All</option>
            <option value="delivery">Deliveries</option>
            <option value="receipt">Receipts</option>
            <option value="transfer">Transfers</option>
            <option value="count">Counts</option>
          </select>
        </label>
        <button type="button" className="big" onClick={() => setSort(sort === 'oldest' ? 'newest' : 'oldest')}>
          {sort === 'oldest' ? 'Oldest first' : 'Newest first'}
        </button>
        <button type="button" className="big" onClick={startCount}>
          Count a location
        </button>
        <button type="button" className="big" onClick={() => startMove()}>
          Move a package
        </button>
        <button type="button" className="big" onClick={startRequest}>
          Request stock
        </button>
      </div>
      {error && <p role="alert">{error}</p>}
      {scanMessage && (
        <p role="alert" aria-label="Scan feedback" className="feedback bad">
          {scanMessage}
        </p>
      )}
      {shown.length === 0 ? (
        <p role="status">No work waiting.</p>
      ) : (
        <table className="work-list" aria-label="Work list">
          <thead>
            <tr>
              <th>Kind</th>
              <th>Reference</th>
              <th>For</th>
              <th>State</th>
              <th>Claimed by</th>
              <th>Lines</th>
              <th>Created</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => (
              <tr key={p.id}>
                <td data-label="Kind">
                  {pickingKindText(p)}
                </td>
                <td data-label="Reference">{p.reference}</td>
                <td data-label="For">{partnerText(p) ?? '—'}</td>
                <td data-label="State">{sending.has(p.id) ? 'Validated, sending' : STATE_WORDS[p.state]}</td>
                <td data-label="Claimed by">{claimText(p, me, stations)}</td>
                <td data-label="Lines">{p.lines.length}</td>
                <td data-label="Created">{formatStoreDateTime(p.createdAt, zone)}</td>
                <td>
                  <button type="button" className="primary big" onClick={() => openOne(p.id)} aria-label={`Open ${p.reference}`} disabled={sending.has(p.id)}>
                    Open
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RecentEvents />
    </main>
  );
}
