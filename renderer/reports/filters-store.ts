// The filters every page shares: period (store days), store and channel, and the choices the
// server offers for them. Pages reload when these change.
import type { ReportQuery } from '../../shared/reports/report-query.ts';
import { create } from 'zustand';
import { storeDay } from '../../shared/time/index.ts';
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

/** A channel as the filter lists it: its code (the filter's value) and its name. */
export interface ChannelOption {
  code: string;
  name: string;
}

interface FiltersState extends Filters {
  /** The user picked a period: the default (last 7 store days) is no longer recomputed. */
  periodChosen: boolean;
  sites: SiteOption[];
  channels: ChannelOption[];
  loadChoices(): Promise<void>;
  set(patch: Partial<Filters>): void;
}

/** The last 7 store days up to today in `zone`. */
function defaultRange(zone = 'UTC'): { from: string; to: string } {
  const now = new Date();
  const to = storeDay(now, zone);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

export const useFiltersStore = create<FiltersState>()((set, get) => ({
  ...defaultRange(),
  periodChosen: false,
  site: '',
  channel: '',
  sites: [],
  channels: [],
  async loadChoices() {
    const choices = await api<{ sites: SiteOption[]; channels: ChannelOption[] }>('/api/reports/filters');
    const zone = choices.sites[0]?.timeZone;
    set({ sites: choices.sites, channels: choices.channels, ...(get().periodChosen || !zone ? {} : defaultRange(zone)) });
  },
  set(patch) {
    set({ ...patch, ...(patch.from !== undefined || patch.to !== undefined ? { periodChosen: true } : {}) });
  },
}));

/** The filters as query parameters. */
/** The query string's filters, typed by the schema the server validates them with. */
export function filterParams(f: Filters): Required<Pick<ReportQuery, 'from' | 'to' | 'site' | 'channel'>> {
  return { from: f.from, to: f.to, site: f.site, channel: f.channel };
}
