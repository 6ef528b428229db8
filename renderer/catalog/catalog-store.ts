// Zustand store holding the in-memory catalog index. Loading never blocks the UI: the till
// renders at once and scans/searches work as soon as `index` is set; product changes from
// replication rebuild it in the background (debounced, so a first sync of 100k does not thrash).
import { create } from 'zustand';
import type { Product } from '../../shared/schemas/index.ts';
import type { TillDatabase } from '../db/database.ts';
import { readStored } from '../db/stored-read.ts';
import { buildCatalogIndex, type CatalogIndex } from './catalog-index.ts';

interface CatalogState {
  index: CatalogIndex | null;
  /** Milliseconds the last (re)build took, read from storage to index. */
  loadMs: number | null;
}

export const useCatalogStore = create<CatalogState>(() => ({ index: null, loadMs: null }));

/** All local products, read from storage in one query (RxDocuments are not needed here). */
export function readAllProducts(db: TillDatabase): Promise<Product[]> {
  return readStored(db.products);
}

/** Marks the page when the catalog is usable: the e2e tests and the bench wait for it. */
function announceReady(size: number): void {
  if (typeof document === 'undefined') return;
  document.documentElement.dataset.catalogSize = String(size);
  document.documentElement.dataset.catalogReadyAt = String(Math.round(performance.now()));
}

export async function loadCatalog(db: TillDatabase): Promise<CatalogIndex> {
  const started = performance.now();
  const index = buildCatalogIndex(await readAllProducts(db));
  useCatalogStore.setState({ index, loadMs: performance.now() - started });
  announceReady(index.size);
  return index;
}

/** Loads the catalog now and again after product changes; returns the unsubscribe. */
export function watchCatalog(db: TillDatabase, debounceMs = 1500): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const report = (error: unknown) => console.error('catalog load failed', error);
  let running: Promise<unknown> = loadCatalog(db).catch(report);
  const sub = db.products.$.subscribe(() => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      running = running.then(() => loadCatalog(db)).catch(report);
    }, debounceMs);
  });
  return () => {
    sub.unsubscribe();
    if (timer) clearTimeout(timer);
  };
}
