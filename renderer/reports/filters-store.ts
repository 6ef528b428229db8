// The filters every page shares: period (store days), store and channel, and the choices the
// server offers for them. Pages reload when these change.
import { create } from 'zustand';
import { api } from './reports-api.ts';

export interface SiteOption {
  id: string;
  code: string;
  name: string;
  kind: string;
  /** ISO 4217 code: the site's money is shown in it, with its own minor units. */
  currency: string;
  /** IANA zone: the site's store days and hours. */
  timeZone: string;
}

export interface Filters {
  from: string;
  to: string;
  site: string;
  channel: string;
}

interface FiltersState extends Filters {
  sites: SiteOption[];
  channels: string[];
  loadChoices(): Promise<void>;
  set(patch: Partial<Filters>): void;
}

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

function defaultRange(): { from: string; to: string } {
  const to = new Date();
  return { from: isoDay(new Date(to.getTime() - 6 * 86_400_000)), to: isoDay(to) };
}

export const useFiltersStore = create<FiltersState>()((set) => ({
  ...defaultRange(),
  site: '',
  channel: '',
  sites: [],
  channels: [],
  async loadChoices() {
    const choices = await api<{ sites: SiteOption[]; channels: string[] }>('/api/reports/filters');
    set({ sites: choices.sites, channels: choices.channels });
  },
  set(patch) {
    set(patch);
  },
}));

/** The filters as query parameters. */
export function filterParams(f: Filters): Record<string, string> {
  return { from: f.from, to: f.to, site: f.site, channel: f.channel };
}
