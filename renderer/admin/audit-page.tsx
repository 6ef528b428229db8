// The audit log: every admin change, newest first — who, when, what, and the values before and after.
import { useCallback, useEffect, useState } from 'react';
import type { AuditEntry, AuditPage as AuditPageBody } from '../../shared/admin-api/audit-devices.ts';
import { api, query } from '../reports/reports-api.ts';
import { useAdminCall } from './use-admin-call.ts';

const show = (v: unknown): string => (v === null || v === undefined ? '' : JSON.stringify(v));

export function AuditPage() {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState(true);
  const call = useAdminCall();
  const load = useCallback(async (before?: number) => {
    const res = await call.run(() => api<AuditPageBody>(`/api/admin/audit${query({ limit: 100, before })}`));
    if (!res) return;
    setEntries((old) => (before ? [...old, ...res.entries] : res.entries));
    setMore(res.entries.length === 100);
  }, [call.run]);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section aria-label="Audit log">
      <h2>Audit log</h2>
      {call.error && <p className="error" role="alert">{call.error}</p>}
      <table>
        <thead><tr><th>When (UTC)</th><th>Who</th><th>What</th><th>Before</th><th>After</th></tr></thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{e.at.slice(0, 19).replace('T', ' ')}</td>
              <td>{e.actor} ({e.actorRole})</td>
              <td>{e.summary}</td>
              <td><code>{show(e.before)}</code></td>
              <td><code>{show(e.after)}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
      {more && entries.length > 0 && <button type="button" onClick={() => void load(entries[entries.length - 1]?.id)}>Older entries</button>}
    </section>
  );
}
