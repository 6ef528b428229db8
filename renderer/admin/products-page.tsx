// Catalog: search (name or SKU prefix, or a barcode) with paging over any number of products,
// a form to create or change one (product-form.tsx: checked before sending, a change sends only
// what differs; the server's refusal shown as is),
// archive and restore; CSV export and import (catalog-csv-panel.tsx). A saved price reaches paired
// tills at once through the change feed.
import { useCallback, useEffect, useState } from 'react';
import type { Product, ProductPage, TaxDetail, TaxList } from '../../shared/admin-api/catalog.ts';
import { printedGtin as printed } from '../../shared/barcode/gtin.ts';
import { currencyMinorDigits, formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { api, query } from '../reports/reports-api.ts';
import { AuditHistory } from './audit-table.tsx';
import { CatalogCsvPanel } from './catalog-csv-panel.tsx';
import { Pager } from './pager.tsx';
import { newProductDraft, parseNewProduct, parseProductChange, productDraft, type ProductDraft } from './product-form.ts';
import { ProductForm } from './product-form.tsx';
import { useAdminCall } from './use-admin-call.ts';
import { useNewestRequest, useSearchWords } from './use-search.ts';

const PAGE = 50;

/** The form open: what it holds, and the product as it opened it (null: a new product). */
interface Editing {
  draft: ProductDraft;
  product: Product | null;
}

export function ProductsPage({ canWrite }: { canWrite: boolean }) {
  const [search, setSearch] = useState('');
  const [archived, setArchived] = useState(false);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<ProductPage | null>(null);
  const [taxes, setTaxes] = useState<TaxDetail[]>([]);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [history, setHistory] = useState<Product | null>(null);
  const call = useAdminCall();
  const words = useSearchWords(search);
  const newest = useNewestRequest();
  const currency = page?.currency ?? 'EUR';
  const digits = currencyMinorDigits(currency);
  const money = (minor: number): string => formatMoneyWithSymbol(minor, currency, 'en');

  const load = useCallback(async () => {
    const isNewest = newest();
    const res = await call.run(() => api<ProductPage>(`/api/admin/products${query({ q: words, archived: archived ? 'true' : undefined, offset, limit: PAGE })}`));
    if (res && isNewest()) setPage(res);
  }, [words, archived, offset, call.run, newest]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    void api<TaxList>('/api/admin/taxes').then((r) => setTaxes(r.taxes));
  }, []);

  // The taxes are read again for the form: one created, changed or retired in another tab since the
  // page opened is offered (or not) as it is now, and a retired one a product carries is named.
  const open = async (product: Product | null): Promise<void> => {
    setSaved(null);
    const fresh = await call.run(() => api<TaxList>('/api/admin/taxes'));
    if (!fresh) return;
    setTaxes(fresh.taxes);
    setEditing({ product, draft: product ? productDraft(product, digits) : newProductDraft(fresh.taxes) });
  };

  const save = async ({ draft, product }: Editing): Promise<void> => {
    const parsed = product ? parseProductChange(draft, product, taxes, digits) : parseNewProduct(draft, taxes, digits);
    if (!parsed.ok) return call.setError(parsed.problems.join(' '));
    if (product && Object.keys(parsed.value).length === 0) {
      setSaved(`Nothing to save: "${product.name}" is as it was.`);
      setEditing(null);
      return;
    }
    const res = await call.run(() => (product ? api<Product>(`/api/admin/products/${product.id}`, { method: 'PATCH', body: parsed.value }) : api<Product>('/api/admin/products', { method: 'POST', body: parsed.value })));
    if (!res) return;
    setSaved(`Saved "${res.name}" at ${money(res.price)}: paired tills have it within seconds.`);
    setEditing(null);
    await load();
  };

  const setActive = async (p: Product, active: boolean): Promise<void> => {
    const res = await call.run(() => api<Product>(`/api/admin/products/${p.id}`, { method: 'PATCH', body: { active } }));
    if (res) await load();
  };

  return (
    <section aria-label="Products">
      <h2>Products</h2>
      <div className="toolbar">
        <input type="search" aria-label="Search products" placeholder="Name, SKU or barcode" value={search} onChange={(e) => { setSearch(e.target.value); setOffset(0); }} />
        <label className="inline"><input type="checkbox" checked={archived} onChange={(e) => { setArchived(e.target.checked); setOffset(0); }} /> Archived</label>
        {canWrite && <button type="button" className="primary" onClick={() => void open(null)}>New product</button>}
      </div>
      <CatalogCsvPanel search={search} archived={archived} canWrite={canWrite} onImported={() => void load()} />
      {saved && <p className="ok" role="status">{saved}</p>}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {editing && (
        <ProductForm
          draft={editing.draft} product={editing.product} taxes={taxes} currency={currency} busy={call.busy}
          onChange={(draft) => setEditing((e) => (e ? { ...e, draft } : e))}
          onSave={() => void save(editing)}
          onCancel={() => { setEditing(null); call.setError(null); }}
        />
      )}
      {history && <ProductHistory product={history} onClose={() => setHistory(null)} />}
      <Pager total={page?.total ?? null} offset={offset} pageSize={PAGE} noun={['product', 'products']} onOffset={setOffset} />
      <table>
        <thead><tr><th>Name</th><th>SKU</th><th>Barcodes</th><th className="num">Price</th><th>Tax</th><th>Category</th><th>Unit</th><th /></tr></thead>
        <tbody>
          {page?.products.map((p) => (
            <tr key={p.id} aria-label={`Product ${p.name}`}>
              <td>{p.name}</td>
              <td className="nowrap">{p.sku}</td>
              <td>{p.barcodes.map(printed).join(', ')}</td>
              <td className="num">{money(p.price)}{p.priceIncludesTax ? '' : ' + tax'}</td>
              <td>{p.taxIds.map((id) => taxName(taxes, id)).join(', ')}</td>
              <td>{p.category}</td>
              <td>{p.unit}</td>
              <td className="actions">
                <button type="button" onClick={() => setHistory(p)}>History</button>
                {canWrite && <button type="button" onClick={() => void open(p)}>Edit</button>}
                {canWrite && <button type="button" onClick={() => void setActive(p, !p.active)}>{p.active ? 'Archive' : 'Restore'}</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A product's tax as the list names it: a retired one says so (it stays on its products until they are given another). */
function taxName(taxes: readonly TaxDetail[], id: string): string {
  const tax = taxes.find((t) => t.id === id);
  if (!tax) return id;
  return tax.active ? tax.name : `${tax.name} (retired)`;
}

/** Who changed a product and how (its price, name, barcodes…), newest first: its entries of the audit log. */
function ProductHistory({ product, onClose }: { product: Product; onClose(): void }) {
  const heading = (
    <div className="toolbar">
      <h3>History of “{product.name}” ({product.sku})</h3>
      <button type="button" onClick={onClose}>Close</button>
    </div>
  );
  return <AuditHistory className="panel" entity="product" entityId={product.id} name={product.name} heading={heading} empty="No change recorded for this product in the back office (a CSV import is one entry of the Audit log for the whole file)." />;
}
