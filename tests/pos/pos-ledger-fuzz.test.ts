// Issue 5 "Show": random mixes of sales, returns and session events from several tills,
// delivered over HTTP in random order with duplicates and retries, end in the same state as an
// in-order delivery: every event applied exactly once, every entry balanced, the trial balance
// balanced, quants equal to the ledger of moves — on PGlite and on PostgreSQL.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '../../sync-server/ledger/reconcile.ts';
import { trialBalance } from '../../sync-server/ledger/ledger-queries.ts';
import { simulateTill, type PosEvent, type SimProduct, type TillStep } from '../support/pos-events.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { push, pushInOrder, simCatalog, tillState } from './pos-harness.ts';

const stepArb: fc.Arbitrary<TillStep> = fc.oneof(
  { weight: 5, arbitrary: fc.record({
    kind: fc.constant('sale' as const),
    lines: fc.array(fc.record({ product: fc.nat(11), qty: fc.integer({ min: 1, max: 5 }), discount: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200 })) }), { minLength: 1, maxLength: 5 }),
    orderDiscount: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300 })),
    tender: fc.constantFrom('cash' as const, 'card' as const, 'split' as const),
  }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('return' as const), of: fc.nat(20), fraction: fc.double({ min: 0.1, max: 1, noNaN: true }), restock: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('cash_in' as const, 'cash_out' as const), amount: fc.integer({ min: 1, max: 5000 }) }) },
);

const scriptArb = fc.record({
  float: fc.integer({ min: 0, max: 20000 }),
  cashDifference: fc.integer({ min: -500, max: 500 }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 10 }),
});

/** Deterministic shuffle with duplicates: what parallel, retried RxDB push batches look like. */
function scramble(events: readonly PosEvent[], seed: number): PosEvent[][] {
  let s = seed >>> 0 || 1;
  const rand = (): number => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const pool = [...events, ...events.filter(() => rand() < 0.3)];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as PosEvent, pool[i] as PosEvent];
  }
  const batches: PosEvent[][] = [];
  while (pool.length > 0) batches.push(pool.splice(0, 1 + Math.floor(rand() * 4)));
  return batches;
}

async function pushScrambled(server: TestServer, token: string, events: readonly PosEvent[], seed: number): Promise<void> {
  const batches = scramble(events, seed);
  // Two batches in flight at a time, and every third batch retried as if its response was lost.
  for (let i = 0; i < batches.length; i += 2) {
    await Promise.all(
      batches.slice(i, i + 2).map(async (batch, k) => {
        for (const collection of ['sales', 'sessions'] as const) {
          const docs = batch.filter((e) => e.collection === collection).map((e) => e.doc);
          if (docs.length === 0) continue;
          await push(server, token, collection, docs);
          if ((i + k) % 3 === 0) await push(server, token, collection, docs);
        }
      }),
    );
  }
}

describe.each(testDrivers)('POS ledger fuzz on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let catalog: SimProduct[];
  let siteId: string;
  let cashierId: string;
  let approverId: string;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 40 });
    catalog = await simCatalog(server.db);
    siteId = await server.siteId('STORE1');
    cashierId = await server.userId('alice');
    approverId = await server.userId('sam');
  });
  afterAll(async () => {
    await server?.close();
  });

  it.skipIf(skip)('applies each event exactly once and ends in the same state whatever the delivery order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(scriptArb, { minLength: 1, maxLength: 2 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (scripts, seed) => {
        for (const script of scripts) {
          const ordered = await server.pairDevice('till', 'STORE1');
          const scrambled = await server.pairDevice('till', 'STORE1');
          const base = { ...script, siteId, cashierId, approverId };
          const a = simulateTill({ ...base, tillId: ordered.deviceId }, catalog);
          const b = simulateTill({ ...base, tillId: scrambled.deviceId }, catalog);
          await pushInOrder(server, ordered.token, a);
          await pushScrambled(server, scrambled.token, b, seed);

          const sa = await tillState(server.db, ordered.deviceId);
          const sb = await tillState(server.db, scrambled.deviceId);
          expect(sa.events).toBe(a.length);
          expect(sb.events).toBe(b.length);
          expect(sb.entriesPerEvent.every((n) => n === 1)).toBe(true);
          expect(sb.balances).toEqual(sa.balances);
          expect(sb.moves).toEqual(sa.moves);
          expect(sb.sessions).toEqual(sa.sessions);
          expect(sb.problems).toEqual(sa.problems);
          // A faithful till makes no mistakes: nothing but shortages may be flagged.
          expect(sa.problems).toEqual({});
          // The drawer of a closed session is empty; the counted difference is booked.
          expect(sa.balances['1010'] ?? 0).toBe(0);
          expect(sa.balances['6500'] ?? 0).toBe(-script.cashDifference + 0);
        }
        const tb = await trialBalance(server.db);
        expect(tb.balanced).toBe(true);
        const report = await reconcile(server.db);
        expect(report.drift).toEqual({ quants: [], accounts: [], sessions: [], reservations: [], sessionOwnership: [], storedValue: [], unbalancedEntries: [], orphanMoves: [], orphanLines: [] });
      }),
      { numRuns: kind === 'pglite' ? 6 : 10 },
    );
  }, 300_000);
});
