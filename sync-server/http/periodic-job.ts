// A server process's periodic background work (report aggregate folding, releasing uncollected
// pickup orders): `run` every `intervalMs`, one run at a time, never keeping the process alive;
// `stop` waits for the run in flight, so the database can be closed right after.
export interface PeriodicJob {
  stop(): Promise<void>;
}

export function startPeriodicJob(run: () => Promise<unknown>, intervalMs: number, onError: (err: unknown) => void): PeriodicJob {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(() => (stopped ? undefined : run())).catch(onError);
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
