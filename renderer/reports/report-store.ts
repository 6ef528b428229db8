// One small Zustand store per report page, made by `createReportStore`: the page's data for the
// current filters, loading and error state. A response that arrives after a newer request
// started is dropped, so fast filter changes never show stale numbers.
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import { api } from './reports-api.ts';

export interface ReportState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  load(path: string): Promise<void>;
}

export function createReportStore<T>(): UseBoundStore<StoreApi<ReportState<T>>> {
  let latest = 0;
  return create<ReportState<T>>()((set) => ({
    data: null,
    error: null,
    loading: false,
    async load(path) {
      const mine = ++latest;
      set({ loading: true, error: null });
      try {
        const data = await api<T>(path);
        if (mine === latest) set({ data, loading: false });
      } catch (err) {
        if (mine === latest) set({ error: err instanceof Error ? err.message : String(err), loading: false });
      }
    },
  }));
}
