// Sites: stores and warehouses with their settings, a form to create one, the chosen site's
// settings and locations (with printable labels), and the tills' approval thresholds, which are
// company-wide. Managers see all of it read-only.
import { useCallback, useEffect, useState } from 'react';
import type { Site, SiteCreate, SiteList, Tender, TenderList } from '../../shared/admin-api/sites.ts';
import { SITE_KIND_LABELS, SITE_KINDS } from '../../shared/admin-api/choice-labels.ts';
import { isTimeZone } from '../../shared/time/index.ts';
import { api } from '../reports/reports-api.ts';
import { ApprovalThresholdsForm } from './approval-thresholds-form.tsx';
import { AuditHistory } from './audit-table.tsx';
import { SiteLocations } from './site-locations.tsx';
import { SiteSettingsForm } from './site-settings-form.tsx';
import { useAdminCall } from './use-admin-call.ts';

const emptySite: SiteCreate = { code: '', name: '', kind: 'store', currency: 'EUR', timeZone: 'Europe/Paris' };

function siteProblems(s: SiteCreate): string[] {
  const out: string[] = [];
  if (!/^[A-Z0-9_-]{1,32}$/.test(s.code)) out.push('Code: 1 to 32 capital letters, digits, _ or - (for example STORE2).');
  if (!s.name.trim()) out.push('Name is required.');
  if (!isTimeZone(s.timeZone)) out.push(`"${s.timeZone}" is not a known time zone, such as Europe/Paris.`);
  if (!Intl.supportedValuesOf('currency').includes(s.currency)) out.push(`${s.currency || 'The currency'} is not an ISO 4217 currency code.`);
  return out;
}

export function SitesPage({ canWrite }: { canWrite: boolean }) {
  const [sites, setSites] = useState<Site[]>([]);
  const [tenders, setTenders] = useState<Tender[]>([]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [draft, setDraft] = useState<SiteCreate | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const call = useAdminCall();

  const load = useCallback(async () => {
    const res = await call.run(() => api<SiteList>('/api/admin/sites'));
    if (res) setSites(res.sites);
  }, [call.run]);
  useEffect(() => {
    void load();
    void api<TenderList>('/api/admin/tenders').then((r) => setTenders(r.tenders));
  }, [load]);

  const create = async (d: SiteCreate): Promise<void> => {
    const issues = siteProblems(d);
    if (issues.length) return call.setError(issues.join(' '));
    const res = await call.run(() => api<Site>('/api/admin/sites', { method: 'POST', body: { ...d, name: d.name.trim() } }));
    if (!res) return;
    setDraft(null);
    setSaved(`Created ${res.kind} "${res.name}" (${res.code}).`);
    setChosen(res.code);
    await load();
  };

  const site = sites.find((s) => s.code === chosen) ?? null;
  const field = <K extends keyof SiteCreate>(key: K, value: SiteCreate[K]): void => setDraft((d) => (d ? { ...d, [key]: value } : d));

  return (
    <section aria-label="Sites">
      <h2>Sites</h2>
      <div className="toolbar">
        {canWrite && <button type="button" className="primary" onClick={() => { setSaved(null); call.setError(null); setDraft({ ...emptySite }); }}>New site</button>}
      </div>
      {saved && !site && <p className="ok" role="status">{saved}</p>}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {draft && (
        <form className="panel grid" aria-label="New site" onSubmit={(e) => { e.preventDefault(); void create(draft); }}>
          <label>Code<input value={draft.code} placeholder="STORE2" onChange={(e) => field('code', e.target.value.toUpperCase().trim())} /></label>
          <label className="wide">Name<input value={draft.name} onChange={(e) => field('name', e.target.value)} /></label>
          <label>Kind
            <select value={draft.kind} onChange={(e) => field('kind', e.target.value as SiteCreate['kind'])}>{SITE_KINDS.map((k) => <option key={k} value={k}>{SITE_KIND_LABELS[k]}</option>)}</select>
          </label>
          <label>Time zone<input list="new-site-zones" value={draft.timeZone} onChange={(e) => field('timeZone', e.target.value.trim())} /></label>
          <label>Currency<input value={draft.currency} maxLength={3} onChange={(e) => field('currency', e.target.value.toUpperCase().trim())} /></label>
          <datalist id="new-site-zones">{Intl.supportedValuesOf('timeZone').map((z) => <option key={z} value={z} />)}</datalist>
          <div className="actions">
            <button type="submit" className="primary" disabled={call.busy}>Create site</button>
            <button type="button" onClick={() => { setDraft(null); call.setError(null); }}>Cancel</button>
          </div>
        </form>
      )}
      <table>
        <thead><tr><th>Name</th><th>Code</th><th>Kind</th><th>Time zone</th><th>Currency</th><th className="num">Devices</th><th /></tr></thead>
        <tbody>
          {sites.map((s) => (
            <tr key={s.code} aria-label={`Site ${s.name}`} aria-selected={s.code === chosen}>
              <td>{s.name}</td>
              <td>{s.code}</td>
              <td>{s.kind}</td>
              <td>{s.timeZone}</td>
              <td>{s.currency}</td>
              <td className="num">{s.devices}</td>
              <td><button type="button" onClick={() => { setSaved(null); setChosen(s.code === chosen ? null : s.code); }}>{s.code === chosen ? 'Close' : canWrite ? 'Edit' : 'Open'}</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      {site && (
        <div className="site-detail">
          <h3>{site.name} ({site.code})</h3>
          {saved && <p className="ok" role="status">{saved}</p>}
          <SiteSettingsForm
            key={`${site.code}:${site.updatedAt}:${tenders.length}`}
            site={site}
            tenders={tenders}
            canWrite={canWrite}
            onSaved={(s) => { setSaved(null); void load().then(() => setSaved(`Saved the settings of "${s.name}": its devices get them within seconds.`)); }}
          />
          <SiteLocations key={site.code} site={site} canWrite={canWrite} />
          <AuditHistory key={`${site.code}:${site.updatedAt}`} entity="site" entityId={site.code} name={site.name} empty="No change recorded for this site." />
        </div>
      )}
      <ApprovalThresholdsForm canWrite={canWrite} currency={sites.find((s) => s.kind === 'store')?.currency ?? 'EUR'} />
    </section>
  );
}
