// Request stock (docs/till.md "Request stock"): a supervisor finds an item, sees what each site has
// (the replicated availability, as the endless aisle shows it), chooses the site that sends it and
// the quantity, and sends the request — online only (stock-request.ts). A cashier who is not a
// supervisor gets the supervisor's PIN prompt first.
import { useMemo, useState, type FormEvent } from 'react';
import type { Product } from '../../shared/schemas/index.ts';
import { useCatalogStore } from '../catalog/catalog-store.ts';
import { useLoginStore } from '../login/login-store.ts';
import { useSyncStore } from '../sync/sync-store.ts';
import { aisleSites } from './endless-aisle.ts';
import { SiteAvailabilityTable } from './site-availability-table.tsx';
import { mayRequestStock, OFFLINE_MESSAGE, sendStockRequest, StockRequestError, stockRequestProblem } from './stock-request.ts';
import { tillRuntime } from './till-runtime.ts';
import { useTillUiStore } from './till-ui-store.ts';
import { useAvailability } from './use-availability.ts';

export function StockRequestScreen() {
  const go = useTillUiStore((s) => s.go);
  const requestApproval = useTillUiStore((s) => s.requestApproval);
  const index = useCatalogStore((s) => s.index);
  const online = useSyncStore((s) => s.online);
  const storeSiteId = tillRuntime().credentials.siteId;
  const [query, setQuery] = useState('');
  const [product, setProduct] = useState<Product | null>(null);
  const [qty, setQty] = useState('1');
  const [note, setNote] = useState('');
  const [siteId, setSiteId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const hits = useMemo(() => (index && query.trim().length >= 2 ? index.search(query, 8) : []), [index, query]);
  const { doc, loaded } = useAvailability(tillRuntime().db.availability, product?.id ?? null);
  const sites = useMemo(() => aisleSites(doc, storeSiteId), [doc, storeSiteId]);
  const site = sites.find((s) => s.siteId === siteId) ?? null;
  const n = Number(qty.replace(',', '.'));

  const pick = (p: Product): void => {
    setProduct(p);
    setSiteId(null);
    setError(null);
    setDone(null);
  };
  const search = (e: FormEvent): void => {
    e.preventDefault();
    const first = hits[0];
    if (hits.length === 1 && first) pick(first);
  };
  const send = async (): Promise<void> => {
    if (!product) return;
    const problem = stockRequestProblem(n, product.unit, site);
    if (problem || !site) return setError(problem);
    setDone(null);
    // Known offline: say so before asking anyone for a PIN (a stale status is caught by the send).
    if (!useSyncStore.getState().online) return setError(OFFLINE_MESSAGE);
    setError(null);
    const cashier = useLoginStore.getState().cashier;
    const manager = mayRequestStock(cashier) ? cashier : await requestApproval(`Request ${n} × ${product.name} from ${site.name}: a supervisor approves with their PIN`);
    if (!manager) return;
    if (!mayRequestStock(manager)) return setError(`${manager.displayName} is not a supervisor: a supervisor approves stock requests`);
    setSending(true);
    try {
      const made = await sendStockRequest(tillRuntime().credentials, 'till', {
        fromSite: site.code, requestedBy: manager.id, lines: [{ productId: product.id, qty: n }], ...(note.trim() ? { note: note.trim() } : {}),
      });
      setDone(`Requested ${n} × ${product.name} from ${site.name} (${made.reference}). ${site.name} accepts or declines it; when sent, it arrives on this store's receipts.`);
      setQty('1');
      setNote('');
      setSiteId(null);
    } catch (err) {
      if (!(err instanceof StockRequestError)) throw err;
      setError(err.message);
    } finally {
      setSending(false);
    }
  };

  return (
    <main className="aisle" aria-label="Request stock">
      <form className="row aisle-search" onSubmit={search} aria-label="Find an item">
        <h1>Request stock</h1>
        <label>
          Item name or SKU
          <input value={query} onChange={(e) => setQuery(e.target.value)} autoFocus autoComplete="off" />
        </label>
        <button type="button" onClick={() => go('sell')}>Back to sale</button>
      </form>
      {!online && <p role="status" className="warning">The till is offline: requesting stock needs the network. Send the request when the till is back online.</p>}
      {error && <p role="alert">{error}</p>}
      {done && <p role="status" aria-label="Request sent">{done}</p>}
      <div className="aisle-body">
        <section aria-label="Items found" className="stack">
          {hits.length === 0 ? <p className="muted">{query.trim().length < 2 ? 'Type at least two letters of the item.' : 'No item matches.'}</p> : (
            <ul className="aisle-hits">
              {hits.map((p) => (
                <li key={p.id}>
                  <button type="button" className={p.id === product?.id ? 'selected' : undefined} onClick={() => pick(p)}>
                    {p.name} <span className="muted">{p.sku}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        {product && (
          <section aria-label={`Request ${product.name}`} className="stack aisle-order">
            <h2>{product.name}</h2>
            {!loaded ? <p role="status">Looking up where it is…</p>
              : sites.filter((s) => !s.here).length === 0 ? <p role="status">No other site has this item now (or the till has not received its availability yet).</p>
              : <SiteAvailabilityTable sites={sites} chosen={siteId} label="Sites that have it" action="Request from" choosable={(s) => (s.here ? 'hidden' : 'yes')} onChoose={(s) => { setSiteId(s.siteId); setError(null); }} />}
            <div className="row">
              <label>
                Quantity
                <input aria-label="Quantity to request" value={qty} inputMode="decimal" size={4} onChange={(e) => setQty(e.target.value)} />
              </label>
              <label className="grow">
                Note for the sending site (optional)
                <input aria-label="Note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
              </label>
            </div>
            <button type="button" className="primary big" disabled={sending} onClick={() => void send()}>
              {sending ? 'Sending…' : `Send request${site ? ` to ${site.name}` : ''}`}
            </button>
          </section>
        )}
      </div>
    </main>
  );
}
