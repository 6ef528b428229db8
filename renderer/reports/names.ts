// Names for the codes the report rows carry: a channel code ("pos") as the back office names the
// channel ("Store tills", from the channels table through /api/reports/filters) and a site code
// ("STORE1") as the site's name. The rows keep their codes (filters, CSV keys and tests use them).
import { useShallow } from 'zustand/react/shallow';
import { useFiltersStore } from './filters-store.ts';

/** The name listed for `code`, or the code itself when the list does not know it. */
export function nameOf(code: string, list: readonly { code: string; name: string }[]): string {
  return list.find((x) => x.code === code)?.name ?? code;
}

export interface Names {
  channel(code: string): string;
  site(code: string): string;
}

export function useNames(): Names {
  const { sites, channels } = useFiltersStore(useShallow((s) => ({ sites: s.sites, channels: s.channels })));
  return { channel: (code) => nameOf(code, channels), site: (code) => nameOf(code, sites) };
}

/** Rows whose label is a channel code, labelled with the channel's name. */
export function withChannelNames<T extends { key: string; label: string }>(rows: readonly T[], names: Names): T[] {
  return rows.map((r) => ({ ...r, label: names.channel(r.key) }));
}
