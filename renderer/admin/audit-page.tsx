// The audit log: every admin change, newest first — who, when (store time), what, and what it
// changed, field by field in words (audit-changes.ts); "Show" narrows it to one kind of thing.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditEntry, AuditPage as AuditPageBody } from '../../shared/admin-api/audit-devices.ts';
import { formatDateTime } from '../reports/format.ts';
import { api, query } from '../reports/reports-api.ts';
import { auditChangeLines, auditChangeText } from './audit-changes.ts';
import { useAdminCall } from './use-admin-call.ts';
import { useStoreMoney } from './use-store-money.ts';

/** The kinds of thing the log names (`admin_audit.entity`), as the back office calls them. */
const KINDS: readonly (readonly [entity: string, label: string])[] = [
  ['product', 'Products'], ['pricelist', 'Pricelists'], ['promotion', 'Promotions'], ['coupon', 'Coupons'],
  ['customer', 'Customers and store credit'], ['customer_group', 'Customer groups'], ['gift_card', 'Gift cards'],
  ['user', 'Users'], ['device', 'Devices'], ['site', 'Sites'], ['location', 'Locations'],
  ['channel', 'Channels'], ['channel-key', 'Channel API keys'], ['webhook_endpoint', 'Webhooks'],
  ['picking', 'Transfers and receipts'], ['purchase-order', 'Purchase orders'], ['reorder-rule', 'Reorder rules'],
  ['count-approval', 'Count approvals'], ['package', 'Packages'], ['settings', 'Settings'], ['database', 'Database'],
];

export function AuditPage() {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const [entity, setEntity] = useState('');
  // The kind the newest request was for: an answer for a kind no longer shown is dropped.
  const shown = useRef('');
  const call = useAdminCall();
  const { currency, timeZone } = useStoreMoney();
  const load = useCallback(async (kind: string, before?: number) => {
    shown.current = kind;
    const res = await call.run(() => api<AuditPageBody>(`/api/admin/audit${query({ limit: 100, before, entity: kind })}`));
    if (!res || shown.current !== kind) return;
    setEntries((old) => (before ? [...old, ...res.entries] : res.entries));
    setMore(res.entries.length === 100);
    setLoaded(true);
  }, [call.run]);
  useEffect(() => {
    void load(entity);
  }, [load, entity]);
  return (
    <section aria-label="Audit log">
      <h2>Audit log</h2>
      <div className="toolbar">
        <label className="inline">Show
          <select value={entity} onChange={(e) => setEntity(e.target.value)}>
            <option value="">Everything</option>
            {KINDS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </label>
      </div>
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
          {loaded && entries.length === 0 && (
            <tr><td colSpan={4} className="muted">
              {entity ? 'No change of this kind recorded.' : 'No change recorded yet: changes made in the back office, and stock that supervisors and pickers request at their devices, appear here.'}
            </td></tr>
          )}
        </tbody>
      </table>
      {more && entries.length > 0 && <button type="button" onClick={() => void load(entity, entries[entries.length - 1]?.id)}>Older entries</button>}
    </section>
  );
}
