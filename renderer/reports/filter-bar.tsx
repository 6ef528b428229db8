// Period, store and channel filters shared by every page. Labels point at their controls by id
// (a label wrapping a select would take the options' text into the control's name).
import { useEffect } from 'react';
import { useDisplay } from './display.ts';
import { useFiltersStore } from './filters-store.ts';

export function FilterBar() {
  const { from, to, site, channel, sites, channels, set, loadChoices } = useFiltersStore();
  const display = useDisplay();
  useEffect(() => {
    void loadChoices();
  }, [loadChoices]);
  return (
    <form className="filter-bar" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <span className="field">
        <label htmlFor="reports-from">From</label>
        <input id="reports-from" type="date" value={from} max={to} onChange={(e) => e.target.value && set({ from: e.target.value })} />
      </span>
      <span className="field">
        <label htmlFor="reports-to">To</label>
        <input id="reports-to" type="date" value={to} min={from} onChange={(e) => e.target.value && set({ to: e.target.value })} />
      </span>
      <span className="field">
        <label htmlFor="reports-site">Store</label>
        <select id="reports-site" value={site} onChange={(e) => set({ site: e.target.value })}>
          <option value="">All sites</option>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>{s.code} — {s.name}</option>
          ))}
        </select>
      </span>
      <span className="field">
        <label htmlFor="reports-channel">Channel</label>
        <select id="reports-channel" value={channel} onChange={(e) => set({ channel: e.target.value })}>
          <option value="">All channels</option>
          {channels.map((c) => (
            <option key={c.code} value={c.code}>{c.name}</option>
          ))}
        </select>
      </span>
      <span className="muted zone-note">
        <span className="print-only">{from} to {to}, {sites.find((s) => s.id === site)?.code ?? 'all sites'}, {channels.find((c) => c.code === channel)?.name ?? (channel || 'all channels')}. </span>
        {display.note ?? `Store days and times in ${display.timeZone}, amounts in ${display.currency}.`}
      </span>
    </form>
  );
}
