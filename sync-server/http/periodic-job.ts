// A server process's periodic background work (report aggregate folding, releasing uncollected
// pickup orders): `run` every `intervalMs`, one run at a time, never keeping the process alive;
// `stop` waits for the run in flight, so the database can be closed right after. With `shared`, a
// tick runs only when its claim succeeds: a sweep shared by every process on the database runs in
// one of them per interval (`sharedRun`, migration 133).
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db.ts';

export interface PeriodicJob {
  stop(): Promise<void>;
}

/** A sweep shared by every process on the database (sharedRun): run a tick only once claimed. */
export interface RunClaim {
  claim(): Promise<boolean>;
  /** Gives the claim back (a graceful stop), so another process need not wait for it to lapse. */
  release(): Promise<void>;
}

export function startPeriodicJob(run: () => Promise<unknown>, intervalMs: number, onError: (err: unknown) => void, shared?: RunClaim): PeriodicJob {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let claimed = false;
  const timer = setInterval(() => {
    if (stopped) return;
    running = running
      .then(async () => {
        if (stopped) return;
        if (shared) {
          claimed = await shared.claim();
          if (!claimed) return;
        }
        await run();
      })
      .catch(onError);
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      if (shared && claimed) await shared.release().catch(onError);
    },
  };
}

/**
 * The claim on the sweep `name` for one job of this process (migration 133). `claim` is true when no
 * process claimed this interval's run (or its claim lapsed). A claim lasts 90 % of the interval, so
 * the claiming job's next tick — a timer, never exactly on time — finds it lapsed and claims again,
 * while another process's tick in between finds it held.
 */
export function sharedRun(db: Queryable, name: string, intervalMs: number): RunClaim {
  const owner = randomUUID();
  return {
    async claim() {
      const rows = await db.query(
        `INSERT INTO periodic_runs AS r (name, due_at, owner) VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond', $3)
         ON CONFLICT (name) DO UPDATE SET due_at = EXCLUDED.due_at, owner = EXCLUDED.owner WHERE r.due_at <= clock_timestamp()
         RETURNING 1 AS claimed`,
        [name, Math.floor(intervalMs * 0.9), owner],
      );
      return rows.length > 0;
    },
    async release() {
      await db.query('UPDATE periodic_runs SET due_at = clock_timestamp() WHERE name = $1 AND owner = $2', [name, owner]);
    },
  };
}
