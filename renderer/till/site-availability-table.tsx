// What each site has of one item (the replicated availability, live), with a Choose button per site:
// the till's endless aisle orders from the chosen site, Request stock (till and scanner station) asks
// it to send. Cells are labelled so the station's narrow screens can show one card per site.
import type { AisleSite } from './endless-aisle.ts';

export interface SiteAvailabilityTableProps {
  sites: AisleSite[];
  chosen: string | null;
  onChoose: (s: AisleSite) => void;
  /** The table's accessible name. */
  label: string;
  /** The button's accessible name before the site's name ("Order from", "Request from"). */
  action: string;
  /** Whether a site's button is shown, shown disabled, or left out. */
  choosable: (s: AisleSite) => 'yes' | 'disabled' | 'hidden';
  /** How the device's own site is marked (a till's store; a station's store or warehouse). */
  hereLabel?: string;
}

export function SiteAvailabilityTable({ sites, chosen, onChoose, label, action, choosable, hereLabel = 'this store' }: SiteAvailabilityTableProps) {
  return (
    <table className="aisle-sites" aria-label={label}>
      <thead>
        <tr><th scope="col">Site</th><th scope="col">Kind</th><th scope="col">Available</th><th scope="col" /></tr>
      </thead>
      <tbody>
        {sites.map((s) => {
          const can = choosable(s);
          return (
            <tr key={s.siteId} className={s.siteId === chosen ? 'selected' : undefined}>
              <td data-label="Site"><span>{s.name}{s.here ? <span className="muted"> ({hereLabel})</span> : null}</span></td>
              <td data-label="Kind">{s.kind === 'store' ? 'Store' : 'Warehouse'}</td>
              <td data-label="Available" aria-label={`Available at ${s.name}`}>{s.available}</td>
              <td>
                {can === 'hidden' ? null : (
                  <button type="button" disabled={can === 'disabled'} onClick={() => onChoose(s)} aria-pressed={s.siteId === chosen} aria-label={`${action} ${s.name}`}>
                    {s.siteId === chosen ? 'Chosen' : 'Choose'}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
