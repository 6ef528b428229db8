// Loyalty and the offline allowance (issue 17 points 3 and 5, docs/stored-value.md): what the
// store owes in gift cards, store credit and points against its ledger accounts; how much a till may
// redeem offline before it needs the network or a supervisor; the loyalty program (earning rules,
// what points are worth). Admins change; managers read. Both settings reach every till on its next
// sync.
import { useCallback, useEffect, useState } from 'react';
import type { LiabilityReport, LoyaltyProgramView, StoredValueSettings } from '../../shared/admin-api/stored-value.ts';
import { ALLOWANCE_MODE_LABELS, ALLOWANCE_MODES } from '../../shared/admin-api/choice-labels.ts';
import { api } from '../reports/reports-api.ts';
import { ProductPicker } from './product-picker.tsx';
import { type AllowanceDraft, emptyEarn, emptyLoyalty, type EarnDraft, loyaltyDraft, type LoyaltyDraft, parseAllowance, parseLoyalty } from './stored-value-forms.ts';
import { useAdminCall } from './use-admin-call.ts';
import { productName } from './use-product-names.ts';
import { type StoreMoney, useStoreMoney } from './use-store-money.ts';

function Problems({ problems }: { problems: readonly string[] }) {
  if (problems.length === 0) return null;
  return <ul className="error full" role="alert" aria-label="Fix these first">{problems.map((p) => <li key={p}>{p}</li>)}</ul>;
}

function Liability({ m }: { m: StoreMoney }) {
  const [report, setReport] = useState<LiabilityReport | null>(null);
  const call = useAdminCall();
  useEffect(() => {
    void call.run(() => api<LiabilityReport>('/api/admin/stored-value/liability')).then((r) => r && setReport(r));
  }, [call.run]);
  return (
    <section aria-label="Liability">
      <h2>What the store owes</h2>
      {call.error && <p className="error" role="alert">{call.error}</p>}
      <table>
        <thead><tr><th>Kind</th><th className="num">Holders</th><th className="num">They hold</th><th className="num">Held by tills</th><th>Ledger account</th><th className="num">Ledger balance</th><th>Matches</th></tr></thead>
        <tbody>
          {report?.lines.map((l) => (
            <tr key={l.kind} aria-label={`Liability ${l.label}`}>
              <td>{l.label}</td>
              <td className="num">{l.holders}</td>
              <td className="num">{l.kind === 'points' ? `${l.outstanding.toLocaleString('en')} points (${m.money(l.booked)})` : m.money(l.outstanding)}</td>
              <td className="num">{l.held ? (l.kind === 'points' ? `${l.held} points` : m.money(l.held)) : '—'}</td>
              <td>{l.account}</td>
              <td className="num">{m.money(l.ledger)}</td>
              <td className={l.booked === l.ledger ? '' : 'low'}>{l.booked === l.ledger ? 'Yes' : `No: ${m.money(l.booked - l.ledger)} apart`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Allowance({ canWrite, m }: { canWrite: boolean; m: StoreMoney }) {
  const [draft, setDraft] = useState<AllowanceDraft | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const call = useAdminCall();
  const show = useCallback((s: StoredValueSettings) => setDraft({
    mode: s.offlineAllowance.mode, amount: m.typed(s.offlineAllowance.amount), points: String(s.offlineAllowance.points), holdMinutes: s.holdMinutes === undefined ? '' : String(s.holdMinutes),
  }), [m.typed]);
  useEffect(() => {
    void call.run(() => api<StoredValueSettings>('/api/admin/stored-value/settings')).then((s) => s && show(s));
  }, [call.run, m.digits]);
  if (!draft) return null;
  const set = (patch: Partial<AllowanceDraft>): void => {
    setDraft({ ...draft, ...patch });
    setProblems([]);
    call.setError(null);
  };
  const save = async (): Promise<void> => {
    setSaved(null);
    const parsed = parseAllowance(draft, m.digits);
    if (!parsed.ok) return setProblems(parsed.problems);
    const res = await call.run(() => api<StoredValueSettings>('/api/admin/stored-value/settings', { method: 'PUT', body: parsed.value }));
    if (!res) return;
    const a = res.offlineAllowance;
    setSaved(`Saved: offline, each till may redeem up to ${m.money(a.amount)} of gift cards and store credit and ${a.points.toLocaleString('en')} points ${a.mode === 'till' ? 'in all' : 'per card or customer'} until the server has its sales${res.holdMinutes ? `; an online authorisation holds for ${res.holdMinutes} min` : '; an online authorisation holds until its sale arrives'}.`);
    show(res);
  };
  return (
    <section aria-label="Offline allowance" className="subsection">
      <h2>Offline allowance</h2>
      <p className="muted">A till cannot see what other tills spend while it is offline. Offline it redeems gift cards, store credit and points only within this allowance (renewed as soon as the server has its sales); above it, it needs the network or a supervisor's PIN, which is recorded as an exception with the amount.</p>
      {saved && <p className="ok" role="status">{saved}</p>}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      <form className="panel grid" aria-label="Offline allowance settings" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <Problems problems={problems} />
        <fieldset className="contents" disabled={!canWrite}>
          <label className="wide">Counted
            <select value={draft.mode} onChange={(e) => set({ mode: e.target.value as AllowanceDraft['mode'] })}>
              {ALLOWANCE_MODES.map((m) => <option key={m} value={m}>{ALLOWANCE_MODE_LABELS[m]}</option>)}
            </select>
          </label>
          <label>Gift cards and store credit ({m.currency})<input value={draft.amount} inputMode="decimal" onChange={(e) => set({ amount: e.target.value })} /></label>
          <label>Loyalty points<input value={draft.points} inputMode="numeric" onChange={(e) => set({ points: e.target.value })} /></label>
          <label>Authorisations hold (minutes; 0 = until the sale arrives)<input value={draft.holdMinutes} inputMode="numeric" onChange={(e) => set({ holdMinutes: e.target.value })} /></label>
          <p className="hint muted wide">Online, the server sets the amount aside for the sale until it arrives. A till that dies before it does never lets it go: after these minutes the value can be spent again (the sale is still applied if it arrives later, and flagged).</p>
          {canWrite && <div className="actions"><button type="submit" className="primary" disabled={call.busy}>Save allowance</button></div>}
        </fieldset>
      </form>
    </section>
  );
}

function EarnEditor({ rule, n, m, onChange, onRemove }: { rule: EarnDraft; n: number; m: StoreMoney; onChange(r: EarnDraft): void; onRemove(): void }) {
  const set = (patch: Partial<EarnDraft>): void => onChange({ ...rule, ...patch });
  return (
    <fieldset className="rule" aria-label={`Earning rule ${n}`}>
      <legend>Earning rule {n}</legend>
      <label>Points<input value={rule.points} inputMode="numeric" onChange={(e) => set({ points: e.target.value })} /></label>
      <label>For
        <select value={rule.kind} onChange={(e) => set({ kind: e.target.value as EarnDraft['kind'] })}>
          <option value="amount">Every amount spent</option>
          <option value="unit">Every unit bought</option>
        </select>
      </label>
      {rule.kind === 'amount' ? <label>Per amount spent ({m.currency})<input value={rule.per} inputMode="decimal" onChange={(e) => set({ per: e.target.value })} /></label> : <span />}
      <span />
      <div className="wide">
        <ProductPicker label={`Rule ${n}: add a product`} onPick={(p) => set({ products: rule.products.some((x) => x.id === p.id) ? rule.products : [...rule.products, { id: p.id, name: p.name }] })} />
        {rule.products.length > 0 && (
          <ul className="chips" aria-label={`Rule ${n} products`}>
            {rule.products.map((p) => <li key={p.id}>{p.name}<button type="button" aria-label={`Remove ${p.name}`} onClick={() => set({ products: rule.products.filter((x) => x.id !== p.id) })}>×</button></li>)}
          </ul>
        )}
      </div>
      <label className="wide">Categories (separated by commas)<input value={rule.categories} onChange={(e) => set({ categories: e.target.value })} /></label>
      <p className="hint muted">No product and no category: every product. Spent = what the lines cost after every discount, tax included; weighed goods count no units.</p>
      <div className="actions"><button type="button" onClick={onRemove}>Remove earning rule {n}</button></div>
    </fieldset>
  );
}

function Loyalty({ canWrite, m }: { canWrite: boolean; m: StoreMoney }) {
  const [draft, setDraft] = useState<LoyaltyDraft | null>(null);
  const [exists, setExists] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const call = useAdminCall();
  const show = useCallback(async (v: LoyaltyProgramView) => {
    setExists(v.program !== null);
    if (!v.program) return setDraft(emptyLoyalty());
    const ids = v.program.earn.flatMap((r) => r.target?.productIds ?? []);
    const names = new Map(await Promise.all(ids.map(async (id) => [id, await productName(id)] as const)));
    setDraft(loyaltyDraft(v.program, m.typed, (id) => names.get(id) ?? id));
  }, [m.typed]);
  useEffect(() => {
    void call.run(() => api<LoyaltyProgramView>('/api/admin/loyalty')).then((v) => v && show(v));
  }, [call.run, m.digits]);
  if (!draft) return null;
  const set = (patch: Partial<LoyaltyDraft>): void => {
    setDraft({ ...draft, ...patch });
    setProblems([]);
    call.setError(null);
  };
  const save = async (): Promise<void> => {
    setSaved(null);
    const parsed = parseLoyalty(draft, m.digits);
    if (!parsed.ok) return setProblems(parsed.problems);
    const res = await call.run(() => api<LoyaltyProgramView>('/api/admin/loyalty', { method: 'PUT', body: parsed.value }));
    if (!res?.program) return;
    const p = res.program;
    setSaved(`Saved "${p.name}" (${p.active ? 'running' : 'stopped'}): ${p.redeem.points} points take ${m.money(p.redeem.amount)} off. Tills have it on their next sync.`);
    await show(res);
  };
  return (
    <section aria-label="Loyalty program" className="subsection">
      <h2>Loyalty program</h2>
      {!exists && <p className="muted">No loyalty program runs yet{canWrite ? ': fill this in and save to start one.' : '.'}</p>}
      {saved && <p className="ok" role="status">{saved}</p>}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      <form className="panel grid" aria-label="Loyalty program settings" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <Problems problems={problems} />
        <fieldset className="contents" disabled={!canWrite}>
          <label className="wide">Program name<input value={draft.name} maxLength={100} placeholder="Aisle Rewards" onChange={(e) => set({ name: e.target.value })} /></label>
          <label className="check"><input type="checkbox" checked={draft.active} onChange={(e) => set({ active: e.target.checked })} /> Running</label>
          <span />
          <label>Redeem: points<input value={draft.redeemPoints} inputMode="numeric" onChange={(e) => set({ redeemPoints: e.target.value })} /></label>
          <label>take off ({m.currency})<input value={draft.redeemAmount} inputMode="decimal" onChange={(e) => set({ redeemAmount: e.target.value })} /></label>
          <p className="hint muted">Points are redeemed in whole blocks, as a discount spread over the sale's lines; each point is a liability at this rate until it is spent.</p>
          {draft.earn.map((r, i) => (
            <EarnEditor key={r.key} rule={r} n={i + 1} m={m}
              onChange={(rule) => set({ earn: draft.earn.map((x) => (x.key === rule.key ? rule : x)) })}
              onRemove={() => set({ earn: draft.earn.filter((x) => x.key !== r.key) })} />
          ))}
          {canWrite && (
            <div className="actions">
              <button type="button" onClick={() => set({ earn: [...draft.earn, emptyEarn()] })}>Add earning rule</button>
              <button type="submit" className="primary" disabled={call.busy}>Save loyalty program</button>
            </div>
          )}
        </fieldset>
      </form>
    </section>
  );
}

export function LoyaltyPage({ canWrite }: { canWrite: boolean }) {
  const m = useStoreMoney();
  return (
    <>
      <Liability m={m} />
      <Allowance canWrite={canWrite} m={m} />
      <Loyalty canWrite={canWrite} m={m} />
    </>
  );
}
