// Request stock at the station (docs/scanner-station.md "Request stock"): the picker scans a product
// (or finds it by name in the station's catalog), sets the quantity with the pad, chooses the site
// that sends it from what each site has (the replicated availability, as the till shows it) and
// sends the request for this site — online only: offline the screen says so before anything else.
import { useMemo, useState, type FormEvent } from 'react';
import { buildCatalogIndex } from '../catalog/catalog-index.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useLoginStore } from '../login/login-store.ts';
import { useSyncStore } from '../sync/sync-store.ts';
import { aisleSites } from '../till/endless-aisle.ts';
import { SiteAvailabilityTable } from '../till/site-availability-table.tsx';
import { offlineMessage, sendStockRequest, StockRequestError, stockRequestProblem } from '../till/stock-request.ts';
import { useAvailability } from '../till/use-availability.ts';
import { BackToListToolbar } from './back-toolbar.tsx';
import { QuantityPad } from './quantity-pad.tsx';
import { scannerRuntime } from './scanner-runtime.ts';
import { useScannerStore } from './scanner-store.ts';
import { isError } from './scanner-sounds.ts';
import { useStockRequestStore } from './stock-request-store.ts';

export function StockRequestScreen() {
  const rt = scannerRuntime();
  const draft = useStockRequestStore((s) => s.draft);
  const feedback = useStockRequestStore((s) => s.feedback);
  const { stop, scan, choose, plusOne, typeQty, clear } = useStockRequestStore.getState();
  const online = useSyncStore((s) => s.online);
  const site = useConfigStore((s) => s.config.site);
  const hereLabel = site?.kind === 'warehouse' ? 'this warehouse' : 'this store';
  const [query, setQuery] = useState('');
  const [siteId, setSiteId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  // The station's replicated catalog, indexed again when it changes: a screen opened while a newly
  // paired station was still pulling its catalog found nothing by name until it was opened again.
  const catalogVersion = useScannerStore((s) => s.catalogVersion);
  const index = useMemo(() => buildCatalogIndex(rt.catalog.byId.values()), [rt, catalogVersion]);
  const hits = useMemo(() => (query.trim().length >= 2 ? index.search(query, 6) : []), [index, query]);
  const product = draft.product;
  const { doc, loaded } = useAvailability(rt.db.availability, product?.id ?? null);
  const sites = useMemo(() => aisleSites(doc, rt.credentials.siteId), [doc, rt]);
  const source = sites.find((s) => s.siteId === siteId) ?? null;

  const find = (e: FormEvent): void => {
    e.preventDefault();
    const first = hits[0];
    // One match (a name, a SKU or a barcode typed in full) is chosen; anything else is read as a scan.
    if (hits.length === 1 && first) choose(first);
    else scan(query);
    setQuery('');
    setDone(null);
  };
  const send = async (): Promise<void> => {
    if (!product) return setError('Scan or find the product first');
    const problem = stockRequestProblem(draft.qty, product.unit, source, hereLabel);
    if (problem || !source) return setError(problem);
    if (!useSyncStore.getState().online) return setError(offlineMessage('scanner'));
    const user = useLoginStore.getState().cashier;
    if (!user) return setError('Log in first');
    setError(null);
    setSending(true);
    try {
      const made = await sendStockRequest(rt.credentials, 'scanner', {
        fromSite: source.code, requestedBy: user.id, lines: [{ productId: product.id, qty: draft.qty }], ...(note.trim() ? { note: note.trim() } : {}),
      });
      setDone(`Requested ${draft.qty} × ${product.name} from ${source.name} (${made.reference}). ${source.name} accepts or declines it; when it is sent, it arrives on this station's work list as a receipt.`);
      clear();
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
    <main className="scanner-main" aria-label="Request stock">
      <BackToListToolbar title="Request stock" onBack={stop} />
      {!online && (
        <p role="status" className="feedback bad">
          The station is offline: requesting stock needs the network. Nothing can be sent until the station is back online.
        </p>
      )}
      {done && <p role="status" aria-label="Request sent" className="feedback ok">{done}</p>}
      <p className="hint" aria-label="Next step">{product ? `Choose the site that sends ${product.name}` : 'Scan the product, or type its name'}</p>
      {feedback && (
        <p role={isError(feedback.outcome) ? 'alert' : 'status'} aria-label="Scan feedback" className={`feedback ${isError(feedback.outcome) ? 'bad' : 'ok'}`}>
          {feedback.message}
        </p>
      )}
      <form onSubmit={find} className="row" aria-label="Find a product">
        <label>
          Product name, SKU or barcode
          <input value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
        </label>
        <button type="submit" className="big">Find</button>
      </form>
      {hits.length > 0 && (
        <ul className="stack request-hits" aria-label="Products found">
          {hits.map((p) => (
            <li key={p.id}>
              <button type="button" className="big" onClick={() => { choose(p); setQuery(''); setDone(null); }}>
                {p.name} <span className="muted">{p.sku}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {product && (
        <section className="stack" aria-label={`Request ${product.name}`}>
          <h2>{product.name}</h2>
          <p aria-label="Quantity to request" className="hint">
            {draft.qty > 0 ? `${draft.qty}${product.unit === 'unit' ? '' : ` ${product.unit}`} to request` : `Type the quantity in ${product.unit}`}
          </p>
          <QuantityPad onPlusOne={plusOne} onQuantity={typeQty} />
          {!loaded ? <p role="status">Looking up where it is…</p>
            : sites.filter((s) => !s.here).length === 0 ? <p role="status">No other site has this product now (or the station has not received its availability yet).</p>
            : <SiteAvailabilityTable sites={sites} chosen={siteId} label="Sites that have it" action="Request from" hereLabel={hereLabel} choosable={(s) => (s.here ? 'hidden' : 'yes')} onChoose={(s) => { setSiteId(s.siteId); setError(null); }} />}
          <label>
            Note for the sending site (optional)
            <input aria-label="Note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
          </label>
          {error && <p role="alert" className="feedback bad">{error}</p>}
          <button type="button" className="primary big" disabled={sending} onClick={() => void send()}>
            {sending ? 'Sending…' : `Send request${source ? ` to ${source.name}` : ''}`}
          </button>
        </section>
      )}
    </main>
  );
}
