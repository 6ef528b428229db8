// Attach a customer to the sale, from the locally synced customers (works offline; phone numbers
// in any writing, customer-search.ts), and open the attached customer's history over every
// channel (online only, customer-history-dialog.tsx).
import { useEffect, useState } from 'react';
import type { Customer } from '../../shared/schemas/index.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useCartStore } from './cart-store.ts';
import { CustomerHistoryDialog } from './customer-history-dialog.tsx';
import { MIN_QUERY, searchCustomers } from './customer-search.ts';
import { tillRuntime } from './till-runtime.ts';

export function CustomerPicker() {
  const customer = useCartStore((s) => s.customer);
  const setCustomer = useCartStore((s) => s.setCustomer);
  const country = useConfigStore((s) => s.config.site?.country);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Customer[]>([]);
  const [history, setHistory] = useState(false);

  useEffect(() => {
    if (query.trim().length < MIN_QUERY) {
      setFound([]);
      return;
    }
    let live = true;
    // Customers are few per store; a scan of the local collection is fine here (not products).
    void tillRuntime()
      .db.customers.find()
      .exec()
      .then((docs) => {
        if (live) setFound(searchCustomers(docs.map((d) => d.toMutableJSON()), query, country));
      });
    return () => {
      live = false;
    };
  }, [query, country]);

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
      {found.map((c) => (
        <button type="button" key={c.id} onClick={() => { setCustomer(c); setQuery(''); }}>
          {c.name}
        </button>
      ))}
    </div>
  );
}
