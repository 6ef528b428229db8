// One site's settings as its devices receive them: name, address, IANA time zone, currency,
// receipt header and footer, the tenders its tills offer, cash rounding, the till's quick keys and
// how long a store keeps click-and-collect orders nobody collects.
// Checked here before sending (the server checks again and its refusal is shown as is).
import { useState } from 'react';
import type { QuickKeyGroup, Site, SitePatch, Tender } from '../../shared/admin-api/sites.ts';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { isTimeZone } from '../../shared/time/index.ts';
import { api } from '../reports/reports-api.ts';
import { useAdminCall } from './use-admin-call.ts';

const ROUNDING_STEPS = [1, 5, 10, 50, 100];
const RECEIPT_LINE = 48;
const RECEIPT_LINES = 8;
const ZONES = Intl.supportedValuesOf('timeZone');
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

interface Draft {
  name: string;
  address: string;
  timeZone: string;
  currency: string;
  receiptHeader: string;
  receiptFooter: string;
  /** Methods ticked; every active tender ticked = all tenders (null). */
  tenders: string[];
  cashRounding: number;
  quickKeys: string;
  /** Stores: days a ready pickup order waits before the server releases it. */
  pickupHoldDays: string;
}

/** Quick keys as text, one tab per line: `Label | category | SKU SKU …`. */
export function quickKeysText(keys: readonly QuickKeyGroup[] | null): string {
  return (keys ?? []).map((k) => [k.label, k.category ?? '', (k.skus ?? []).join(' ')].join(' | ').replace(/( \| )+$/, '')).join('\n');
}

export function parseQuickKeys(text: string): { keys: QuickKeyGroup[]; problems: string[] } {
  const keys: QuickKeyGroup[] = [];
  const problems: string[] = [];
  text.split('\n').map((l) => l.trim()).filter(Boolean).forEach((line, i) => {
    const [label = '', category = '', skus = ''] = line.split('|').map((p) => p.trim());
    if (!label || label.length > 24) problems.push(`Quick keys, line ${i + 1}: the label must have 1 to 24 characters.`);
    const list = skus.split(/[\s,]+/).filter(Boolean);
    if (!category && list.length === 0) problems.push(`Quick keys, line ${i + 1}: name a category or at least one SKU.`);
    keys.push({ label, ...(category ? { category } : {}), ...(list.length ? { skus: list } : {}) });
  });
  if (keys.length > 12) problems.push('Quick keys: at most 12 tabs.');
  return { keys, problems };
}

const lines = (text: string): string[] => text.split('\n').map((l) => l.trimEnd());

function draftOf(site: Site, tenders: readonly Tender[]): Draft {
  return {
    name: site.name, address: site.address, timeZone: site.timeZone, currency: site.currency,
    receiptHeader: site.receiptHeader.join('\n'), receiptFooter: site.receiptFooter.join('\n'),
    tenders: site.tenders ?? tenders.filter((t) => t.active).map((t) => t.method),
    cashRounding: site.cashRounding, quickKeys: quickKeysText(site.quickKeys), pickupHoldDays: String(site.pickupHoldDays),
  };
}

function problems(d: Draft, quickKeyProblems: readonly string[]): string[] {
  const out: string[] = [];
  if (!d.name.trim()) out.push('Name is required.');
  if (!isTimeZone(d.timeZone)) out.push(`"${d.timeZone}" is not a known time zone: pick one from the list, such as Europe/Paris.`);
  if (!CURRENCIES.has(d.currency)) out.push(`${d.currency || 'The currency'} is not an ISO 4217 currency code (for example EUR, USD, GBP).`);
  for (const [label, text] of [['Receipt header', d.receiptHeader], ['Receipt footer', d.receiptFooter]] as const) {
    const ls = lines(text);
    if (ls.length > RECEIPT_LINES) out.push(`${label}: at most ${RECEIPT_LINES} lines.`);
    ls.forEach((l, i) => { if (l.length > RECEIPT_LINE) out.push(`${label}, line ${i + 1}: at most ${RECEIPT_LINE} characters (a receipt is that wide).`); });
  }
  if (d.tenders.length === 0) out.push('Tick at least one tender: a till needs a way to be paid.');
  const days = Number(d.pickupHoldDays);
  if (!Number.isInteger(days) || days < 1 || days > 365) out.push('Pickup orders are kept 1 to 365 days: enter a whole number of days.');
  return [...out, ...quickKeyProblems];
}

export function SiteSettingsForm({ site, tenders, canWrite, onSaved }: { site: Site; tenders: readonly Tender[]; canWrite: boolean; onSaved(site: Site): void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(site, tenders));
  const call = useAdminCall();
  const active = tenders.filter((t) => t.active);
  const field = <K extends keyof Draft>(key: K, value: Draft[K]): void => setDraft((d) => ({ ...d, [key]: value }));
  const currency = CURRENCIES.has(draft.currency) ? draft.currency : site.currency;
  const step = (minor: number): string => (minor === 1 ? 'No rounding' : `To ${formatMoneyWithSymbol(minor, currency, 'en')}`);

  const save = async (): Promise<void> => {
    const qk = parseQuickKeys(draft.quickKeys);
    const issues = problems(draft, qk.problems);
    if (issues.length) return call.setError(issues.join(' '));
    const everyTender = active.every((t) => draft.tenders.includes(t.method));
    const body: SitePatch = {
      name: draft.name.trim(), address: draft.address.trim(), timeZone: draft.timeZone, currency: draft.currency,
      receiptHeader: lines(draft.receiptHeader), receiptFooter: lines(draft.receiptFooter),
      tenders: everyTender ? null : active.map((t) => t.method).filter((m) => draft.tenders.includes(m)),
      cashRounding: draft.cashRounding, quickKeys: qk.keys.length ? qk.keys : null,
      ...(site.kind === 'store' ? { pickupHoldDays: Number(draft.pickupHoldDays) } : {}),
    };
    const res = await call.run(() => api<Site>(`/api/admin/sites/${encodeURIComponent(site.code)}`, { method: 'PATCH', body }));
    if (res) onSaved(res);
  };

  return (
    <form className="panel grid" aria-label={`Settings of ${site.name}`} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <fieldset disabled={!canWrite} className="contents">
        <label className="wide">Name<input value={draft.name} onChange={(e) => field('name', e.target.value)} /></label>
        <label>Time zone
          <input list="time-zones" value={draft.timeZone} onChange={(e) => field('timeZone', e.target.value.trim())} />
        </label>
        <label>Currency<input value={draft.currency} maxLength={3} onChange={(e) => field('currency', e.target.value.toUpperCase().trim())} /></label>
        <label className="wide">Address<input value={draft.address} onChange={(e) => field('address', e.target.value)} /></label>
        <label>Cash rounding
          <select value={draft.cashRounding} onChange={(e) => field('cashRounding', Number(e.target.value))}>
            {[...new Set([...ROUNDING_STEPS, draft.cashRounding])].map((s) => <option key={s} value={s}>{step(s)}</option>)}
          </select>
        </label>
        <fieldset className="tenders">
          <legend>Tenders the tills offer</legend>
          {active.map((t) => (
            <label key={t.method} className="inline">
              <input type="checkbox" checked={draft.tenders.includes(t.method)} onChange={(e) => field('tenders', e.target.checked ? [...draft.tenders, t.method] : draft.tenders.filter((m) => m !== t.method))} />
              {t.label}
            </label>
          ))}
        </fieldset>
        <label className="wide">Receipt header (one line per row, {RECEIPT_LINE} characters at most)
          <textarea rows={3} value={draft.receiptHeader} onChange={(e) => field('receiptHeader', e.target.value)} />
        </label>
        <label className="wide">Receipt footer
          <textarea rows={3} value={draft.receiptFooter} onChange={(e) => field('receiptFooter', e.target.value)} />
        </label>
        {site.kind === 'store' && (
          <label>Pickup orders kept (days)
            <input value={draft.pickupHoldDays} inputMode="numeric" onChange={(e) => field('pickupHoldDays', e.target.value.trim())} />
          </label>
        )}
        {site.kind === 'store' && (
          <label className="full">Quick keys of the till grid (one tab per line: Label | category | SKU SKU …; empty = the catalog's categories)
            <textarea rows={3} value={draft.quickKeys} placeholder="Drinks | Drinks | SKU-000012 SKU-000013" onChange={(e) => field('quickKeys', e.target.value)} />
          </label>
        )}
      </fieldset>
      <datalist id="time-zones">{ZONES.map((z) => <option key={z} value={z} />)}</datalist>
      {call.error && <p className="error full" role="alert">{call.error}</p>}
      {canWrite && (
        <div className="actions">
          <button type="submit" className="primary" disabled={call.busy}>Save settings</button>
          <span className="muted">The site&apos;s paired devices get the change within seconds.</span>
        </div>
      )}
    </form>
  );
}
