// The CI-bounded run of `npm run chaos` (issue 14 point 11): on PGlite and on PostgreSQL, tills
// push while the server is SIGKILLed three times, responses are lost after commit, batches are
// reordered and pushed twice at once. Every sale is applied exactly once and the ledger reconciles.
import { describe, expect, it } from 'vitest';
import { testDrivers } from '../support/test-db.ts';
import { runServerChaos } from './server-chaos.ts';

describe.each(testDrivers)('the server killed during pushes on $kind', ({ kind, skip }) => {
  it.skipIf(skip)('loses no sale and applies none twice', async () => {
    const result = await runServerChaos({ kind, tills: 3, salesPerTill: 30, batch: 4, kills: 3, loseResponses: 0.15, duplicate: 0.25, reorder: 0.3, seed: Date.now() % 100_000 });
    expect(result.kills, 'the server was really killed mid-run').toBe(3);
    expect(result.restarts).toBe(3);
    expect(result.responsesLost, 'some responses were lost after commit').toBeGreaterThan(0);
    expect(result.batchesSentTwice).toBeGreaterThan(0);
    expect({ seed: result.seed, lost: result.lost, duplicated: result.duplicated, sessionEventsLost: result.sessionEventsLost }).toEqual({ seed: result.seed, lost: 0, duplicated: 0, sessionEventsLost: 0 });
    expect(result.salesApplied).toBe(result.salesPushed);
    expect(result.reconcile.drift).toEqual({ ...result.reconcile.drift, quants: [], accounts: [], sessions: [], sessionOwnership: [], unbalancedEntries: [] });
    expect(result.reconcile.ok).toBe(true);
  }, 300_000);
});
