// `npm run bench -- webhooks` (issue 16): outbound webhooks end to end on one server process.
//  1. Delivery: a burst of events committed to the outbox by 10 concurrent writers (one event per
//     transaction, an order-sized body) and delivered by the delivery worker (default settings, in
//     the server's process) to a receiver on 127.0.0.1 — its own process (webhook-receiver.ts)
//     verifying every signature with the `standardwebhooks` package. Events/s from the first commit
//     to the last arrival, and the commit → arrival latency. Fails if an event is missing or fails
//     verification.
//  2. The outbox's cost on order intake: HTTP order intake (10 clients) in rounds, in the same run,
//     with the channel's endpoint disabled ("off": nothing written but the per-resource sequence),
//     enabled with the worker delivering meanwhile ("on": what a server does), and enabled with the
//     worker stopped ("outbox only": the events and deliveries written in the order's transaction,
//     sent after the round) — rounds in mirrored order (off, on, outbox, outbox, on, off, …) so that
//     machine noise falls on every phase. Target: "on" ≤ 10 % fewer orders/s than "off".
// PostgreSQL with DATABASE_URL (a fresh database), else PGlite. AISLE_BENCH_EVENTS (burst size),
// AISLE_BENCH_CLIENTS, AISLE_BENCH_ORDERS (per client and round), AISLE_BENCH_ROUNDS override.
import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { WebhookEndpointWithSecret } from '../../shared/schemas/webhooks.ts';
import type { Db } from '../../sync-server/db/db.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import type { OrderView } from '../../sync-server/warehouse/order-view.ts';
import { watchAvailability } from '../../sync-server/webhooks/availability-watch.ts';
import { startWebhookWorker, type WebhookWorker } from '../../sync-server/webhooks/delivery.ts';
import { emitWebhook } from '../../sync-server/webhooks/outbox.ts';
import { databaseUrl } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { idemPost, makeProduct } from '../warehouse/wh-harness.ts';
import type { BenchRow } from './registry.ts';
import type { Arrival, ReceiverCommand, ReceiverMessage } from './webhook-receiver.ts';
import { percentile } from './percentile.ts';

export const name = 'webhooks';

const EVENTS = Number(process.env.AISLE_BENCH_EVENTS || 2000);
const WRITERS = 10;
const CLIENTS = Number(process.env.AISLE_BENCH_CLIENTS || 10);
const ORDERS = Number(process.env.AISLE_BENCH_ORDERS || 20);
const ROUNDS = Number(process.env.AISLE_BENCH_ROUNDS || 12);
type Phase = 'off' | 'on' | 'outbox';
const MIRRORED: readonly Phase[] = ['off', 'on', 'outbox', 'outbox', 'on', 'off'];
const ORDER_EVENTS = ['order.created', 'order.reserved', 'order.backordered', 'order.shipped', 'order.cancelled'];

const wallNow = (): number => performance.timeOrigin + performance.now();


export class WebhookBenchError extends Error {
  readonly code = 'WEBHOOK_BENCH';
  constructor(message: string) {
    super(message);
    this.name = 'WebhookBenchError';
  }
}

/** The receiver process, spoken to over IPC. */
class ReceiverChild {
  readonly #child: ChildProcess;
  #waiters: ((m: ReceiverMessage) => void)[] = [];
  readonly arrivals: Arrival[] = [];
  constructor() {
    const file = fileURLToPath(new URL('./webhook-receiver.ts', import.meta.url));
    this.#child = fork(file, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.#child.on('message', (m: ReceiverMessage) => this.#waiters.shift()?.(m));
  }
  next<T extends ReceiverMessage['type']>(command: ReceiverCommand | null, type: T): Promise<Extract<ReceiverMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new WebhookBenchError(`the receiver did not answer ${type}`)), 60_000);
      this.#waiters.push((m) => {
        clearTimeout(timer);
        if (m.type !== type) return reject(new WebhookBenchError(`expected ${type} from the receiver, got ${m.type}`));
        resolve(m as Extract<ReceiverMessage, { type: T }>);
      });
      if (command) this.#child.send(command);
    });
  }
  tell(command: ReceiverCommand): void {
    this.#child.send(command);
  }
  /** Collects what arrived since the last call. */
  async drain(): Promise<Arrival[]> {
    const { arrivals } = await this.next({ type: 'drain' }, 'drained');
    this.arrivals.push(...arrivals);
    return arrivals;
  }
  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.tell({ type: 'stop' });
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Waits until `done()` holds, draining the receiver between looks. */
async function until(receiver: ReceiverChild, what: string, done: () => boolean | Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await receiver.drain();
    if (await done()) return;
    if (Date.now() > deadline) throw new WebhookBenchError(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function pendingDeliveries(db: Db): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE state = 'pending'`);
  return Number(row?.n ?? 0);
}

/** An order-sized event body: what order.created carries for a three-line order. */
function orderLikeData(i: number): object {
  const lines = [1, 2, 3].map((n) => ({ lineId: `line-${i}-${n}`, productId: `product-${n}`, qty: n, unitPrice: 1200 * n, reserved: n, backordered: 0, delivered: 0, cancelled: 0 }));
  return { order: { orderId: `bench-${i}`, channel: 'web', externalRef: `BENCH-${i}`, state: 'open', customerId: null, lines, pickings: [{ id: `picking-${i}`, reference: `WH1/OUT/${String(i).padStart(6, '0')}`, warehouse: 'WH1', kind: 'delivery', step: 'ship', state: 'ready' }] } };
}

async function deliveryBurst(server: TestServer, receiver: ReceiverChild): Promise<BenchRow[]> {
  const committed = new Map<string, number>();
  let next = 0;
  const t0 = wallNow();
  await Promise.all(Array.from({ length: WRITERS }, async () => {
    while (next < EVENTS) {
      const i = next++;
      const id = await server.db.transaction((tx) => emitWebhook(tx, { type: 'order.created', resource: `order:bench-${i}`, channel: 'web', data: orderLikeData(i) }));
      if (!id) throw new WebhookBenchError('the endpoint did not subscribe to the burst events');
      committed.set(id, wallNow());
    }
  }));
  const commitSeconds = (wallNow() - t0) / 1000;
  const arrived = (): Arrival[] => receiver.arrivals.filter((a) => committed.has(a.id));
  await until(receiver, `${EVENTS} burst events at the receiver`, () => new Set(arrived().map((a) => a.id)).size >= EVENTS);
  const got = arrived();
  const firstById = new Map<string, Arrival>();
  for (const a of got) if (!firstById.has(a.id)) firstById.set(a.id, a);
  const unverified = got.filter((a) => !a.verified).length;
  if (unverified > 0) throw new WebhookBenchError(`${unverified} deliveries failed signature verification`);
  const last = Math.max(...[...firstById.values()].map((a) => a.at));
  const latencies = [...firstById.values()].map((a) => a.at - (committed.get(a.id) ?? a.at));
  return [
    { metric: 'burst events', value: EVENTS, unit: 'events', note: `${WRITERS} writers, 1 event per transaction, ~1 KB order body` },
    { metric: 'commit rate (outbox)', value: EVENTS / commitSeconds, unit: 'events/s', note: 'events written to the outbox, while delivery runs' },
    { metric: 'commit → receiver', value: EVENTS / ((last - t0) / 1000), unit: 'events/s', note: 'first commit to last arrival, verified with standardwebhooks' },
    { metric: 'commit → receiver p50', value: percentile(latencies, 0.5), unit: 'ms', note: 'burst: includes the queue behind earlier events' },
    { metric: 'commit → receiver p95', value: percentile(latencies, 0.95), unit: 'ms' },
    { metric: 'delivered twice', value: got.length - firstById.size, unit: 'events', note: 'at least once: a retry repeats the webhook-id' },
  ];
}

interface Round {
  phase: Phase;
  orders: number;
  seconds: number;
  /** CPU time of this process (server, worker, HTTP clients; not the receiver, not PostgreSQL), ms. */
  cpuMs: number;
  latencies: number[];
}

async function intakeRound(server: TestServer, key: string, products: readonly string[], phase: Phase, round: number, committedAt: Map<string, number>): Promise<Round> {
  const subscribed = phase !== 'off';
  await server.db.query('UPDATE webhook_endpoints SET enabled = $1', [subscribed]);
  const latencies: number[] = [];
  let seed = 17 + round;
  const rand = (n: number): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed % n;
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
    for (let i = 0; i < ORDERS; i++) {
      const lines = [...new Set(Array.from({ length: 1 + rand(3) }, () => products[rand(products.length)] ?? ''))].map((productId) => ({ productId, qty: 1 + rand(3) }));
      const ref = `R${round}-${c}-${i}`;
      const t = performance.now();
      const res = await idemPost(server, key, ref, { channel: 'web', externalRef: ref, lines });
      latencies.push(performance.now() - t);
      if (res.status !== 201) throw new WebhookBenchError(`order failed: ${res.status} ${JSON.stringify(res.body)}`);
      if (phase === 'on') committedAt.set(`order:${(res.body as OrderView).orderId}`, wallNow());
    }
  }));
  const cpu = process.cpuUsage(cpu0);
  return { phase, orders: CLIENTS * ORDERS, seconds: (performance.now() - t0) / 1000, cpuMs: (cpu.user + cpu.system) / 1000, latencies };
}

/** The delivery worker as the server runs it, which the bench stops for the "outbox only" rounds. */
class Worker {
  #worker: WebhookWorker | null = null;
  constructor(readonly db: Db) {}
  start(): void {
    this.#worker ??= startWebhookWorker(this.db, {}, (err) => console.error('webhook delivery failed', err), watchAvailability);
  }
  async stop(): Promise<void> {
    await this.#worker?.stop();
    this.#worker = null;
  }
}

async function intakeCost(server: TestServer, receiver: ReceiverChild, worker: Worker, key: string): Promise<BenchRow[]> {
  const products: string[] = [];
  for (let i = 0; i < 40; i++) products.push(await makeProduct(server.db, [{ site: 'WH1', qty: 1_000_000 }]));
  const committedAt = new Map<string, number>();
  // Warm-up (not counted): plans, JIT, pool connections.
  await intakeRound(server, key, products, 'off', -1, committedAt);
  const rounds: Round[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const phase = MIRRORED[r % MIRRORED.length] ?? 'off';
    // Every round starts with nothing left to send (the endpoint still enabled from the last round).
    worker.start();
    await until(receiver, 'the previous round delivered', async () => (await pendingDeliveries(server.db)) === 0);
    if (phase === 'outbox') await worker.stop();
    rounds.push(await intakeRound(server, key, products, phase, r, committedAt));
  }
  worker.start();
  await until(receiver, 'every order event delivered', async () => (await pendingDeliveries(server.db)) === 0);
  const created = receiver.arrivals.filter((a) => a.type === 'order.created' && committedAt.has(a.resource));
  const unverified = receiver.arrivals.filter((a) => !a.verified).length;
  if (unverified > 0) throw new WebhookBenchError(`${unverified} deliveries failed signature verification`);
  const missing = committedAt.size - new Set(created.map((a) => a.resource)).size;
  if (missing > 0) throw new WebhookBenchError(`${missing} orders taken while subscribed never reached the receiver as order.created`);
  const sum = (phase: Phase): { rate: number; median: number; p50: number; p95: number; cpu: number } => {
    const rs = rounds.filter((r) => r.phase === phase);
    const all = rs.flatMap((r) => r.latencies);
    return {
      rate: rs.reduce((s, r) => s + r.orders, 0) / rs.reduce((s, r) => s + r.seconds, 0),
      cpu: rs.reduce((s, r) => s + r.cpuMs, 0) / rs.reduce((s, r) => s + r.orders, 0),
      median: percentile(rs.map((r) => r.orders / r.seconds), 0.5),
      p50: percentile(all, 0.5),
      p95: percentile(all, 0.95),
    };
  };
  const off = sum('off');
  const on = sum('on');
  const outbox = sum('outbox');
  const cost = (x: { rate: number }): number => ((off.rate - x.rate) / off.rate) * 100;
  const eventLatency = created.map((a) => a.at - (committedAt.get(a.resource) ?? a.at));
  const perRound = rounds.map((r) => `${r.phase} ${(r.orders / r.seconds).toFixed(1)}`).join(', ');
  const each = rounds.filter((r) => r.phase === 'off').length;
  return [
    { metric: 'intake, off', value: off.rate, unit: 'orders/s', note: `endpoint disabled; ${each} rounds × ${CLIENTS * ORDERS} orders per phase, ${CLIENTS} HTTP clients; median round ${off.median.toFixed(1)}` },
    { metric: 'intake, on', value: on.rate, unit: 'orders/s', note: `endpoint on order.* (2 events + 2 deliveries per order), worker delivering; median round ${on.median.toFixed(1)}` },
    { metric: 'intake, outbox only', value: outbox.rate, unit: 'orders/s', note: `endpoint on, worker stopped (sent after the round); median round ${outbox.median.toFixed(1)}` },
    { metric: 'outbox cost on intake (on)', value: cost(on), unit: '%', note: `target ≤ 10 %; by median rounds ${(((off.median - on.median) / off.median) * 100).toFixed(1)} %` },
    { metric: 'of which writing the outbox', value: cost(outbox), unit: '%', note: `by median rounds ${(((off.median - outbox.median) / off.median) * 100).toFixed(1)} %` },
    { metric: 'server CPU per order, off', value: off.cpu, unit: 'ms', note: `on: ${on.cpu.toFixed(2)} ms (+${(((on.cpu - off.cpu) / off.cpu) * 100).toFixed(1)} %), outbox only: ${outbox.cpu.toFixed(2)} ms (+${(((outbox.cpu - off.cpu) / off.cpu) * 100).toFixed(1)} %); this process only: server, worker, clients — not PostgreSQL, not the receiver; less noisy than orders/s` },
    { metric: 'intake p50 off / on', value: off.p50, unit: 'ms', note: `on: ${on.p50.toFixed(1)} ms, outbox only: ${outbox.p50.toFixed(1)} ms` },
    { metric: 'intake p95 off / on', value: off.p95, unit: 'ms', note: `on: ${on.p95.toFixed(1)} ms, outbox only: ${outbox.p95.toFixed(1)} ms` },
    { metric: 'rounds (orders/s)', value: rounds.length, unit: 'rounds', note: perRound },
    { metric: 'order → order.created p50', value: percentile(eventLatency, 0.5), unit: 'ms', note: '"on" rounds: order answered to event at the receiver, under intake load' },
    { metric: 'order → order.created p95', value: percentile(eventLatency, 0.95), unit: 'ms' },
  ];
}

export async function run(): Promise<BenchRow[]> {
  const kind = databaseUrl ? 'postgres' : 'pglite';
  // The bench runs the server's delivery worker itself, to stop it for the "outbox only" rounds.
  const server = await startTestServer(kind, { products: 500, poolSize: CLIENTS + WRITERS + 4, server: { webhooks: false } });
  const worker = new Worker(server.db);
  worker.start();
  const receiver = new ReceiverChild();
  try {
    const { url } = await receiver.next(null, 'listening');
    const admin = await server.login('admin', 'admin');
    const { key } = await createChannelKey(server.db, 'web', 'bench');
    const res = await server.api('/api/admin/webhooks/endpoints', { token: admin, body: { url, channel: 'web', eventTypes: ORDER_EVENTS } });
    if (res.status !== 201) throw new WebhookBenchError(`could not register the endpoint: ${res.status} ${JSON.stringify(res.body)}`);
    receiver.tell({ type: 'secret', secret: (res.body as WebhookEndpointWithSecret).secret });
    const delivery = await deliveryBurst(server, receiver);
    const intake = await intakeCost(server, receiver, worker, key);
    return [
      { metric: 'database', value: 0, unit: kind, note: 'server with its delivery worker, receiver and database on this machine' },
      ...delivery,
      ...intake,
      { metric: 'load average (1 min)', value: loadavg()[0] ?? 0, unit: '-', note: 'machine load while measuring' },
    ];
  } finally {
    await worker.stop();
    await receiver.stop();
    await server.close();
  }
}
