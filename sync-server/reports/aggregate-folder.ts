// Keeps the report aggregates current while nobody reads them: folds the queue of applied till
// sales (reports/aggregates.ts) every `intervalMs`. One fold at a time; `stop` waits for the one
// in flight, so the database can be closed right after.
import type { Db } from '../db/db.ts';
import { foldSalesAggregates } from './aggregates.ts';

export interface AggregateFolder {
  stop(): Promise<void>;
}

export function startAggregateFolder(db: Db, intervalMs: number, onError: (err: unknown) => void): AggregateFolder {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(() => (stopped ? 0 : foldSalesAggregates(db))).catch(onError);
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
