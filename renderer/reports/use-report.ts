// Loads a page's report whenever the shared filters change (or the page asks to reload).
import { useCallback, useEffect } from 'react';
import type { StoreApi, UseBoundStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { filterParams, useFiltersStore, type Filters } from './filters-store.ts';
import { query } from './reports-api.ts';
import type { ReportState } from './report-store.ts';

export function useFilters(): Filters {
  return useFiltersStore(useShallow((s) => ({ from: s.from, to: s.to, site: s.site, channel: s.channel })));
}

/** The page's state, loaded for the current filters from `endpoint` (plus `extra` parameters). */
export function useReport<T>(store: UseBoundStore<StoreApi<ReportState<T>>>, endpoint: string, extra: Record<string, string> = {}): ReportState<T> & { reload(): void } {
  const filters = useFilters();
  const state = store();
  const path = `${endpoint}${query({ ...filterParams(filters), ...extra })}`;
  const reload = useCallback(() => {
    void store.getState().load(path);
  }, [store, path]);
  useEffect(() => {
    reload();
  }, [reload]);
  return { ...state, reload };
}
