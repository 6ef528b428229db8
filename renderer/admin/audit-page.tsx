// The audit log: every admin change, newest first (audit-table.tsx); "Show" narrows it to one kind
// of thing, the search to entries whose summary or author mention some words (asked when typing
// pauses, use-search.ts).
import { useState } from 'react';
import { AuditTable, useAuditLog } from './audit-table.tsx';
import { useSearchWords } from './use-search.ts';

/** The kinds of thing the log names (`admin_audit.entity`), as the back office calls them. */
const KINDS: readonly (readonly [entity: string, label: string])[] = [
  ['product', 'Products'], ['tax', 'Taxes'], ['pricelist', 'Pricelists'], ['promotion', 'Promotions'], ['coupon', 'Coupons'],
  ['customer', 'Customers and store credit'], ['customer_group', 'Customer groups'], ['gift_card', 'Gift cards'],
  ['user', 'Users'], ['device', 'Devices'], ['site', 'Sites'], ['location', 'Locations'],
  ['channel', 'Channels'], ['channel-key', 'Channel API keys'], ['webhook_endpoint', 'Webhooks'],
  ['order', 'Channel orders'], ['picking', 'Transfers and receipts'], ['purchase-order', 'Purchase orders'], ['reorder-rule', 'Reorder rules'],
  ['count-approval', 'Count approvals'], ['package', 'Packages'], ['settings', 'Settings'], ['database', 'Database'],
];

export function AuditPage() {
  const [entity, setEntity] = useState('');
  const [q, setQ] = useState('');
  const words = useSearchWords(q);
  const log = useAuditLog({ entity, q: words });
  const empty = words
    ? `No change recorded that mentions “${words}”${entity ? ' among these' : ''}.`
    : entity
      ? 'No change of this kind recorded.'
      : 'No change recorded yet: changes made in the back office, and stock that supervisors and pickers request at their devices, appear here.';
  return (
    <section aria-label="Audit log">
      <h2>Audit log</h2>
      <div className="toolbar">
        <input type="search" aria-label="Search the audit log" placeholder="Name, reference or who" value={q} onChange={(e) => setQ(e.target.value)} />
        <label className="inline">Show
          <select value={entity} onChange={(e) => setEntity(e.target.value)}>
            <option value="">Everything</option>
            {KINDS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </label>
      </div>
      <AuditTable log={log} empty={empty} />
    </section>
  );
}
