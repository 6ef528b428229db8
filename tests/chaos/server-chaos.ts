// The server half of Aisle's fault harness (issue 14 point 11): real `aisle serve` processes are
// SIGKILLed (whole process group) while simulated tills push their sales and session events over
// real HTTP — through a proxy that loses some responses after the server committed, with batches
// reordered and pushed twice at once. Tills retry until every batch is accepted, as a real till's
// replication does. Then the database is opened (by this process alone, the server being dead)
// and every sale is accounted for: applied once, never lost, never duplicated, ledger reconciled.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sale } from '../../shared/schemas/index.ts';
import type { Db, DbKind } from '../../sync-server/db/db.ts';
import { migrate } from '../../sync-server/db/migrate.ts';
import { openDb } from '../../sync-server/db/open-db.ts';
import { openPostgres } from '../../sync-server/db/pg-driver.ts';
import { createPairingCode, type PairedDevice } from '../../sync-server/devices/pairing.ts';
import { reconcile, type ReconcileReport } from '../../sync-server/ledger/reconcile.ts';
import { seedDemo } from '../../sync-server/seed/demo-seed.ts';
import { simCatalog } from '../pos/pos-harness.ts';
import { type PosEvent, simulateTill, type TillStep } from '../support/pos-events.ts';
import { freePort, type ServerProcess, spawnServe } from '../support/server-process.ts';
import { createTestDb } from '../support/test-db.ts';
import { startLossyProxy } from './lossy-proxy.ts';

export interface ServerChaosOptions {
  kind: DbKind;
  tills: number;
  salesPerTill: number;
  /** Events per push. */
  batch: number;
  /** How many times the server is SIGKILLed while the tills push. */
  kills: number;
  /** Probability that a response is lost after the server answered. */
  loseResponses: number;
  /** Probability that a batch is pushed twice at the same time. */
  duplicate: number;
  /** Probability that a batch swaps places with the next one. */
  reorder: number;
  seed: number;
  log?: (line: string) => void;
}

export interface ServerChaosResult {
  kind: DbKind;
  seed: number;
  salesPushed: number;
  salesApplied: number;
  duplicated: number;
  lost: number;
  sessionEventsLost: number;
  kills: number;
  restarts: number;
  responsesLost: number;
  batchesSentTwice: number;
  pushAttempts: number;
  reconcile: Pick<ReconcileReport, 'ok' | 'drift'>;
  seconds: number;
}

/** mulberry32: a small seeded generator, so a failing run can be replayed with its seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Batch {
  collection: PosEvent['collection'];
  docs: object[];
}

/** Consecutive events of one collection, at most `size` per push; then some neighbours swapped. */
function batchesOf(events: readonly PosEvent[], size: number, reorder: number, random: () => number): Batch[] {
  const out: Batch[] = [];
  for (const e of events) {
    const last = out.at(-1);
    if (last && last.collection === e.collection && last.docs.length < size) last.docs.push(e.doc);
    else out.push({ collection: e.collection, docs: [e.doc] });
  }
  for (let i = 0; i + 1 < out.length; i += 1) {
    if (random() < reorder) [out[i], out[i + 1]] = [out[i + 1] as Batch, out[i] as Batch];
  }
  return out;
}

function tillSteps(n: number, random: () => number): TillStep[] {
  const steps: TillStep[] = [];
  for (let i = 0; i < n; i += 1) {
    const lines = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({ product: Math.floor(random() * 12), qty: 1 + Math.floor(random() * 3), discount: 0 }));
    const tender = (['cash', 'card', 'split'] as const)[Math.floor(random() * 3)] ?? 'cash';
    steps.push({ kind: 'sale', lines, orderDiscount: 0, tender });
    if (random() < 0.1) steps.push({ kind: 'return', of: Math.floor(random() * (i + 1)), fraction: 0.5, restock: random() < 0.5 });
    if (random() < 0.05) steps.push({ kind: 'cash_in', amount: 1000 });
  }
  return steps;
}

interface Database {
  env: NodeJS.ProcessEnv;
  /** Opens the database in this process (only while no server runs on an embedded one). */
  open(): Promise<Db>;
  drop(): Promise<void>;
}

async function prepareDatabase(kind: DbKind): Promise<Database> {
  if (kind === 'postgres') {
    const t = await createTestDb('postgres', { migrate: false });
    const url = t.url as string;
    return {
      env: { DATABASE_URL: url, AISLE_DATA_DIR: '', DATABASE_REPLICA_URL: '' },
      open: () => openPostgres(url, 4, { relay: false }),
      // Closes the suite's own pool and drops the database.
      drop: () => t.close(),
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'aisle-chaos-'));
  const env: NodeJS.ProcessEnv = { AISLE_DATA_DIR: dataDir, DATABASE_URL: '', DATABASE_REPLICA_URL: '' };
  return {
    env,
    open: () => openDb({ dataDir }),
    drop: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

export async function runServerChaos(o: ServerChaosOptions): Promise<ServerChaosResult> {
  const log = o.log ?? (() => undefined);
  const random = seeded(o.seed);
  const started = Date.now();
  const database = await prepareDatabase(o.kind);
  let server: ServerProcess | null = null;
  const proxy = await startLossyProxy(() => server?.url ?? 'http://127.0.0.1:9', o.loseResponses, random);
  try {
    // Set up with the database in this process, then hand it to the server.
    const setup = await database.open();
    let codes: string[];
    let catalog: Awaited<ReturnType<typeof simCatalog>>;
    let siteId: string;
    let cashierId: string;
    try {
      await migrate(setup);
      await seedDemo(setup, { products: 30 });
      catalog = await simCatalog(setup);
      codes = await Promise.all(Array.from({ length: o.tills }, async () => (await createPairingCode(setup, 'till', 'STORE1')).code));
      const [site] = await setup.query<{ id: string }>(`SELECT id FROM sites WHERE code = 'STORE1'`);
      const [alice] = await setup.query<{ id: string }>(`SELECT id FROM users WHERE username = 'alice'`);
      siteId = site?.id as string;
      cashierId = alice?.id as string;
    } finally {
      await setup.close();
    }

    const port = await freePort();
    server = await spawnServe({ env: database.env, port });
    const tills: PairedDevice[] = [];
    for (const code of codes) {
      const res = await fetch(`${server.url}/api/devices/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: `chaos till ${tills.length + 1}` }) });
      if (!res.ok) throw new Error(`pairing failed: ${res.status} ${await res.text()}`);
      tills.push((await res.json()) as PairedDevice);
    }
    const scripts = tills.map((t) => simulateTill({ tillId: t.deviceId, siteId, cashierId, float: 10_000, cashDifference: 0, steps: tillSteps(o.salesPerTill, random) }, catalog));
    const plans = scripts.map((events) => batchesOf(events, o.batch, o.reorder, random));
    const totalBatches = plans.reduce((a, p) => a + p.length, 0);

    let accepted = 0;
    let kills = 0;
    let restarts = 0;
    let attempts = 0;
    let sentTwice = 0;
    let pushing = true;

    // The killer: SIGKILL at evenly spaced points of progress, a moment after (mid-push), then restart.
    const thresholds = Array.from({ length: o.kills }, (_, i) => Math.floor((totalBatches * (i + 1)) / (o.kills + 1)));
    const killer = (async () => {
      for (const at of thresholds) {
        while (pushing && accepted < at) await sleep(10);
        if (!pushing) return;
        await sleep(Math.floor(random() * 150));
        await server?.kill('SIGKILL');
        kills += 1;
        log(`  kill ${kills}/${o.kills} after ${accepted}/${totalBatches} batches`);
        server = await spawnServe({ env: database.env, port, healthTimeoutMs: 120_000 });
        restarts += 1;
      }
    })();

    const pushOnce = async (token: string, b: Batch): Promise<boolean> => {
      attempts += 1;
      try {
        const res = await fetch(`${proxy.url}/api/sync/${b.collection}/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(b.docs.map((d) => ({ newDocumentState: d }))),
          signal: AbortSignal.timeout(60_000),
        });
        const text = await res.text();
        if (res.status === 200) return true;
        if (res.status >= 500 || res.status === 429) return false;
        throw new Error(`push refused with ${res.status}: ${text}`);
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('push refused')) throw err;
        // Connection refused or dropped: the server is down or the response was lost.
        return false;
      }
    };
    const pushUntilAccepted = async (token: string, b: Batch): Promise<void> => {
      let wait = 50;
      while (!(await pushOnce(token, b))) {
        await sleep(wait);
        wait = Math.min(1000, wait * 2);
      }
    };

    await Promise.all(
      tills.map(async (till, i) => {
        for (const b of plans[i] ?? []) {
          if (random() < o.duplicate) {
            sentTwice += 1;
            await Promise.all([pushUntilAccepted(till.token, b), pushUntilAccepted(till.token, b)]);
          } else {
            await pushUntilAccepted(till.token, b);
          }
          accepted += 1;
        }
      }),
    );
    pushing = false;
    await killer;
    // The last stop is a kill too: what is committed must survive it.
    await server?.kill('SIGKILL');
    server = null;

    const db = await database.open();
    try {
      const saleIds = scripts.flat().filter((e) => e.collection === 'sales').map((e) => (e.doc as Sale).id);
      const sessionIds = scripts.flat().filter((e) => e.collection === 'sessions').map((e) => e.doc.id);
      const tillIds = tills.map((t) => t.deviceId);
      const applied = await db.query<{ id: string }>('SELECT id FROM pos_sales WHERE till_id = ANY($1::text[])', [tillIds]);
      const appliedIds = new Set(applied.map((r) => r.id));
      const [dupSeq] = await db.query<{ n: number }>(
        'SELECT coalesce(sum(n - 1), 0)::int AS n FROM (SELECT count(*) AS n FROM pos_sales WHERE till_id = ANY($1::text[]) GROUP BY till_id, seq HAVING count(*) > 1) d',
        [tillIds],
      );
      const [dupEntries] = await db.query<{ n: number }>(
        `SELECT coalesce(sum(n - 1), 0)::int AS n FROM (SELECT count(*) AS n FROM journal_entries WHERE event_id = ANY($1::text[]) AND kind IN ('sale', 'return') GROUP BY event_id HAVING count(*) > 1) d`,
        [saleIds],
      );
      const sessionRows = await db.query<{ id: string }>('SELECT id FROM events WHERE id = ANY($1::text[])', [sessionIds]);
      const report = await reconcile(db);
      return {
        kind: o.kind,
        seed: o.seed,
        salesPushed: saleIds.length,
        salesApplied: appliedIds.size,
        duplicated: (dupSeq?.n ?? 0) + (dupEntries?.n ?? 0) + (applied.length - appliedIds.size),
        lost: saleIds.filter((id) => !appliedIds.has(id)).length,
        sessionEventsLost: sessionIds.length - sessionRows.length,
        kills,
        restarts,
        responsesLost: proxy.lost(),
        batchesSentTwice: sentTwice,
        pushAttempts: attempts,
        reconcile: { ok: report.ok, drift: report.drift },
        seconds: Math.round((Date.now() - started) / 100) / 10,
      };
    } finally {
      await db.close();
    }
  } finally {
    await server?.kill('SIGKILL');
    await proxy.close();
    await database.drop();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
