// Promotions and coupons (issue 17 point 2, docs/pricing.md): every reward the shared pricing rules
// know (percentage or amount off, buy X get Y, bundle price, spend-at-least), automatic or unlocked
// by a coupon code, between two store days, at some stores and channels, combinable or exclusive;
// coupon codes (single or multi use, with their limit and the uses counted so far). Admins create;
// managers read. Admins edit a running promotion in the same form, opened on its current rules. What is typed stays in the form until the server has taken it.
import { useCallback, useEffect, useState } from 'react';
import type { CouponList, CouponWithUses, PricingRuleEnded, PromotionList } from '../../shared/admin-api/pricing.ts';
import type { Promotion } from '../../shared/pricing/pricing-rules.ts';
import { api } from '../reports/reports-api.ts';
import { type CouponDraft, emptyCoupon, emptyPromotion, parseCoupon, parsePromotion, type PromotionDraft, promotionDraft, type RewardKind } from './pricing-forms.ts';
import { describeDates, describeReward, productIdsOf } from './pricing-labels.ts';
import { REWARD_LABELS } from '../../shared/admin-api/choice-labels.ts';
import { ProductPicker } from './product-picker.tsx';
import { Ticks } from './ticks.tsx';
import { useAdminCall } from './use-admin-call.ts';
import { productRefs, useProductNames } from './use-product-names.ts';
import { type StoreMoney, useStoreMoney } from './use-store-money.ts';

function Chips({ label, items, onRemove }: { label: string; items: readonly { id: string; name: string }[]; onRemove(id: string): void }) {
  if (items.length === 0) return null;
  return (
    <ul className="chips" aria-label={label}>
      {items.map((p) => <li key={p.id}>{p.name}<button type="button" aria-label={`Remove ${p.name}`} onClick={() => onRemove(p.id)}>×</button></li>)}
    </ul>
  );
}

function TargetFields({ d, set }: { d: PromotionDraft; set(patch: Partial<PromotionDraft>): void }) {
  return (
    <>
      <div className="wide">
        <ProductPicker label="Add a product" onPick={(p) => set({ targetProducts: d.targetProducts.some((x) => x.id === p.id) ? d.targetProducts : [...d.targetProducts, p] })} />
        <Chips label="Products" items={d.targetProducts} onRemove={(id) => set({ targetProducts: d.targetProducts.filter((p) => p.id !== id) })} />
      </div>
      <label className="wide">Categories (separated by commas)<input value={d.targetCategories} placeholder="Snacks, Drinks" onChange={(e) => set({ targetCategories: e.target.value })} /></label>
      <p className="hint muted">No product and no category: every product.</p>
    </>
  );
}

function RewardFields({ d, m, set }: { d: PromotionDraft; m: StoreMoney; set(patch: Partial<PromotionDraft>): void }) {
  const cur = m.currency;
  switch (d.kind) {
    case 'percent_off':
      return <><label>Percent off<input value={d.percent} inputMode="decimal" placeholder="10" onChange={(e) => set({ percent: e.target.value })} /></label><TargetFields d={d} set={set} /></>;
    case 'amount_off':
      return <><label>Off each unit ({cur})<input value={d.amount} inputMode="decimal" onChange={(e) => set({ amount: e.target.value })} /></label><TargetFields d={d} set={set} /></>;
    case 'buy_x_get_y':
      return (
        <>
          <label>Buy (units)<input value={d.buyQty} inputMode="numeric" onChange={(e) => set({ buyQty: e.target.value })} /></label>
          <label>Get free (units)<input value={d.getQty} inputMode="numeric" onChange={(e) => set({ getQty: e.target.value })} /></label>
          <label>Free units
            <select value={d.free} onChange={(e) => set({ free: e.target.value as PromotionDraft['free'] })}>
              <option value="cheapest">The cheapest of them</option>
              <option value="product">A named product</option>
            </select>
          </label>
          {d.free === 'product' && (d.freeProduct
            ? <p className="chosen">Free: <strong>{d.freeProduct.name}</strong><button type="button" onClick={() => set({ freeProduct: null })}>Change</button></p>
            : <ProductPicker label="Free product" onPick={(p) => set({ freeProduct: p })} />)}
          <TargetFields d={d} set={set} />
        </>
      );
    case 'bundle':
      return (
        <>
          <div className="wide">
            <ProductPicker label="Add to the bundle" onPick={(p) => set({ bundle: d.bundle.some((b) => b.product.id === p.id) ? d.bundle : [...d.bundle, { product: p, qty: '1' }] })} />
            <ul className="chips" aria-label="Bundle">
              {d.bundle.map((b) => (
                <li key={b.product.id}>
                  <input aria-label={`Quantity of ${b.product.name}`} value={b.qty} size={3} inputMode="numeric"
                    onChange={(e) => set({ bundle: d.bundle.map((x) => (x.product.id === b.product.id ? { ...x, qty: e.target.value } : x)) })} /> × {b.product.name}
                  <button type="button" aria-label={`Remove ${b.product.name}`} onClick={() => set({ bundle: d.bundle.filter((x) => x.product.id !== b.product.id) })}>×</button>
                </li>
              ))}
            </ul>
          </div>
          <label>Bundle price ({cur})<input value={d.bundlePrice} inputMode="decimal" onChange={(e) => set({ bundlePrice: e.target.value })} /></label>
        </>
      );
    case 'order_threshold':
      return (
        <>
          <label>When they reach ({cur})<input value={d.minAmount} inputMode="decimal" onChange={(e) => set({ minAmount: e.target.value })} /></label>
          <label>Take off
            <select value={d.thresholdOff} onChange={(e) => set({ thresholdOff: e.target.value as PromotionDraft['thresholdOff'] })}>
              <option value="percent">A percentage</option>
              <option value="amount">An amount</option>
            </select>
          </label>
          {d.thresholdOff === 'percent'
            ? <label>Percent off<input value={d.percent} inputMode="decimal" onChange={(e) => set({ percent: e.target.value })} /></label>
            : <label>Amount off ({cur})<input value={d.amount} inputMode="decimal" onChange={(e) => set({ amount: e.target.value })} /></label>}
          <TargetFields d={d} set={set} />
        </>
      );
  }
}

function Coupons({ canWrite, promotions, coupons, onCreated }: { canWrite: boolean; promotions: Promotion[]; coupons: CouponWithUses[]; onCreated(): Promise<void> }) {
  const [draft, setDraft] = useState<CouponDraft>(emptyCoupon());
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const call = useAdminCall();
  const byCoupon = promotions.filter((p) => p.trigger === 'coupon');
  const promotionName = (id: string): string => promotions.find((p) => p.id === id)?.name ?? 'an ended promotion';
  const set = (patch: Partial<CouponDraft>): void => {
    setDraft((d) => ({ ...d, ...patch }));
    setProblems([]);
    call.setError(null);
  };
  const save = async (): Promise<void> => {
    setSaved(null);
    const parsed = parseCoupon(draft);
    if (!parsed.ok) return setProblems(parsed.problems);
    const res = await call.run(() => api<CouponWithUses>('/api/admin/coupons', { method: 'POST', body: parsed.value }));
    if (!res) return;
    setSaved(`Created coupon ${res.code} for "${promotionName(res.promotionId)}" (${res.maxUses === 1 ? 'single use' : `up to ${res.maxUses} uses`}).`);
    setDraft(emptyCoupon());
    await onCreated();
  };
  return (
    <section aria-label="Coupons" className="subsection">
      <h3>Coupon codes</h3>
      {saved && <p className="ok" role="status">{saved}</p>}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {canWrite && (
        <form className="panel grid" aria-label="New coupon" onSubmit={(e) => { e.preventDefault(); void save(); }}>
          {problems.length > 0 && <ul className="error full" role="alert" aria-label="Fix these first">{problems.map((p) => <li key={p}>{p}</li>)}</ul>}
          <label>Code<input value={draft.code} maxLength={32} placeholder="SUMMER-10" onChange={(e) => set({ code: e.target.value })} /></label>
          <label className="wide">Unlocks the promotion
            <select value={draft.promotionId} onChange={(e) => set({ promotionId: e.target.value })}>
              <option value="">{byCoupon.length ? 'Choose…' : 'No promotion applies with a coupon yet'}</option>
              {byCoupon.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </label>
          <label>Uses
            <select value={draft.use} onChange={(e) => set({ use: e.target.value as CouponDraft['use'] })}>
              <option value="single">Single use</option>
              <option value="multi">Several uses</option>
            </select>
          </label>
          {draft.use === 'multi' && <label>Limit (uses)<input value={draft.maxUses} inputMode="numeric" onChange={(e) => set({ maxUses: e.target.value })} /></label>}
          <p className="hint muted">A till offline accepts a known code without knowing how often other tills used it; the server counts every use and flags the sale that goes past the limit.</p>
          <div className="actions"><button type="submit" className="primary" disabled={call.busy}>Create coupon</button></div>
        </form>
      )}
      <table>
        <thead><tr><th>Code</th><th>Promotion</th><th>Use</th><th className="num">Used</th></tr></thead>
        <tbody>
          {coupons.length === 0 && <tr><td colSpan={4} className="muted">No coupon code yet.</td></tr>}
          {coupons.map((c) => (
            <tr key={c.code} aria-label={`Coupon ${c.code}`}>
              <td><code>{c.code}</code></td>
              <td>{promotionName(c.promotionId)}</td>
              <td>{c.maxUses === 1 ? 'Single use' : `Up to ${c.maxUses} uses`}</td>
              <td className={`num${c.uses > c.maxUses ? ' low' : ''}`}>{c.uses} of {c.maxUses}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function PromotionsPage({ canWrite }: { canWrite: boolean }) {
  const m = useStoreMoney();
  const [promotions, setPromotions] = useState<Promotion[] | null>(null);
  const [coupons, setCoupons] = useState<CouponWithUses[]>([]);
  const [draft, setDraft] = useState<PromotionDraft | null>(null);
  /** The promotion the form edits; null: the form makes a new one. */
  const [editing, setEditing] = useState<Promotion | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const call = useAdminCall();
  const name = useProductNames((promotions ?? []).flatMap((p) => productIdsOf(p.reward)));

  const load = useCallback(async () => {
    const [p, c] = await Promise.all([call.run(() => api<PromotionList>('/api/admin/promotions')), call.run(() => api<CouponList>('/api/admin/coupons'))]);
    if (p) setPromotions(p.promotions);
    if (c) setCoupons(c.coupons);
  }, [call.run]);
  useEffect(() => {
    void load();
  }, [load]);

  const set = (patch: Partial<PromotionDraft>): void => {
    setDraft((d) => (d ? { ...d, ...patch } : d));
    setProblems([]);
    call.setError(null);
  };
  const save = async (d: PromotionDraft): Promise<void> => {
    const parsed = parsePromotion(d, m.digits);
    if (!parsed.ok) return setProblems(parsed.problems);
    const res = await call.run(() => (editing
      ? api<Promotion>(`/api/admin/promotions/${encodeURIComponent(editing.id)}`, { method: 'PUT', body: parsed.value })
      : api<Promotion>('/api/admin/promotions', { method: 'POST', body: parsed.value })));
    if (!res) return;
    setSaved(editing
      ? `Saved the promotion "${res.name}": tills apply the change on their next sync.`
      : `Created the promotion "${res.name}"${res.trigger === 'coupon' ? ': add a coupon code for it below' : ': tills apply it on their next sync'}.`);
    setDraft(null);
    setEditing(null);
    await load();
  };
  const open = (d: PromotionDraft, p: Promotion | null): void => {
    setSaved(null);
    setProblems([]);
    call.setError(null);
    setEditing(p);
    setDraft(d);
  };
  const startEdit = async (p: Promotion): Promise<void> => {
    // The form shows the products by name: ask for the ones the promotion names first.
    const refs = await productRefs(productIdsOf(p.reward));
    open(promotionDraft(p, m.digits, refs), p);
  };
  const end = async (p: Promotion): Promise<void> => {
    if (!window.confirm(`End the promotion "${p.name}"? Tills stop applying it on their next sync, and its coupon codes stop working.`)) return;
    const res = await call.run(() => api<PricingRuleEnded>(`/api/admin/promotions/${encodeURIComponent(p.id)}`, { method: 'DELETE' }));
    if (!res) return;
    await load();
    setSaved(`Ended the promotion "${res.name}": tills stop applying it on their next sync.`);
  };
  const ctx = { money: m.money, product: name };
  const storeOptions = m.stores.map((s) => ({ id: s.id, label: `${s.name} (${s.code})` }));

  return (
    <section aria-label="Promotions">
      <h2>Promotions</h2>
      <p className="muted">Promotions are tried by priority (lower first). A combinable promotion applies on what the lines cost after the ones before it; an exclusive one only takes lines no promotion touched yet, and keeps them.</p>
      <div className="toolbar">
        {canWrite && <button type="button" className="primary" onClick={() => open(emptyPromotion(), null)}>New promotion</button>}
      </div>
      {saved && <p className="ok" role="status">{saved}</p>}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {draft && (
        <form className="panel grid" aria-label={editing ? `Edit promotion ${editing.name}` : 'New promotion'} onSubmit={(e) => { e.preventDefault(); void save(draft); }}>
          {editing && <h3 className="full">Edit “{editing.name}”</h3>}
          {problems.length > 0 && <ul className="error full" role="alert" aria-label="Fix these first">{problems.map((p) => <li key={p}>{p}</li>)}</ul>}
          <label className="wide">Name (printed on the receipt)<input value={draft.name} maxLength={100} onChange={(e) => set({ name: e.target.value })} /></label>
          <label>Applies
            <select value={draft.trigger} onChange={(e) => set({ trigger: e.target.value as PromotionDraft['trigger'] })}>
              <option value="automatic">By itself</option>
              <option value="coupon">With a coupon code</option>
            </select>
          </label>
          <label>Priority<input value={draft.priority} inputMode="numeric" onChange={(e) => set({ priority: e.target.value })} /></label>
          <label>Reward
            <select value={draft.kind} onChange={(e) => set({ kind: e.target.value as RewardKind })}>
              {(Object.keys(REWARD_LABELS) as RewardKind[]).map((k) => <option key={k} value={k}>{REWARD_LABELS[k]}</option>)}
            </select>
          </label>
          <label className="check"><input type="checkbox" checked={draft.exclusive} onChange={(e) => set({ exclusive: e.target.checked })} /> Exclusive (never shares a line)</label>
          <label>From day<input type="date" value={draft.dateStart} onChange={(e) => set({ dateStart: e.target.value })} /></label>
          <label>To day<input type="date" value={draft.dateEnd} onChange={(e) => set({ dateEnd: e.target.value })} /></label>
          <RewardFields d={draft} m={m} set={set} />
          <Ticks legend="At the stores (none ticked: every store)" options={storeOptions} chosen={draft.siteIds} onChange={(siteIds) => set({ siteIds })} none="No store yet." />
          <label className="wide">Channels (pos = tills; empty: every channel)<input value={draft.channels} placeholder="pos, web" onChange={(e) => set({ channels: e.target.value })} /></label>
          <div className="actions">
            <button type="submit" className="primary" disabled={call.busy}>Save promotion</button>
            <button type="button" onClick={() => { setDraft(null); setEditing(null); setProblems([]); call.setError(null); }}>Cancel</button>
          </div>
        </form>
      )}
      <table>
        <thead><tr><th>Promotion</th><th>Reward</th><th>When</th><th>Where</th><th>Applies</th><th className="num">Priority</th>{canWrite && <th />}</tr></thead>
        <tbody>
          {promotions?.length === 0 && <tr><td colSpan={7} className="muted">No promotion yet.</td></tr>}
          {promotions?.map((p) => (
            <tr key={p.id} aria-label={`Promotion ${p.name}`}>
              <td><strong>{p.name}</strong>{p.exclusive && <div className="muted">exclusive</div>}</td>
              <td>{describeReward(p.reward, ctx)}</td>
              <td>{describeDates(p)}</td>
              <td>{p.siteIds.length ? p.siteIds.map(m.storeName).join(', ') : 'Every store'}<div className="muted">{p.channels.length ? p.channels.join(', ') : 'every channel'}</div></td>
              <td>{p.trigger === 'automatic' ? 'By itself' : 'With a coupon'}</td>
              <td className="num">{p.priority}</td>
              {canWrite && <td className="actions"><button type="button" onClick={() => void startEdit(p)}>Edit</button><button type="button" onClick={() => void end(p)}>End</button></td>}
            </tr>
          ))}
        </tbody>
      </table>
      <Coupons canWrite={canWrite} promotions={promotions ?? []} coupons={coupons} onCreated={load} />
    </section>
  );
}
