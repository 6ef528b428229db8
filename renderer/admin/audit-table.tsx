// The audit log's entries as a table — when (store time), who, what, and what changed in words
// (audit-changes.ts) — and the hook that pages through them, for the whole log (Audit log page) or
// one thing's history (a product's History on the Products page).
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { AuditEntry, AuditPage as AuditPageBody } from '../../shared/admin-api/audit-devices.ts';
import { formatDateTime } from '../reports/format.ts';
import { api, query } from '../reports/reports-api.ts';
import { auditChangeLines, auditChangeText } from './audit-changes.ts';
import { useAdminCall } from './use-admin-call.ts';
import { useNewestRequest } from './use-search.ts';
import { useStoreMoney } from './use-store-money.ts';

const PAGE = 100;

/** Which entries: every one, one kind of thing (`entity`), or one thing (`entity` and `entityId`); `q`: words their summary or author contain. */
export interface AuditFilter {
  entity?: string;
  entityId?: string;
  q?: string;
}

export interface AuditLog {
  entries: AuditEntry[];
  /** The first page has answered (an empty log can say so). */
  loaded: boolean;
  /** Older entries may exist. */
  more: boolean;
  older(): void;
  error: string | null;
}

export function useAuditLog({ entity = '', entityId = '', q = '' }: AuditFilter): AuditLog {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState(true);
  const [loaded, setLoaded] = useState(false);
  // Only the newest request's answer is shown: one for a filter no longer shown is dropped.
  const newest = useNewestRequest();
  const call = useAdminCall();
  const words = q.trim();
  const load = useCallback(async (before?: number) => {
    const isNewest = newest();
    const res = await call.run(() => api<AuditPageBody>(`/api/admin/audit${query({ limit: PAGE, before, entity, entityId, q: words })}`));
    if (!res || !isNewest()) return;
    setEntries((old) => (before ? [...old, ...res.entries] : res.entries));
    setMore(res.entries.length === PAGE);
    setLoaded(true);
  }, [call.run, entity, entityId, words, newest]);
  useEffect(() => {
    void load();
  }, [load]);
  return { entries, loaded, more, older: () => void load(entries[entries.length - 1]?.id), error: call.error };
}

export function AuditTable({ log, empty }: { log: AuditLog; empty: string }) {
  const { currency, timeZone } = useStoreMoney();
  return (
    <>
      {log.error && <p className="error" role="alert">{log.error}</p>}
      <table>
        <thead><tr><th>When ({timeZone})</th><th>Who</th><th>What</th><th>Changes</th></tr></thead>
        <tbody>
          {log.entries.map((e) => (
            <tr key={e.id} aria-label={`Change ${e.summary}`}>
              <td className="nowrap">{formatDateTime(e.at, timeZone)}</td>
              <td>{e.actor} ({e.actorRole})</td>
              <td>{e.summary}</td>
              <td>
                <ul className="audit-changes">
                  {auditChangeLines(e.before, e.after, { currency, timeZone, entity: e.entity }).map((l) => <li key={l.field}>{auditChangeText(l)}</li>)}
                </ul>
              </td>
            </tr>
          ))}
          {log.loaded && log.entries.length === 0 && <tr><td colSpan={4} className="muted">{empty}</td></tr>}
        </tbody>
      </table>
      {log.more && log.entries.length > 0 && <button type="button" onClick={log.older}>Older entries</button>}
    </>
  );
}

/**
 * One thing's history (a product, a user, a site): its entries of the log, newest first, in a
 * region named "History of <name>". `heading` replaces the plain "History" title.
 */
export function AuditHistory({ entity, entityId, name, empty, heading, className }: { entity: string; entityId: string; name: string; empty: string; heading?: ReactNode; className?: string }) {
  const log = useAuditLog({ entity, entityId });
  return (
    <section className={className} aria-label={`History of ${name}`}>
      {heading ?? <h4>History</h4>}
      <AuditTable log={log} empty={empty} />
    </section>
  );
}
