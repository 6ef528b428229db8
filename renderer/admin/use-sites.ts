// The sites (stores and warehouses) for the back office's pickers, loaded once per page, and the
// internal locations of a site, shared by the forms' location pickers for half a minute (a form
// with ten lines asks once; a location added on the Sites page shows up soon after).
import { useEffect, useState } from 'react';
import type { Location, LocationList, Site, SiteList } from '../../shared/admin-api/sites.ts';
import { compareNames } from '../../shared/text/name-order.ts';
import { formatStoreDateTime } from '../../shared/time/index.ts';
import { api } from '../reports/reports-api.ts';

export function useSites(): Site[] {
  const [sites, setSites] = useState<Site[]>([]);
  useEffect(() => {
    void api<SiteList>('/api/admin/sites').then((r) => setSites(r.sites));
  }, []);
  return sites;
}

/** A site's name by its code (the code itself while the sites load, or for one not listed). */
export function siteNamer(sites: readonly Site[]): (code: string) => string {
  return (code) => sites.find((s) => s.code === code)?.name ?? code;
}

/** The zone the back office shows times in: the first store's (a warehouse's when there is no store; UTC while the sites load). */
export function storeZone(sites: readonly Site[]): string {
  return (sites.find((s) => s.kind === 'store') ?? sites[0])?.timeZone ?? 'UTC';
}

/** An instant as "2026-12-06 16:12" in the time of the site it happened at (UTC for a site not loaded yet). */
export function siteTime(sites: readonly Site[], iso: string, siteCode: string): string {
  return formatStoreDateTime(iso, sites.find((s) => s.code === siteCode)?.timeZone ?? 'UTC');
}

const KEEP_MS = 30_000;
const locationsBySite = new Map<string, { at: number; list: Promise<Location[]> }>();

/** The active stock (internal) locations of a site, by full name. */
export function useLocations(siteCode: string): Location[] {
  const [locations, setLocations] = useState<Location[]>([]);
  useEffect(() => {
    if (!siteCode) return undefined;
    let current = true;
    const kept = locationsBySite.get(siteCode);
    let loading = kept && Date.now() - kept.at < KEEP_MS ? kept.list : null;
    if (!loading) {
      loading = api<LocationList>(`/api/admin/sites/${encodeURIComponent(siteCode)}/locations`).then((r) =>
        pickableLocations(r.locations));
      loading.catch(() => locationsBySite.delete(siteCode));
      locationsBySite.set(siteCode, { at: Date.now(), list: loading });
    }
    void loading.then((l) => current && setLocations(l), () => undefined);
    return () => {
      current = false;
    };
  }, [siteCode]);
  return siteCode ? locations : [];
}

/** The locations a form offers: active internal ones, in reading order ("A-2" before "A-10"). */
export function pickableLocations(locations: readonly Location[]): Location[] {
  return locations.filter((l) => l.usage === 'internal' && l.active).sort((a, b) => compareNames(a.fullName, b.fullName));
}
