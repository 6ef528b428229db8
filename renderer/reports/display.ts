// The currency and time zone the reports show money and times in, from the Store filter: the
// chosen site's; with all sites, the one they share, or — when they differ — a sentence that
// says which one is used (and that totals then add different currencies or zones).
import { useShallow } from 'zustand/react/shallow';
import { DEFAULT_DISPLAY, type DisplayContext } from './format.ts';
import { useFiltersStore, type SiteOption } from './filters-store.ts';

export interface Display extends DisplayContext {
  /** Set when the sites in scope use several currencies or zones: what the page does about it. */
  note: string | null;
}

export function displayFor(sites: readonly SiteOption[], site: string): Display {
  const chosen = sites.find((s) => s.id === site);
  if (chosen) return { currency: chosen.currency, timeZone: chosen.timeZone, note: null };
  const first = sites[0];
  if (!first) return { ...DEFAULT_DISPLAY, note: null };
  const currencies = [...new Set(sites.map((s) => s.currency))].sort();
  const zones = [...new Set(sites.map((s) => s.timeZone))].sort();
  const notes: string[] = [];
  if (zones.length > 1) {
    notes.push(`Sites are in different time zones (${zones.join(', ')}): each site's figures use its own store days and hours; times are shown in ${first.timeZone}.`);
  }
  if (currencies.length > 1) {
    notes.push(`Sites use different currencies (${currencies.join(', ')}): amounts are shown in ${first.currency}; choose a store to read one currency.`);
  }
  return { currency: first.currency, timeZone: first.timeZone, note: notes.length > 0 ? notes.join(' ') : null };
}

export function useDisplay(): Display {
  const { sites, site } = useFiltersStore(useShallow((s) => ({ sites: s.sites, site: s.site })));
  return displayFor(sites, site);
}
