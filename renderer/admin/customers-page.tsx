// Customers: search by name, e-mail or phone; the history of one over every channel (web and
// marketplace orders, till sales and returns); and merging two records of one person — the one
// to keep and the duplicate are picked in the list, the server moves orders, sales and returns
// and deletes the duplicate on the tills (docs/channels.md "Customers").
import { useCallback, useEffect, useState } from 'react';
import type { AdminCustomer, CustomerHistory, CustomerPage, MergeResult } from '../../shared/admin-api/customers.ts';
import type { CustomerGroup, CustomerGroupAssigned, CustomerGroupList } from '../../shared/admin-api/pricing.ts';
import { historyRows } from '../../shared/customers/history-rows.ts';
import { counted } from '../../shared/text/count.ts';
import { storeDay } from '../../shared/time/index.ts';
import { api, query } from '../reports/reports-api.ts';
import { useAdminCall } from './use-admin-call.ts';
import { useNewestRequest, useSearchWords } from './use-search.ts';
import { useStoreMoney } from './use-store-money.ts';

/** Under the list: how many match, that only the first ones are shown, or what to do when none does. */
function foundText(total: number, shown: number, words: string): string {
  if (total === 0) return words ? `No customer matches "${words}": try part of the name, the e-mail or the phone number.` : 'No customer yet: web orders and till sales with a customer add them here.';
  if (shown < total) return `${counted(total, 'customer')}, the first ${shown.toLocaleString('en')} shown: search by name, e-mail or phone to find one.`;
  return counted(total, 'customer');
}

const contact = (c: AdminCustomer): string => [c.email, c.phone].filter(Boolean).join(' · ');

function History({ history, timeZone }: { history: CustomerHistory; timeZone: string }) {
  const rows = historyRows(history, timeZone);
  return (
    <section aria-label={`History of ${history.customer.name}`}>
      <h3>History of {history.customer.name}</h3>
      {rows.length === 0 ? <p>No orders or till sales yet.</p> : (
        <table>
          <thead><tr><th>When ({timeZone})</th><th>What</th><th>Channel</th><th>Reference</th><th>State</th><th className="num">Total</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} aria-label={`${r.what} ${r.reference}`}>
                <td>{r.date}</td>
                <td>{r.what}</td>
                <td>{r.channel}</td>
                <td>{r.reference}</td>
                <td>{r.state}</td>
                <td className="num">{r.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function CustomersPage({ canWrite }: { canWrite: boolean }) {
  const [q, setQ] = useState('');
  const [page, setPage] = useState<CustomerPage | null>(null);
  const [keep, setKeep] = useState<AdminCustomer | null>(null);
  const [merge, setMerge] = useState<AdminCustomer | null>(null);
  const [history, setHistory] = useState<CustomerHistory | null>(null);
  const [status, setStatus] = useState('');
  const [groups, setGroups] = useState<CustomerGroup[]>([]);
  const call = useAdminCall();
  const words = useSearchWords(q);
  const newest = useNewestRequest();
  const { timeZone } = useStoreMoney();
  useEffect(() => {
    void api<CustomerGroupList>('/api/admin/customer-groups').then((r) => setGroups(r.groups), () => undefined);
  }, []);
  const groupName = (id: string | null): string => (id ? groups.find((g) => g.id === id)?.name ?? '…' : '—');
  const setGroup = async (c: AdminCustomer, groupId: string | null): Promise<void> => {
    const res = await call.run(() => api<CustomerGroupAssigned>(`/api/admin/customers/${encodeURIComponent(c.id)}/group`, { method: 'PUT', body: { groupId } }));
    if (!res) return;
    await load();
    setStatus(groupId ? `${res.name} is now in the group ${groupName(groupId)}: tills price their sales with its pricelist.` : `${res.name} is in no customer group now.`);
  };
  const load = useCallback(async () => {
    const isNewest = newest();
    const res = await call.run(() => api<CustomerPage>(`/api/admin/customers${query({ q: words || undefined, limit: 100 })}`));
    if (res && isNewest()) setPage(res);
  }, [call.run, words, newest]);
  useEffect(() => {
    void load();
  }, [load]);

  const showHistory = async (c: AdminCustomer): Promise<void> => {
    const res = await call.run(() => api<CustomerHistory>(`/api/admin/customers/${encodeURIComponent(c.id)}/history`));
    if (res) setHistory(res);
  };
  const doMerge = async (): Promise<void> => {
    if (!keep || !merge) return;
    const res = await call.run(() => api<MergeResult>('/api/admin/customers/merge', { method: 'POST', body: { keep: keep.id, merge: merge.id } }));
    if (!res) return;
    const m = res.moved;
    setStatus(`Merged "${merge.name}" into "${res.kept.name}": ${counted(m.orders, 'order')}, ${counted(m.sales, 'till sale')}, ${counted(m.returns, 'return')} moved.`);
    setKeep(null);
    setMerge(null);
    await load();
    await showHistory(res.kept);
  };

  return (
    <section aria-label="Customers">
      <h2>Customers</h2>
      <label>Search customers <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name, e-mail or phone" /></label>
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {status && <p role="status">{status}</p>}
      {canWrite && (
        <p aria-label="Merge">
          Keep: <strong>{keep ? keep.name : 'pick one below'}</strong> — merge into it: <strong>{merge ? merge.name : 'pick the duplicate below'}</strong>{' '}
          <button type="button" disabled={!keep || !merge || call.busy} onClick={() => void doMerge()}>Merge customers</button>
        </p>
      )}
      <table>
        <thead><tr><th>Name</th><th>Contact</th><th>Group</th><th>Since</th><th /></tr></thead>
        <tbody>
          {(page?.customers ?? []).map((c) => (
            <tr key={c.id} aria-label={`Customer ${c.name}`}>
              <td>{c.name}{c.business ? ' (business)' : ''}</td>
              <td>{contact(c)}</td>
              <td>
                {canWrite && groups.length > 0 ? (
                  <select aria-label={`Group of ${c.name}`} value={c.groupId ?? ''} disabled={call.busy} onChange={(e) => void setGroup(c, e.target.value || null)}>
                    <option value="">No group</option>
                    {groups.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
                  </select>
                ) : groupName(c.groupId)}
              </td>
              <td>{storeDay(c.createdAt, timeZone)}</td>
              <td>
                <button type="button" onClick={() => void showHistory(c)}>History</button>
                {canWrite && <button type="button" aria-pressed={keep?.id === c.id} onClick={() => { setKeep(c); if (merge?.id === c.id) setMerge(null); }}>Keep</button>}
                {canWrite && <button type="button" aria-pressed={merge?.id === c.id} disabled={keep?.id === c.id} onClick={() => setMerge(c)}>Duplicate</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {page && <p role="note" aria-label="Customers found">{foundText(page.total, page.customers.length, words)}</p>}
      {history && <History history={history} timeZone={timeZone} />}
    </section>
  );
}
