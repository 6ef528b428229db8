// The endless aisle (docs/till.md "Endless aisle"): the cashier finds an item the store does not
// have, sees where it is available (the replicated `availability` documents, live), chooses the
// site and how it reaches the customer (delivered to an address, or collected at a store), and
// adds it to the sale; the sale is paid as usual and carries the customer order (pay-store.ts).
import { useMemo, useState, type FormEvent } from 'react';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import type { Product } from '../../shared/schemas/index.ts';
import { useCatalogStore } from '../catalog/catalog-store.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useCartStore } from './cart-store.ts';
import { aisleSites, choiceProblem, describeFulfillment, fulfillmentOf, sameFulfillment, type FulfillmentType } from './endless-aisle.ts';
import { taxRulesFor } from './scan-apply.ts';
import { tillRuntime } from './till-runtime.ts';
import { useTillUiStore } from './till-ui-store.ts';
import { SiteAvailabilityTable } from './site-availability-table.tsx';
import { useAvailability } from './use-availability.ts';

export function AisleScreen() {
  const go = useTillUiStore((s) => s.go);
  const index = useCatalogStore((s) => s.index);
  const config = useConfigStore((s) => s.config);
  const currency = config.site?.currency ?? 'EUR';
  const storeSiteId = tillRuntime().credentials.siteId;
  const [query, setQuery] = useState('');
  const [product, setProduct] = useState<Product | null>(null);
  const [qty, setQty] = useState('1');
  const [siteId, setSiteId] = useState<string | null>(null);
  const [type, setType] = useState<FulfillmentType>('delivery');
  const [address, setAddress] = useState('');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string | null>(null);
  const hits = useMemo(() => (index && query.trim().length >= 2 ? index.search(query, 8) : []), [index, query]);
  const { doc, loaded } = useAvailability(tillRuntime().db.availability, product?.id ?? null);
  const sites = useMemo(() => aisleSites(doc, storeSiteId), [doc, storeSiteId]);
  const site = sites.find((s) => s.siteId === siteId) ?? null;
  const n = Number(qty.replace(',', '.'));
  const pending = useCartStore((s) => s.customerOrder);

  const pick = (p: Product): void => {
    setProduct(p);
    setSiteId(null);
    setError(null);
  };
  const search = (e: FormEvent): void => {
    e.preventDefault();
    const first = hits[0];
    if (hits.length === 1 && first) pick(first);
  };
  const add = (): void => {
    if (!product) return;
    const choice = { site, type, qty: n, address, phone };
    const problem = choiceProblem(choice, product.unit);
    if (problem || !choice.site) return setError(problem);
    const fulfillment = fulfillmentOf({ ...choice, site: choice.site });
    if (pending && !sameFulfillment(pending, fulfillment)) {
      return setError('This sale already has a customer order going another way: pay it first, then order this item in a new sale');
    }
    useCartStore.getState().addOrdered(product, taxRulesFor(product), n, fulfillment);
    useCartStore.getState().say('info', `${product.name} ordered — ${describeFulfillment(fulfillment, () => choice.site?.name)}; paid with this sale`);
    go('sell');
  };

  return (
    <main className="aisle" aria-label="Order elsewhere">
      <form className="row aisle-search" onSubmit={search} aria-label="Find an item">
        <h1>Order elsewhere</h1>
        <label>
          Item name or SKU
          <input value={query} onChange={(e) => setQuery(e.target.value)} autoFocus autoComplete="off" />
        </label>
        <button type="button" onClick={() => go('sell')}>Back to sale</button>
      </form>
      {error && <p role="alert">{error}</p>}
      <div className="aisle-body">
        <section aria-label="Items found" className="stack">
          {hits.length === 0 ? <p className="muted">{query.trim().length < 2 ? 'Type at least two letters of the item.' : 'No item matches.'}</p> : (
            <ul className="aisle-hits">
              {hits.map((p) => (
                <li key={p.id}>
                  <button type="button" className={p.id === product?.id ? 'selected' : undefined} onClick={() => pick(p)}>
                    {p.name} <span className="muted">{p.sku} · {formatMoneyWithSymbol(p.price, currency)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        {product && (
          <section aria-label={`Order ${product.name}`} className="stack aisle-order">
            <h2>{product.name} <span className="muted">{formatMoneyWithSymbol(product.price, currency)}</span></h2>
            {!loaded ? <p role="status">Looking up where it is…</p>
              : sites.length === 0 ? <p role="status">No site has this item (or the till has not received its availability yet).</p>
              : <SiteAvailabilityTable sites={sites} chosen={siteId} label="Where it is available" action="Order from" choosable={(s) => (s.available < (n > 0 ? n : 1) || s.available <= 0 ? 'disabled' : 'yes')} onChoose={(s) => { setSiteId(s.siteId); if (s.kind !== 'store') setType('delivery'); setError(null); }} />}
            <div className="row">
              <label>
                Quantity
                <input aria-label="Quantity to order" value={qty} inputMode="decimal" size={4} onChange={(e) => setQty(e.target.value)} />
              </label>
              <fieldset className="row">
                <legend>The customer</legend>
                <label><input type="radio" name="fulfillment" checked={type === 'delivery'} onChange={() => setType('delivery')} /> gets it delivered</label>
                <label><input type="radio" name="fulfillment" checked={type === 'pickup'} disabled={site !== null && site.kind !== 'store'} onChange={() => setType('pickup')} /> collects it{site?.kind === 'store' ? ` at ${site.name}` : ' at a store'}</label>
              </fieldset>
            </div>
            {type === 'delivery' && (
              <div className="row aisle-address">
                <label>
                  Name and delivery address
                  <textarea aria-label="Delivery address" rows={3} value={address} onChange={(e) => setAddress(e.target.value)} />
                </label>
                <label>
                  Phone (for the carrier)
                  <input aria-label="Phone" value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="tel" />
                </label>
              </div>
            )}
            <button type="button" className="primary big" onClick={add}>
              Add to sale{site ? ` — ${type === 'pickup' ? `collect at ${site.name}` : `delivery from ${site.name}`}` : ''}
            </button>
          </section>
        )}
      </div>
    </main>
  );
}
