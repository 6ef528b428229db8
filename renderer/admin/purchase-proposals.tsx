// The purchase proposals of the reorder rules: what each product's forecast calls for, from its
// usual supplier (or one typed here), ordered in one click into a purchase order; "Check rules now"
// runs every rule (they also run on each order and warehouse validation).
import { useCallback, useEffect, useState } from 'react';
import type { Proposal, PurchaseOrderMade } from '../../shared/admin-api/warehouse-purchasing.ts';
import { api } from '../reports/reports-api.ts';
import { navigate } from '../reports/page-shell.tsx';
import { Pager } from './pager.tsx';
import { useAdminCall } from './use-admin-call.ts';
import { qtyOf } from './warehouse-labels.ts';
import { counted } from '../../shared/text/count.ts';

const PAGE = 50;

/** `siteName`: a warehouse's name by its code (the rules page's sites). */
export function PurchaseProposals({ canWrite, version, siteName }: { canWrite: boolean; version: number; siteName: (code: string) => string }) {
  const [proposals, setProposals] = useState<Proposal[] | null>(null);
  const [suppliers, setSuppliers] = useState<Record<string, string>>({});
  const [offset, setOffset] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const call = useAdminCall();

  const load = useCallback(async () => {
    const res = await call.run(() => api<Proposal[]>('/api/purchase-proposals'));
    if (res) setProposals(res);
  }, [call.run]);
  useEffect(() => {
    void load();
  }, [load, version]);

  const run = async (): Promise<void> => {
    const res = await call.run(() => api<{ proposals: number }>('/api/reorder/run', { method: 'POST', body: {} }));
    if (!res) return;
    setDone(res.proposals === 0 ? 'Every forecast is at or above its minimum: nothing to order.' : `The rules call for ${counted(res.proposals, 'purchase')}.`);
    await load();
  };

  const order = async (p: Proposal): Promise<void> => {
    const supplier = (suppliers[p.id] ?? p.supplier ?? '').trim();
    if (!supplier) return call.setError(`Type the supplier to order ${p.product.name} from.`);
    const res = await call.run(() => api<PurchaseOrderMade>(`/api/purchase-proposals/${encodeURIComponent(p.id)}/order`, { method: 'POST', body: { supplier } }));
    if (!res) return;
    setDone(`Ordered ${res.reference}: ${qtyOf(p.qty, p.product)} × ${p.product.name} from ${supplier} for ${siteName(p.warehouse)}.`);
    await load();
  };

  const shown = (proposals ?? []).slice(offset, offset + PAGE);
  return (
    <section aria-label="Purchase proposals" className="subsection">
      <h3>Purchase proposals</h3>
      <div className="toolbar">
        {canWrite && <button type="button" onClick={() => void run()} disabled={call.busy}>Check rules now</button>}
        <a href="/admin/purchase-orders" onClick={(e) => { e.preventDefault(); navigate('/admin/purchase-orders'); }}>Purchase orders</a>
      </div>
      {done && <p className="ok" role="status">{done}</p>}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      <Pager total={proposals?.length ?? null} offset={offset} pageSize={PAGE} noun={['proposal', 'proposals']} onOffset={setOffset} />
      <table>
        <thead><tr><th>Product</th><th>Warehouse</th><th className="num">Forecast</th><th className="num">Min – max</th><th className="num">To order</th><th>Supplier</th><th /></tr></thead>
        <tbody>
          {proposals?.length === 0 && <tr><td colSpan={7} className="muted">No open proposal: every rule's forecast is at or above its minimum.</td></tr>}
          {shown.map((p) => (
            <tr key={p.id} aria-label={`Proposal ${p.product.name} in ${siteName(p.warehouse)}`}>
              <td>{p.product.name} <span className="muted">{p.product.sku}</span></td>
              <td>{siteName(p.warehouse)}</td>
              <td className="num">{qtyOf(p.forecast, p.product)}</td>
              <td className="num">{qtyOf(p.min, p.product)} – {qtyOf(p.max, p.product)}</td>
              <td className="num"><strong>{qtyOf(p.qty, p.product)}</strong></td>
              <td>
                {canWrite
                  ? <input aria-label="Supplier" value={suppliers[p.id] ?? p.supplier ?? ''} placeholder="Supplier" onChange={(e) => setSuppliers({ ...suppliers, [p.id]: e.target.value })} />
                  : (p.supplier ?? '—')}
              </td>
              <td>{canWrite && <button type="button" className="primary" disabled={call.busy} onClick={() => void order(p)}>Order</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
