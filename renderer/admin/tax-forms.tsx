// The Taxes page's forms: a new tax (name, rate, whether it is charged on the price alone or also on
// the taxes before it on a product — compound), a tax's new rate or name now, and its next rate
// from a store day and time (a law change). Each checks what was typed before sending
// (tax-input.ts) and shows the server's refusal beside it, keeping what was typed.
import { useState } from 'react';
import type { TaxDetail, TaxInput, TaxPatch, TaxScheduleInput } from '../../shared/admin-api/catalog.ts';
import { formatStoreTime, nextStoreDay, storeDay } from '../../shared/time/index.ts';
import { api } from '../reports/reports-api.ts';
import {
  NAME_PROBLEM, parseTaxDraft, parseTaxRate, parseTaxSchedule, percent, RATE_PROBLEM, type ScheduleDraft, scheduledText, type TaxDraft,
} from './tax-input.ts';
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

/** The form's start: the scheduled change being replaced, else the next store midnight (law changes start a day). */
function scheduleDraft(tax: TaxDetail, zone: string): ScheduleDraft {
  const s = tax.scheduled;
  if (s) return { rate: String(s.rate), day: storeDay(s.from, zone), time: formatStoreTime(s.from, zone), name: s.name ?? '' };
  return { rate: '', day: nextStoreDay(new Date(), zone), time: '00:00', name: '' };
}

export function ScheduleForm({ tax, timeZone, onDone, onCancel }: { tax: TaxDetail; timeZone: string; onDone(saved: TaxDetail): void; onCancel(): void }) {
  const [draft, setDraft] = useState<ScheduleDraft>(() => scheduleDraft(tax, timeZone));
  const call = useAdminCall();
  const field = (key: keyof ScheduleDraft, value: string): void => setDraft((d) => ({ ...d, [key]: value }));
  // What the form would send, in words: the date box writes days in the browser's fashion (01/02/2027), this says which day.
  const typed = parseTaxSchedule(draft, tax.name, timeZone);
  const save = async (): Promise<void> => {
    const parsed = parseTaxSchedule(draft, tax.name, timeZone);
    if (!parsed.ok) return call.setError(parsed.problems.join(' '));
    const body: TaxScheduleInput = parsed.value;
    const saved = await call.run(() => api<TaxDetail>(`/api/admin/taxes/${encodeURIComponent(tax.id)}/scheduled-rate`, { method: 'PUT', body }));
    if (saved) onDone(saved);
  };
  return (
    <form className="panel grid" aria-label={`Schedule a rate for ${tax.name}`} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h3 className="full">Next rate of {tax.name}</h3>
      <label>New rate (%)<input value={draft.rate} inputMode="decimal" placeholder="16" autoFocus onChange={(e) => field('rate', e.target.value)} /></label>
      <label>From (day)<input type="date" value={draft.day} onChange={(e) => field('day', e.target.value)} /></label>
      <label>At ({timeZone})<input value={draft.time} inputMode="numeric" placeholder="00:00" maxLength={5} onChange={(e) => field('time', e.target.value)} /></label>
      <label>New name (optional)<input value={draft.name} maxLength={100} placeholder={tax.name} onChange={(e) => field('name', e.target.value)} /></label>
      <p className="hint">
        {typed.ok && <><strong>{tax.name}: {scheduledText(typed.value, timeZone)}.</strong>{' '}</>}
        Tills switch to it at that moment on their own, online or not; sales before it keep {percent(tax.rate)}. Leave the name empty to
        keep {tax.name}.{tax.scheduled ? ' It replaces the change already scheduled.' : ''}
      </p>
      {call.error && <p className="error full" role="alert">{call.error}</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={call.busy}>Schedule</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
