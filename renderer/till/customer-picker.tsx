// Attach a customer to the sale, from the locally synced customers (works offline; phone numbers
// in any writing, customer-search.ts), searched in memory (customer-store.ts), and open the attached customer's history over every
// channel (online only, customer-history-dialog.tsx).
import { useEffect, useState } from 'react';
import type { Customer } from '../../shared/schemas/index.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useCartStore } from './cart-store.ts';
import { CustomerHistoryDialog } from './customer-history-dialog.tsx';
import { MIN_QUERY } from './customer-search.ts';
import { searchLocalCustomers, useCustomerStore } from './customer-store.ts';

export function CustomerPicker() {
  const customer = useCartStore((s) => s.customer);
  const setCustomer = useCartStore((s) => s.setCustomer);
  const country = useConfigStore((s) => s.config.site?.country);
  const [query, setQuery] = useState('');
  // What the search found, with the query it answers (the list says which on data-query).
  const [found, setFound] = useState<{ query: string; hits: Customer[] } | null>(null);
  const [history, setHistory] = useState(false);

  // Changes to the customers (a new one replicated in, one merged away) re-run an open search.
  const customersVersion = useCustomerStore((s) => s.version);

  useEffect(() => {
    if (query.trim().length < MIN_QUERY) {
      setFound(null);
      return;
    }
    // A search over the in-memory customers takes a few milliseconds (docs/till.md), so every
    // keystroke searches; only the first waits for the customers to be read, and an answer for a
    // query the cashier has since changed is dropped.
    let live = true;
    searchLocalCustomers(query, country).then(
      (hits) => {
        if (live) setFound({ query, hits });
      },
      (error: unknown) => console.error('customer search failed', error),
    );
    return () => {
      live = false;
    };
  }, [query, country, customersVersion]);

  if (customer) {
    return (
      <div className="customer">
        <span aria-label="Customer">Customer: {customer.name}</span>
        <div className="row customer-actions">
          <button type="button" onClick={() => setHistory(true)} aria-label={`History of ${customer.name}`}>
            History
          </button>
          <button type="button" onClick={() => setCustomer(null)}>
            Remove customer
          </button>
        </div>
        {history && <CustomerHistoryDialog customer={customer} onClose={() => setHistory(false)} />}
      </div>
    );
  }
  return (
    <div className="customer">
      <label>
        Customer
        <input value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
      </label>
      {found && (
        <div className="customer-found" data-query={found.query}>
          {found.hits.map((c) => (
            <button type="button" key={c.id} onClick={() => { setCustomer(c); setQuery(''); }}>
              {c.name}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
