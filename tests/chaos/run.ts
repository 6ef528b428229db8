// `npm run chaos` — Aisle's fault harness (docs/server.md "Faults"). Runs, on PGlite and (when
// DATABASE_URL is set) PostgreSQL, tills pushing while the server is SIGKILLed, responses are lost
// after commit and batches are reordered and duplicated; then the till crash (browser SIGKILLed
// right after "Paid") and the scanner station cut off mid-validation, in Chromium. Prints sales
// pushed / applied / duplicated / lost and the reconcile result; exits 1 on any loss, duplicate,
// drift or failed scenario.
//   npm run chaos -- [--tills 8] [--sales 150] [--kills 10] [--seed N] [--no-browser]
import { spawnSync } from 'node:child_process';
import { parseArgs, stripVTControlCharacters } from 'node:util';
import type { DbKind } from '../../sync-server/db/db.ts';
import { databaseUrl } from '../support/test-db.ts';
import { runServerChaos, type ServerChaosResult } from './server-chaos.ts';

const { values } = parseArgs({
  options: {
    tills: { type: 'string', default: '8' },
    sales: { type: 'string', default: '150' },
    kills: { type: 'string', default: '10' },
    batch: { type: 'string', default: '5' },
    seed: { type: 'string' },
    'no-browser': { type: 'boolean', default: false },
  },
});

const kinds: DbKind[] = databaseUrl ? ['pglite', 'postgres'] : ['pglite'];
if (!databaseUrl) console.log('DATABASE_URL is not set: PostgreSQL is skipped (set it to run both drivers).');

const results: ServerChaosResult[] = [];
let failed = false;
for (const kind of kinds) {
  const seed = values.seed ? Number(values.seed) : Date.now() % 1_000_000;
  console.log(`\n== server killed during pushes on ${kind} (seed ${seed})`);
  const r = await runServerChaos({
    kind, seed, tills: Number(values.tills), salesPerTill: Number(values.sales), batch: Number(values.batch), kills: Number(values.kills),
    loseResponses: 0.1, duplicate: 0.2, reorder: 0.3, log: (line) => console.log(line),
  });
  results.push(r);
  const bad = r.lost > 0 || r.duplicated > 0 || r.sessionEventsLost > 0 || !r.reconcile.ok || r.salesApplied !== r.salesPushed;
  failed ||= bad;
  console.log(`   sales pushed ${r.salesPushed}, applied ${r.salesApplied}, duplicated ${r.duplicated}, lost ${r.lost}; session events lost ${r.sessionEventsLost}`);
  console.log(`   kills ${r.kills}, responses lost after commit ${r.responsesLost}, batches pushed twice at once ${r.batchesSentTwice}, push attempts ${r.pushAttempts}, ${r.seconds} s`);
  console.log(`   reconcile: ${r.reconcile.ok ? 'zero drift' : `DRIFT ${JSON.stringify(r.reconcile.drift)}`}${bad ? '  ← FAILED' : ''}`);
}

if (!values['no-browser']) {
  const scenarios = [
    { name: 'till browser SIGKILLed right after "Paid"', file: 'tests/e2e/till-crash.test.ts' },
    { name: 'scanner station cut off mid-validation', file: 'tests/e2e/scanner-station.test.ts' },
  ];
  for (const s of scenarios) {
    console.log(`\n== ${s.name}`);
    const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', s.file], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    const summary = stripVTControlCharacters(run.stdout).split('\n').filter((l) => /Tests\s/.test(l)).join(' ').trim();
    console.log(`   ${run.status === 0 ? 'passed' : 'FAILED'}: ${summary}`);
    if (run.status !== 0) {
      failed = true;
      console.log(run.stdout.slice(-4000), run.stderr.slice(-2000));
    }
  }
}

console.log(`\n${failed ? 'CHAOS FAILED' : 'chaos passed'}: ${results.map((r) => `${r.kind} ${r.salesApplied}/${r.salesPushed} applied, ${r.duplicated} duplicated, ${r.lost} lost`).join('; ')}`);
process.exit(failed ? 1 : 0);
