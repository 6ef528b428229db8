// Printable location labels (/admin/labels/<site>[?location=<id>]): one Code 128 barcode per
// internal location, reading `LOC:` + the location's barcode — the prefix scanner stations know as
// a location (shared/barcode/scan-config.ts) — with the full name under it. Drawn as SVG by
// bwip-js, so they print sharp at any size; the header and buttons do not print.
import { drawingSVG, code128 } from 'bwip-js/browser';
import { useEffect, useMemo, useState } from 'react';
import type { Location, LocationList } from '../../shared/admin-api/sites.ts';
import { navigate } from '../reports/page-shell.tsx';
import { api } from '../reports/reports-api.ts';
import { useAdminCall } from './use-admin-call.ts';

function labelSvg(text: string): string {
  return code128({ bcid: 'code128', text, scale: 2, height: 12, includetext: false, paddingwidth: 4, paddingheight: 2 }, drawingSVG());
}

function Label({ location }: { location: Location }) {
  // bwip-js draws bars as paths (no text nodes from the input), so its markup is safe to insert.
  const svg = useMemo(() => labelSvg(`LOC:${location.barcode}`), [location.barcode]);
  return (
    <figure className="location-label" aria-label={`Label ${location.fullName}`}>
      <div className="barcode" dangerouslySetInnerHTML={{ __html: svg }} />
      <figcaption>{location.fullName}</figcaption>
    </figure>
  );
}

export function LocationLabelsPage() {
  const [path] = useState(() => ({
    site: decodeURIComponent(window.location.pathname.split('/')[3] ?? ''),
    location: new URLSearchParams(window.location.search).get('location'),
  }));
  const [list, setList] = useState<LocationList | null>(null);
  const call = useAdminCall();
  useEffect(() => {
    void call.run(() => api<LocationList>(`/api/admin/sites/${encodeURIComponent(path.site)}/locations`)).then((res) => res && setList(res));
  }, [path.site, call.run]);

  const labels = (list?.locations ?? []).filter((l) => l.active && (!path.location || l.id === path.location));
  return (
    <section aria-label="Location labels">
      <div className="toolbar">
        <h2>Location labels{list ? ` — ${list.site.name}` : ''}</h2>
        <button type="button" className="primary" disabled={labels.length === 0} onClick={() => window.print()}>Print</button>
        <button type="button" onClick={() => navigate('/admin/sites')}>Back to sites</button>
      </div>
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {list && labels.length === 0 && <p className="muted">No location to print.</p>}
      <div className="label-sheet">
        {labels.map((l) => <Label key={l.id} location={l} />)}
      </div>
    </section>
  );
}
