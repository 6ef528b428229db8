// Reorder rules: for a product in a warehouse, the minimum below which a purchase is proposed, the
// maximum it orders up to, an optional pack multiple and the usual supplier; filtered by warehouse
// and product, paged. Below, the purchase proposals the rules make, each ordered in one click
// (purchase-proposals.tsx). Managers see it all read-only.
import { useCallback, useEffect, useState } from 'react';
import type { ReorderRule, ReorderRuleBody, ReorderRulePage } from '../../shared/admin-api/warehouse-purchasing.ts';
import type { ProductRef } from '../../shared/admin-api/warehouse.ts';
import { api, query } from '../reports/reports-api.ts';
import { Pager } from './pager.tsx';
import { ProductPicker } from './product-picker.tsx';
import { PurchaseProposals } from './purchase-proposals.tsx';
import { useAdminCall } from './use-admin-call.ts';
import { useNewestRequest, useSearchWords } from './use-search.ts';
import { siteNamer, useSites } from './use-sites.ts';
import { WarehouseFilter } from './warehouse-filter.tsx';
import { parseQty, qtyOf } from './warehouse-labels.ts';

const PAGE = 50;

interface Draft {
  editing: boolean;
  product: ProductRef | null;
  warehouse: string;
  min: string;
  max: string;
  multiple: string;
  supplier: string;
}

const number = (text: string): number | null => parseQty(text, true);

function problems(d: Draft): string[] {
  const out: string[] = [];
  if (!d.product) out.push('Choose the product.');
  if (!d.warehouse) out.push('Choose the warehouse.');
  const min = number(d.min);
  const max = number(d.max);
  if (min === null) out.push('Minimum must be a number, 0 or more.');
  if (max === null) out.push('Maximum must be a number, 0 or more.');
  if (min !== null && max !== null && max < min) out.push('Maximum must be at least the minimum.');
  if (d.multiple.trim() && number(d.multiple) === null) out.push('Pack multiple must be a number, or empty.');
  return out;
}

export function ReorderRulesPage({ canWrite }: { canWrite: boolean }) {
  const sites = useSites();
  const warehouses = sites.filter((s) => s.kind === 'warehouse');
  const siteName = siteNamer(sites);
  const [warehouse, setWarehouse] = useState('');
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<ReorderRulePage | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [proposalsVersion, setProposalsVersion] = useState(0);
  const call = useAdminCall();
  const words = useSearchWords(search);
  const newest = useNewestRequest();

  const load = useCallback(async () => {
    const isNewest = newest();
    const res = await call.run(() => api<ReorderRulePage>(`/api/reorder-rules${query({ warehouse, q: words, offset, limit: PAGE })}`));
    if (res && isNewest()) setPage(res);
  }, [warehouse, words, offset, call.run, newest]);
  useEffect(() => {
    void load();
  }, [load]);

  const edit = (r: ReorderRule): void => {
    setSaved(null);
    call.setError(null);
    setDraft({ editing: true, product: r.product, warehouse: r.warehouse, min: String(r.min), max: String(r.max), multiple: r.multiple ? String(r.multiple) : '', supplier: r.supplier ?? '' });
  };

  const save = async (d: Draft): Promise<void> => {
    const issues = problems(d);
    if (issues.length || !d.product) return call.setError(issues.join(' '));
    const body: ReorderRuleBody = { productId: d.product.id, warehouse: d.warehouse, min: number(d.min) ?? 0, max: number(d.max) ?? 0, multiple: number(d.multiple) ?? 0, supplier: d.supplier.trim() };
    const res = await call.run(() => api<{ rule: ReorderRule }>('/api/reorder-rules', { method: 'PUT', body }));
    if (!res) return;
    const r = res.rule;
    setSaved(`Saved the rule for ${r.product.name} in ${siteName(r.warehouse)}: order up to ${qtyOf(r.max, r.product)} when the forecast falls below ${qtyOf(r.min, r.product)}.`);
    setDraft(null);
    await load();
  };

  const remove = async (r: ReorderRule): Promise<void> => {
    if (!window.confirm(`Delete the reorder rule for ${r.product.name} in ${siteName(r.warehouse)}? Its open proposal goes too.`)) return;
    const res = await call.run(() => api(`/api/reorder-rules/${encodeURIComponent(r.warehouse)}/${encodeURIComponent(r.productId)}`, { method: 'DELETE' }));
    if (!res) return;
    setSaved(`Deleted the rule for ${r.product.name} in ${siteName(r.warehouse)}.`);
    setProposalsVersion((v) => v + 1);
    await load();
  };

  const field = <K extends keyof Draft>(key: K, value: Draft[K]): void => setDraft((d) => (d ? { ...d, [key]: value } : d));

  return (
    <section aria-label="Reorder rules">
      <h2>Reorder rules</h2>
      <div className="toolbar">
        <WarehouseFilter warehouses={warehouses} value={warehouse} onChange={(code) => { setWarehouse(code); setOffset(0); }} />
        <input type="search" aria-label="Search rules" placeholder="Product name or SKU" value={search} onChange={(e) => { setSearch(e.target.value); setOffset(0); }} />
        {canWrite && (
          <button type="button" className="primary" onClick={() => { setSaved(null); call.setError(null); setDraft({ editing: false, product: null, warehouse: warehouse || (warehouses[0]?.code ?? ''), min: '', max: '', multiple: '', supplier: '' }); }}>
            New rule
          </button>
        )}
      </div>
      {saved && <p className="ok" role="status">{saved}</p>}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {draft && (
        <form className="panel grid" aria-label={draft.editing ? 'Edit reorder rule' : 'New reorder rule'} onChange={() => call.setError(null)} onSubmit={(e) => { e.preventDefault(); void save(draft); }}>
          <div className="wide">
            {draft.product ? (
              <p className="chosen">Product: <strong>{draft.product.name}</strong> <span className="muted">{draft.product.sku}</span>
                {!draft.editing && <button type="button" onClick={() => field('product', null)}>Change</button>}</p>
            ) : (
              <ProductPicker label="Product" onPick={(p) => field('product', p)} />
            )}
          </div>
          <label>Warehouse
            <select aria-label="Warehouse" value={draft.warehouse} disabled={draft.editing} onChange={(e) => field('warehouse', e.target.value)}>
              {warehouses.map((w) => <option key={w.code} value={w.code}>{w.name} ({w.code})</option>)}
            </select>
          </label>
          <label>Supplier<input value={draft.supplier} placeholder="optional" onChange={(e) => field('supplier', e.target.value)} /></label>
          <label>Minimum<input value={draft.min} inputMode="decimal" onChange={(e) => field('min', e.target.value)} /></label>
          <label>Maximum<input value={draft.max} inputMode="decimal" onChange={(e) => field('max', e.target.value)} /></label>
          <label>Pack multiple<input value={draft.multiple} inputMode="decimal" placeholder="none" onChange={(e) => field('multiple', e.target.value)} /></label>
          <p className="muted hint">Below the minimum (on hand − reserved + on order), a purchase is proposed up to the maximum, rounded up to the pack multiple.</p>
          <div className="actions">
            <button type="submit" className="primary" disabled={call.busy}>Save rule</button>
            <button type="button" onClick={() => { setDraft(null); call.setError(null); }}>Cancel</button>
          </div>
        </form>
      )}
      <Pager total={page?.total ?? null} offset={offset} pageSize={PAGE} noun={['rule', 'rules']} onOffset={setOffset} />
      <table>
        <thead>
          <tr><th>Product</th><th>SKU</th><th>Warehouse</th><th className="num">Min</th><th className="num">Max</th><th className="num">Multiple</th><th>Supplier</th><th className="num">Forecast</th><th /></tr>
        </thead>
        <tbody>
          {page?.rules.length === 0 && <tr><td colSpan={9} className="muted">No reorder rule{search || warehouse ? ' matches' : ' yet'}.</td></tr>}
          {page?.rules.map((r) => (
            <tr key={`${r.warehouse}:${r.productId}`} aria-label={`Rule ${r.product.name} in ${siteName(r.warehouse)}`}>
              <td>{r.product.name}</td>
              <td>{r.product.sku}</td>
              <td>{siteName(r.warehouse)}</td>
              <td className="num">{qtyOf(r.min, r.product)}</td>
              <td className="num">{qtyOf(r.max, r.product)}</td>
              <td className="num">{r.multiple ? qtyOf(r.multiple, r.product) : '—'}</td>
              <td>{r.supplier ?? '—'}</td>
              <td className={`num${r.forecast < r.min ? ' low' : ''}`}>{qtyOf(r.forecast, r.product)}{r.forecast < r.min ? ' (below min)' : ''}</td>
              <td>
                {canWrite && <button type="button" onClick={() => edit(r)}>Edit</button>}
                {canWrite && <button type="button" onClick={() => void remove(r)}>Delete</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <PurchaseProposals canWrite={canWrite} version={proposalsVersion} siteName={siteName} />
    </section>
  );
}
