// Pricelists (issue 17 point 1, docs/pricing.md) and the customer groups that select them: each
// pricelist with its rules (a product, a category or all products; a fixed price, a percentage
// or a formula on the list price or cost; from a quantity; between two store days), where it is
// used, which groups get it and which stores take it as their default. Admins create; managers
// read; admins edit a running pricelist in the same form, opened on its current rules. What is typed stays in the form until the server has taken it.
import { useCallback, useEffect, useState } from 'react';
import type { CustomerGroup, CustomerGroupList, PricelistList, PricingRuleEnded } from '../../shared/admin-api/pricing.ts';
import type { Pricelist } from '../../shared/pricing/pricing-rules.ts';
import { api } from '../reports/reports-api.ts';
import { emptyPricelist, emptyRule, parsePricelist, type PricelistDraft, pricelistDraft, type RuleDraft } from './pricing-forms.ts';
import { describeAppliesTo, describeCompute, describeDates, productIdsOf } from './pricing-labels.ts';
import { ProductPicker } from './product-picker.tsx';
import { Ticks } from './ticks.tsx';
import { useAdminCall } from './use-admin-call.ts';
import { productRefs, useProductNames } from './use-product-names.ts';
import { type StoreMoney, useStoreMoney } from './use-store-money.ts';
import { counted } from '../../shared/text/count.ts';

function CustomerGroups({ canWrite, groups, onCreated }: { canWrite: boolean; groups: CustomerGroup[]; onCreated(): Promise<void> }) {
  const [name, setName] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const call = useAdminCall();
  const create = async (): Promise<void> => {
    setSaved(null);
    if (!name.trim()) return call.setError('Type the name of the group.');
    const res = await call.run(() => api<CustomerGroup>('/api/admin/customer-groups', { method: 'POST', body: { name: name.trim() } }));
    if (!res) return;
    setSaved(`Created the customer group "${res.name}": a pricelist ticked for it gives its customers its prices.`);
    setName('');
    await onCreated();
  };
  return (
    <section aria-label="Customer groups" className="subsection">
      <h3>Customer groups</h3>
      {saved && <p className="ok" role="status">{saved}</p>}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {canWrite && (
        <form className="toolbar" aria-label="New customer group" onSubmit={(e) => { e.preventDefault(); void create(); }}>
          <label className="inline">Group name<input value={name} maxLength={100} onChange={(e) => { setName(e.target.value); call.setError(null); }} /></label>
          <button type="submit" className="primary" disabled={call.busy}>Add group</button>
        </form>
      )}
      <table>
        <thead><tr><th>Group</th><th className="num">Customers</th></tr></thead>
        <tbody>
          {groups.length === 0 && <tr><td colSpan={2} className="muted">No customer group yet.</td></tr>}
          {groups.map((g) => <tr key={g.id} aria-label={`Group ${g.name}`}><td>{g.name}</td><td className="num">{g.customers}</td></tr>)}
        </tbody>
      </table>
    </section>
  );
}

function RuleEditor({ rule, n, m, onChange, onRemove }: { rule: RuleDraft; n: number; m: StoreMoney; onChange(r: RuleDraft): void; onRemove?: () => void }) {
  const set = <K extends keyof RuleDraft>(key: K, value: RuleDraft[K]): void => onChange({ ...rule, [key]: value });
  return (
    <fieldset className="rule" aria-label={`Rule ${n}`}>
      <legend>Rule {n}</legend>
      <label>Applies to
        <select value={rule.appliesTo} onChange={(e) => set('appliesTo', e.target.value as RuleDraft['appliesTo'])}>
          <option value="product">A product</option>
          <option value="category">A category</option>
          <option value="all">All products</option>
        </select>
      </label>
      {rule.appliesTo === 'product' && (
        <div className="wide">
          {rule.product ? (
            <p className="chosen">Product: <strong>{rule.product.name}</strong> <span className="muted">{rule.product.sku}</span>
              <button type="button" onClick={() => set('product', null)}>Change</button></p>
          ) : <ProductPicker label="Product" onPick={(p) => set('product', p)} />}
        </div>
      )}
      {rule.appliesTo === 'category' && <label className="wide">Category<input value={rule.category} maxLength={100} onChange={(e) => set('category', e.target.value)} /></label>}
      {rule.appliesTo === 'all' && <p className="wide muted">Every product not priced by a product or category rule of this pricelist.</p>}
      <label>From quantity<input value={rule.minQty} inputMode="decimal" placeholder="any" onChange={(e) => set('minQty', e.target.value)} /></label>
      <label>Price by
        <select value={rule.compute} onChange={(e) => set('compute', e.target.value as RuleDraft['compute'])}>
          <option value="fixed">A fixed price</option>
          <option value="percentage">A percentage off the list price</option>
          <option value="formula">A formula</option>
        </select>
      </label>
      {rule.compute === 'fixed' && <label>Price ({m.currency})<input value={rule.price} inputMode="decimal" onChange={(e) => set('price', e.target.value)} /></label>}
      {rule.compute === 'percentage' && <label>Percent off<input value={rule.percent} inputMode="decimal" placeholder="10" onChange={(e) => set('percent', e.target.value)} /></label>}
      {rule.compute === 'formula' && (
        <>
          <label>Based on
            <select value={rule.base} onChange={(e) => set('base', e.target.value as RuleDraft['base'])}>
              <option value="list">List price</option>
              <option value="cost">Cost</option>
            </select>
          </label>
          <label>Discount %<input value={rule.discountPercent} inputMode="decimal" placeholder="0" onChange={(e) => set('discountPercent', e.target.value)} /></label>
          <label>Round to ({m.currency})<input value={rule.rounding} inputMode="decimal" placeholder="none" onChange={(e) => set('rounding', e.target.value)} /></label>
          <label>Surcharge ({m.currency})<input value={rule.surcharge} inputMode="decimal" placeholder="-0.01" onChange={(e) => set('surcharge', e.target.value)} /></label>
          <label>Min margin ({m.currency})<input value={rule.minMargin} inputMode="decimal" placeholder="none" onChange={(e) => set('minMargin', e.target.value)} /></label>
          <label>Max margin ({m.currency})<input value={rule.maxMargin} inputMode="decimal" placeholder="none" onChange={(e) => set('maxMargin', e.target.value)} /></label>
        </>
      )}
      <label>From day<input type="date" value={rule.dateStart} onChange={(e) => set('dateStart', e.target.value)} /></label>
      <label>To day<input type="date" value={rule.dateEnd} onChange={(e) => set('dateEnd', e.target.value)} /></label>
      {onRemove && <div className="actions"><button type="button" onClick={onRemove}>Remove rule {n}</button></div>}
    </fieldset>
  );
}

function PricelistRow({ p, m, groups, name, onEdit, onEnd }: {
  p: Pricelist; m: StoreMoney; groups: CustomerGroup[]; name(id: string): string; onEdit?: (() => void) | undefined; onEnd?: (() => void) | undefined;
}) {
  const ctx = { money: m.money, product: name };
  const stores = (ids: readonly string[], empty: string): string => (ids.length ? ids.map(m.storeName).join(', ') : empty);
  const groupNames = p.customerGroupIds.map((id) => groups.find((g) => g.id === id)?.name ?? 'a removed group').join(', ');
  return (
    <tr aria-label={`Pricelist ${p.name}`}>
      <td><strong>{p.name}</strong><div className="muted">sequence {p.sequence}</div></td>
      <td>{stores(p.siteIds, 'Every store')}</td>
      <td>{groupNames || '—'}</td>
      <td>{stores(p.defaultForSiteIds, '—')}</td>
      <td>
        <ul className="rules">
          {p.items.map((i) => (
            <li key={i.id}>{describeAppliesTo(i.appliesTo, ctx)}{i.minQty ? `, from ${i.minQty}` : ''}: {describeCompute(i.compute, ctx)}
              {(i.dateStart || i.dateEnd) && <span className="muted"> ({describeDates(i)})</span>}</li>
          ))}
        </ul>
      </td>
      {onEnd && <td className="actions">{onEdit && <button type="button" onClick={onEdit}>Edit</button>}<button type="button" onClick={onEnd}>End</button></td>}
    </tr>
  );
}

export function PricelistsPage({ canWrite }: { canWrite: boolean }) {
  const m = useStoreMoney();
  const [groups, setGroups] = useState<CustomerGroup[]>([]);
  const [pricelists, setPricelists] = useState<Pricelist[] | null>(null);
  const [draft, setDraft] = useState<PricelistDraft | null>(null);
  /** The pricelist the form edits; null: the form makes a new one. */
  const [editing, setEditing] = useState<Pricelist | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const call = useAdminCall();
  const name = useProductNames((pricelists ?? []).flatMap((p) => p.items.flatMap((i) => productIdsOf(i.appliesTo))));

  const load = useCallback(async () => {
    const [g, p] = await Promise.all([
      call.run(() => api<CustomerGroupList>('/api/admin/customer-groups')),
      call.run(() => api<PricelistList>('/api/admin/pricelists')),
    ]);
    if (g) setGroups(g.groups);
    if (p) setPricelists(p.pricelists);
  }, [call.run]);
  useEffect(() => {
    void load();
  }, [load]);

  const edit = (d: PricelistDraft): void => {
    setDraft(d);
    setProblems([]);
    call.setError(null);
  };
  const save = async (d: PricelistDraft): Promise<void> => {
    const parsed = parsePricelist(d, m.digits);
    if (!parsed.ok) return setProblems(parsed.problems);
    setProblems([]);
    const res = await call.run(() => (editing
      ? api<Pricelist>(`/api/admin/pricelists/${encodeURIComponent(editing.id)}`, { method: 'PUT', body: parsed.value })
      : api<Pricelist>('/api/admin/pricelists', { method: 'POST', body: parsed.value })));
    if (!res) return;
    const rules = `${counted(res.items.length, 'rule')}`;
    setSaved(editing
      ? `Saved the pricelist "${res.name}" with ${rules}: tills price with the change on their next sync.`
      : `Created the pricelist "${res.name}" with ${rules}: tills price with it on their next sync.`);
    setDraft(null);
    setEditing(null);
    await load();
  };
  const startEdit = async (p: Pricelist): Promise<void> => {
    // The form shows the products by name: ask for the ones the rules name first.
    const refs = await productRefs(p.items.flatMap((i) => productIdsOf(i.appliesTo)));
    setSaved(null);
    setEditing(p);
    edit(pricelistDraft(p, m.digits, refs));
  };
  const end = async (p: Pricelist): Promise<void> => {
    if (!window.confirm(`End the pricelist "${p.name}"? Tills stop using it on their next sync; sales that used it keep it.`)) return;
    const res = await call.run(() => api<PricingRuleEnded>(`/api/admin/pricelists/${encodeURIComponent(p.id)}`, { method: 'DELETE' }));
    if (!res) return;
    await load();
    setSaved(`Ended the pricelist "${res.name}": tills stop using it on their next sync.`);
  };
  const storeOptions = m.stores.map((s) => ({ id: s.id, label: `${s.name} (${s.code})` }));

  return (
    <section aria-label="Pricelists">
      <h2>Pricelists</h2>
      <p className="muted">A customer's group chooses the first pricelist (lowest sequence) ticked for the group at the store; otherwise the store's default pricelist; otherwise list prices. Within a pricelist a product rule wins over a category rule, which wins over an all-products rule; the biggest "from quantity" reached wins.</p>
      <div className="toolbar">
        {canWrite && <button type="button" className="primary" onClick={() => { setSaved(null); setEditing(null); edit(emptyPricelist()); }}>New pricelist</button>}
      </div>
      {saved && <p className="ok" role="status">{saved}</p>}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {draft && (
        <form className="panel grid" aria-label={editing ? `Edit pricelist ${editing.name}` : 'New pricelist'} onSubmit={(e) => { e.preventDefault(); void save(draft); }}>
          {editing && <h3 className="full">Edit “{editing.name}”</h3>}
          {problems.length > 0 && <ul className="error full" role="alert" aria-label="Fix these first">{problems.map((p) => <li key={p}>{p}</li>)}</ul>}
          <label className="wide">Name<input value={draft.name} maxLength={100} onChange={(e) => edit({ ...draft, name: e.target.value })} /></label>
          <label>Sequence<input value={draft.sequence} inputMode="numeric" onChange={(e) => edit({ ...draft, sequence: e.target.value })} /></label>
          <span />
          <Ticks legend="Used at (none ticked: every store)" options={storeOptions} chosen={draft.siteIds} onChange={(siteIds) => edit({ ...draft, siteIds })} none="No store yet." />
          <Ticks legend="Default pricelist of" options={storeOptions} chosen={draft.defaultForSiteIds} onChange={(defaultForSiteIds) => edit({ ...draft, defaultForSiteIds })} none="No store yet." />
          <Ticks legend="For customers in the groups" options={groups.map((g) => ({ id: g.id, label: g.name }))} chosen={draft.customerGroupIds}
            onChange={(customerGroupIds) => edit({ ...draft, customerGroupIds })} none="No customer group yet (add one below)." />
          {draft.rules.map((r, i) => (
            <RuleEditor key={r.key} rule={r} n={i + 1} m={m}
              onChange={(rule) => edit({ ...draft, rules: draft.rules.map((x) => (x.key === rule.key ? rule : x)) })}
              {...(draft.rules.length > 1 ? { onRemove: () => edit({ ...draft, rules: draft.rules.filter((x) => x.key !== r.key) }) } : {})} />
          ))}
          <div className="actions">
            <button type="button" onClick={() => edit({ ...draft, rules: [...draft.rules, emptyRule()] })}>Add rule</button>
            <button type="submit" className="primary" disabled={call.busy}>Save pricelist</button>
            <button type="button" onClick={() => { setDraft(null); setEditing(null); setProblems([]); call.setError(null); }}>Cancel</button>
          </div>
        </form>
      )}
      <table>
        <thead><tr><th>Pricelist</th><th>Used at</th><th>Customer groups</th><th>Default of</th><th>Rules</th>{canWrite && <th />}</tr></thead>
        <tbody>
          {pricelists?.length === 0 && <tr><td colSpan={5} className="muted">No pricelist yet: tills sell at list prices.</td></tr>}
          {pricelists?.map((p) => <PricelistRow key={p.id} p={p} m={m} groups={groups} name={name} onEdit={canWrite ? () => void startEdit(p) : undefined} onEnd={canWrite ? () => void end(p) : undefined} />)}
        </tbody>
      </table>
      <CustomerGroups canWrite={canWrite} groups={groups} onCreated={load} />
    </section>
  );
}
