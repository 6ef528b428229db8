// The audit log: every admin change, newest first — who, when (store time), what, and what it
// changed, field by field in words (audit-changes.ts).
import { useCallback, useEffect, useState } from 'react';
import type { AuditEntry, AuditPage as AuditPageBody } from '../../shared/admin-api/audit-devices.ts';
import { formatDateTime } from '../reports/format.ts';
import { api, query } from '../reports/reports-api.ts';
import { auditChangeLines, auditChangeText } from './audit-changes.ts';
import { useAdminCall } from './use-admin-call.ts';
import { useStoreMoney } from './use-store-money.ts';

export function AuditPage() {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const call = useAdminCall();
  const { currency, timeZone } = useStoreMoney();
  const load = useCallback(async (before?: number) => {
    const res = await call.run(() => api<AuditPageBody>(`/api/admin/audit${query({ limit: 100, before })}`));
    if (!res) return;
    setEntries((old) => (before ? [...old, ...res.entries] : res.entries));
    setMore(res.entries.length === 100);
    setLoaded(true);
  }, [call.run]);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section aria-label="Audit log">
      <h2>Audit log</h2>
      {call.error && <p className="error" role="alert">{call.error}</p>}
      <table>
        <thead><tr><th>When ({timeZone})</th><th>Who</th><th>What</th><th>Changes</th></tr></thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} aria-label={`Change ${e.summary}`}>
              <td className="nowrap">{formatDateTime(e.at, timeZone)}</td>
              <td>{e.actor} ({e.actorRole})</td>
              <td>{e.summary}</td>
              <td>
                <ul className="audit-changes">
                  {auditChangeLines(e.before, e.after, { currency, timeZone }).map((l) => <li key={l.field}>{auditChangeText(l)}</li>)}
                </ul>
              </td>
            </tr>
          ))}
          {loaded && entries.length === 0 && <tr><td colSpan={4} className="muted">No change recorded yet: changes made in the back office and supervisors' approvals at the tills appear here.</td></tr>}
        </tbody>
      </table>
      {more && entries.length > 0 && <button type="button" onClick={() => void load(entries[entries.length - 1]?.id)}>Older entries</button>}
    </section>
  );
}
