// Attach a customer to the sale, from the locally synced customers (works offline).
import { useEffect, useState } from 'react';
import type { Customer } from '../../shared/schemas/index.ts';
import { useCartStore } from './cart-store.ts';
import { tillRuntime } from './till-runtime.ts';

export function CustomerPicker() {
  const customer = useCartStore((s) => s.customer);
  const setCustomer = useCartStore((s) => s.setCustomer);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Customer[]>([]);

  useEffect(() => {
    const q = query.trim().toLowerCase();
    if (q.length < 2) {
      setFound([]);
      return;
    }
    let live = true;
    // Customers are few per store; a scan of the local collection is fine here (not products).
    void tillRuntime()
      .db.customers.find()
      .exec()
      .then((docs) => {
        if (!live) return;
        setFound(docs.map((d) => d.toMutableJSON()).filter((c) => c.name.toLowerCase().includes(q) || (c.email ?? '').toLowerCase().includes(q) || (c.phone ?? '').includes(q)).slice(0, 6));
      });
    return () => {
      live = false;
    };
  }, [query]);

  if (customer) {
    return (
      <div className="customer">
        <span aria-label="Customer">Customer: {customer.name}</span>
        <button type="button" onClick={() => setCustomer(null)}>
          Remove customer
        </button>
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
