// A site's internal stock locations: listed, created (under Stock or another location), and their
// barcode labels opened for printing (location-labels-page.tsx) — all of them or one.
import { useCallback, useEffect, useState } from 'react';
import type { Location, LocationList, Site } from '../../shared/admin-api/sites.ts';
import { navigate } from '../reports/page-shell.tsx';
import { api } from '../reports/reports-api.ts';
import { useAdminCall } from './use-admin-call.ts';

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/;

export const labelsPath = (siteCode: string, locationId?: string): string =>
  `/admin/labels/${encodeURIComponent(siteCode)}${locationId ? `?location=${encodeURIComponent(locationId)}` : ''}`;

export function SiteLocations({ site, canWrite }: { site: Site; canWrite: boolean }) {
  const [locations, setLocations] = useState<Location[]>([]);
  const [name, setName] = useState('');
  const [parent, setParent] = useState(`${site.code}/Stock`);
  const [saved, setSaved] = useState<string | null>(null);
  const call = useAdminCall();

  const load = useCallback(async () => {
    const res = await call.run(() => api<LocationList>(`/api/admin/sites/${encodeURIComponent(site.code)}/locations`));
    if (res) setLocations(res.locations);
  }, [site.code, call.run]);
  useEffect(() => {
    void load();
  }, [load]);

  const create = async (): Promise<void> => {
    const trimmed = name.trim();
    if (!NAME.test(trimmed) || trimmed.length > 40) return call.setError('Location name: 1 to 40 letters, digits, spaces, dots, _ or - (no slash), for example A-01-02.');
    const res = await call.run(() => api<Location>(`/api/admin/sites/${encodeURIComponent(site.code)}/locations`, { method: 'POST', body: { name: trimmed, parent } }));
    if (!res) return;
    setSaved(`Created ${res.fullName}.`);
    setName('');
    await load();
  };

  return (
    <section className="panel" aria-label={`Locations of ${site.name}`}>
      <div className="table-head">
        <h3>Locations</h3>
        <button type="button" onClick={() => navigate(labelsPath(site.code))}>Print all labels</button>
      </div>
      {canWrite && (
        <form className="toolbar" aria-label="New location" onSubmit={(e) => { e.preventDefault(); void create(); }}>
          <label className="inline">Under
            <select value={parent} onChange={(e) => setParent(e.target.value)}>{locations.map((l) => <option key={l.id} value={l.fullName}>{l.fullName}</option>)}</select>
          </label>
          <label className="inline">Location name<input value={name} placeholder="A-01-02" onChange={(e) => setName(e.target.value)} /></label>
          <button type="submit" className="primary" disabled={call.busy}>Add location</button>
        </form>
      )}
      {saved && <p className="ok" role="status">{saved}</p>}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      <table>
        <thead><tr><th>Location</th><th>Label barcode</th><th /></tr></thead>
        <tbody>
          {locations.map((l) => (
            <tr key={l.id} aria-label={`Location ${l.fullName}`}>
              <td>{l.fullName}</td>
              <td><code>LOC:{l.barcode}</code></td>
              <td><button type="button" onClick={() => navigate(labelsPath(site.code, l.id))}>Print label</button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
