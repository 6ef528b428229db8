// Zustand store of the device configuration snapshot, fed live from the `config` collection.
import { create } from 'zustand';
import type { TillDatabase } from '../db/database.ts';
import { emptySnapshot, foldConfig, type ConfigSnapshot } from './config-snapshot.ts';

interface ConfigState {
  config: ConfigSnapshot;
  loaded: boolean;
}

export const useConfigStore = create<ConfigState>(() => ({ config: emptySnapshot(), loaded: false }));

/** Keeps the store in step with the local `config` collection; returns the unsubscribe. */
export function watchConfig(db: TillDatabase, siteId: string): () => void {
  const sub = db.config.find().$.subscribe((docs) => {
    useConfigStore.setState({ config: foldConfig(docs.map((d) => d.toMutableJSON()), siteId), loaded: true });
  });
  return () => sub.unsubscribe();
}
