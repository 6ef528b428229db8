// Sweeps shared by every server process on one database (migration 133, sync-server/http/
// periodic-job.ts): a tick runs only when its process claims the interval, so N processes (or
// hosts) do a sweep's work once per interval, not N times; a graceful stop gives the claim back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedRun, startPeriodicJob } from '../../sync-server/http/periodic-job.ts';
import { buildServer } from '../../sync-server/http/server.ts';
import { createTestDb, testDrivers, type TestDb } from '../support/test-db.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testDrivers)('sweeps shared across processes on $kind', ({ kind, skip }) => {
  let t: TestDb | undefined;
  beforeAll(async () => {
    if (!skip) t = await createTestDb(kind, { poolSize: 4 });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it.skipIf(skip)('one claim per interval: the others find it held until it lapses; only its owner gives it back', async () => {
    const db = (t as TestDb).db;
    const a = sharedRun(db, 'claims', 200);
    const b = sharedRun(db, 'claims', 200);
    expect(await a.claim()).toBe(true);
    expect(await b.claim()).toBe(false);
    expect(await a.claim()).toBe(false);
    await sleep(250);
    expect(await b.claim()).toBe(true);
    expect(await a.claim()).toBe(false);
    // A's release does not give back B's claim; B's does.
    await a.release();
    expect(await a.claim()).toBe(false);
    await b.release();
    expect(await a.claim()).toBe(true);
    // Another sweep's claim is its own.
    expect(await sharedRun(db, 'other', 60_000).claim()).toBe(true);
  });

  it.skipIf(skip)('two processes ticking together run the sweep once per interval between them', async () => {
    const db = (t as TestDb).db;
    const starts: number[] = [];
    const run = async (): Promise<void> => {
      starts.push(Date.now());
    };
    const onError = (err: unknown): void => {
      throw err;
    };
    // Started together: without the claim both would run at the same moments, every 400 ms. Long
    // enough that a loaded machine's round trips (tens of ms inside the full suite) stay small beside it.
    const jobs = [startPeriodicJob(run, 400, onError, sharedRun(db, 'together', 400)), startPeriodicJob(run, 400, onError, sharedRun(db, 'together', 400))];
    await sleep(2500);
    for (const job of jobs) await job.stop();
    expect(starts.length).toBeGreaterThan(2);
    const gaps = starts.slice(1).map((at, i) => at - (starts[i] ?? at));
    // A claim lasts 360 ms: two runs never start closer than that (less the database round trips).
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(240);
  });

  it.skipIf(skip)("a server's four sweeps claim their runs, and a graceful close gives them back", async () => {
    const db = (t as TestDb).db;
    const app = await buildServer({ db, pickupExpiry: { intervalMs: 50 }, waitingSweep: { intervalMs: 50 }, orderInvoices: { intervalMs: 50 }, taxRates: { intervalMs: 50 }, webhooks: false });
    const names = async (): Promise<string[]> =>
      (await db.query<{ name: string }>(`SELECT name FROM periodic_runs WHERE name IN ('order-invoice-sweep', 'pickup-expiry', 'tax-rate-changes', 'waiting-sweep') ORDER BY name`)).map((r) => r.name);
    try {
      await expect.poll(names, { timeout: 10_000 }).toEqual(['order-invoice-sweep', 'pickup-expiry', 'tax-rate-changes', 'waiting-sweep']);
    } finally {
      await app.close();
    }
    expect(await db.query(`SELECT name FROM periodic_runs WHERE due_at > clock_timestamp() AND name <> 'other'`)).toEqual([]);
  });
});
