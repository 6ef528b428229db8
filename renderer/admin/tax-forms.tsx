// The Taxes page's forms: a new tax (name, rate, whether it is charged on the price alone or also on
// the taxes before it on a product — compound), and a tax's new rate or name. Each checks what was
// typed before sending (tax-input.ts) and shows the server's refusal beside it.
import { useState } from 'react';
import type { TaxDetail, TaxInput, TaxPatch } from '../../shared/admin-api/catalog.ts';
import { api } from '../reports/reports-api.ts';
import { NAME_PROBLEM, parseTaxDraft, parseTaxRate, percent, RATE_PROBLEM, type TaxDraft } from './tax-input.ts';
import { useAdminCall } from './use-admin-call.ts';

export function NewTaxForm({ onDone, onCancel }: { onDone(tax: TaxDetail): void; onCancel(): void }) {
  const [draft, setDraft] = useState<TaxDraft>({ name: '', rate: '', compound: false });
  const call = useAdminCall();
  const create = async (): Promise<void> => {
    const parsed = parseTaxDraft(draft);
    if (!parsed.ok) return call.setError(parsed.problems.join(' '));
    const body: TaxInput = parsed.value;
    const created = await call.run(() => api<TaxDetail>('/api/admin/taxes', { method: 'POST', body }));
    if (created) onDone(created);
  };
  return (
    <form className="panel" aria-label="New tax" onSubmit={(e) => { e.preventDefault(); void create(); }}>
      <div className="toolbar">
        <label>Name <input value={draft.name} maxLength={100} size={16} placeholder="VAT 7%" autoFocus onChange={(e) => setDraft({ ...draft, name: e.target.value })} /></label>
        <label>Rate (%) <input value={draft.rate} inputMode="decimal" size={6} placeholder="7" onChange={(e) => setDraft({ ...draft, rate: e.target.value })} /></label>
        <fieldset className="choice" aria-label="Charged on">
          <label><input type="radio" name="tax-compound" checked={!draft.compound} onChange={() => setDraft({ ...draft, compound: false })} /> on the price</label>
          <label><input type="radio" name="tax-compound" checked={draft.compound} onChange={() => setDraft({ ...draft, compound: true })} /> on the price and the taxes before it (compound)</label>
        </fieldset>
        <span className="buttons">
          <button type="submit" className="primary" disabled={call.busy}>Create tax</button>
          <button type="button" onClick={onCancel}>Cancel</button>
        </span>
      </div>
      <p className="hint">
        It can be chosen for products and named in CSV imports at once; tills get it with their next sync. A compound tax is charged on
        the price plus the taxes listed before it on a product (a levy on top of VAT).
      </p>
      {call.error && <p className="error" role="alert">{call.error}</p>}
    </form>
  );
}

export function RateForm({ tax, onDone, onCancel }: { tax: TaxDetail; onDone(): void; onCancel(): void }) {
  const [rate, setRate] = useState(String(tax.rate));
  const [name, setName] = useState(tax.name);
  const call = useAdminCall();
  const save = async (): Promise<void> => {
    const value = parseTaxRate(rate);
    if (value === null) return call.setError(RATE_PROBLEM);
    if (!name.trim()) return call.setError(NAME_PROBLEM);
    const body: TaxPatch = {
      ...(value !== tax.rate ? { rate: value } : {}),
      ...(name.trim() !== tax.name ? { name: name.trim() } : {}),
    };
    if (Object.keys(body).length === 0) return onCancel();
    if (body.rate !== undefined && !window.confirm(
      `Change ${tax.name} from ${percent(tax.rate)} to ${percent(value)} now? ${tax.products ?? 0} product(s) carry it. Tills charge the new rate once they sync; ` +
        'a till sale at the old rate in the next 7 days is listed as a warning under Exceptions, later ones as errors.',
    )) return;
    const saved = await call.run(() => api<TaxDetail>(`/api/admin/taxes/${encodeURIComponent(tax.id)}`, { method: 'PATCH', body }));
    if (saved) onDone();
  };
  return (
    <td colSpan={2}>
      <form className="toolbar" aria-label={`Change ${tax.name}`} onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <label>Name <input value={name} maxLength={100} size={14} onChange={(e) => setName(e.target.value)} /></label>
        <label>Rate (%) <input value={rate} inputMode="decimal" size={6} autoFocus onChange={(e) => setRate(e.target.value)} /></label>
        <button type="submit" className="primary" disabled={call.busy}>Save</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </form>
      {call.error && <p className="error" role="alert">{call.error}</p>}
    </td>
  );
}
