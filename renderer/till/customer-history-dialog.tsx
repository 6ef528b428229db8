// The customer's history at the till (customer-history.ts): orders and sales over every channel,
// newest first, read from the server when the dialog opens. Offline it shows no history, only why:
// what the till would show would be out of date, and it keeps no copy.
import { useEffect, useState } from 'react';
import type { CustomerHistory } from '../../shared/admin-api/customers.ts';
import { zoneOrDefault } from '../../shared/time/index.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useSyncStore } from '../sync/sync-store.ts';
import { historyRows } from '../../shared/customers/history-rows.ts';
import { CustomerHistoryError, fetchCustomerHistory, HISTORY_OFFLINE } from './customer-history.ts';
import { tillRuntime } from './till-runtime.ts';

type Loaded = { state: 'loading' } | { state: 'shown'; history: CustomerHistory } | { state: 'failed'; message: string };

export function CustomerHistoryDialog({ customer, onClose }: { customer: { id: string; name: string }; onClose(): void }) {
  const online = useSyncStore((s) => s.online);
  const zone = zoneOrDefault(useConfigStore((s) => s.config.site?.timeZone));
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });

  // Asked again each time the till comes online; going offline drops what was shown.
  useEffect(() => {
    setLoaded({ state: 'loading' });
    if (!online) return;
    let live = true;
    fetchCustomerHistory(tillRuntime().credentials, customer.id).then(
      (history) => live && setLoaded({ state: 'shown', history }),
      (err: unknown) => {
        if (!(err instanceof CustomerHistoryError)) throw err;
        if (live) setLoaded({ state: 'failed', message: err.message });
      },
    );
    return () => {
      live = false;
    };
  }, [customer.id, online]);

  const rows = online && loaded.state === 'shown' ? historyRows(loaded.history, zone) : null;
  return (
    <div className="modal-backdrop">
      <div role="dialog" aria-modal="true" aria-label={`History of ${customer.name}`} className="modal stack customer-history" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <div className="row customer-history-head">
          <h2>History of {customer.name}</h2>
          <button type="button" autoFocus onClick={onClose}>Close</button>
        </div>
        {!online ? <p role="status" className="warning">{HISTORY_OFFLINE}</p>
          : loaded.state === 'loading' ? <p role="status">Looking up {customer.name}’s orders and sales…</p>
          : loaded.state === 'failed' ? <p role="alert">{loaded.message}</p>
          : rows?.length === 0 ? <p role="status">{customer.name} has no orders or sales yet, on any channel.</p>
          : (
            <div className="customer-history-list">
              <table aria-label="Orders and sales, newest first">
                <thead>
                  <tr><th>Date</th><th>Channel</th><th>What</th><th>Reference</th><th className="num">Total</th><th>State</th></tr>
                </thead>
                <tbody>
                  {rows?.map((r) => (
                    <tr key={r.key} aria-label={`${r.what} ${r.reference}`}>
                      <td>{r.date}</td><td>{r.channel}</td><td>{r.what}</td><td>{r.reference}</td><td className="num">{r.total}</td><td>{r.state}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
      </div>
    </div>
  );
}
