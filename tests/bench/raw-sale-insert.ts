// The figure channel order intake and sales ingestion are measured against (npm run bench -- pos,
// reservation): the rows of a sale inserted raw — the event, the sale, per line the line and a
// stock move, three journal rows; 16 rows for a 5-line sale — one transaction per sale, statement by
// statement, over N connections. No checks, no shared rows, no feed.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Sale } from '../../shared/schemas/index.ts';
import type { TillStep } from '../support/pos-events.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { withCpuBusy } from './cpu-busy.ts';
import { p95 } from './percentile.ts';


export interface RawRate {
  perSecond: number;
  p95: number;
  /** Seconds the timed pass took. */
  seconds: number;
}

/** A pass of the raw insert and how busy the machine was meanwhile (RawSaleInsert.measureBeside). */
export interface RawPass {
  rate: RawRate;
  busy: number;
}

/**
 * The raw insert over its passes taken together — as many sales as they inserted over the time they
 * took — with the slower pass's p95 (not pooled) and the machine's mean busy share.
 */
export function overPasses(passes: readonly RawPass[], salesPerPass: number): { perSecond: number; p95: number; busy: number } {
  return {
    perSecond: (passes.length * salesPerPass) / passes.reduce((s, p) => s + p.rate.seconds, 0),
    p95: Math.max(...passes.map((p) => p.rate.p95)),
    busy: passes.reduce((s, p) => s + p.busy, 0) / passes.length,
  };
}

/** `count` five-line sales over a catalog of `catalogSize` products, cash and card, for a simulated till (both benches' trading). */
export function fiveLineSales(count: number, catalogSize: number): TillStep[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'sale',
    lines: Array.from({ length: 5 }, (_, k) => ({ product: (i * 5 + k) % catalogSize, qty: 1 + (k % 3), discount: 0 })),
    orderDiscount: 0,
    tender: i % 3 === 0 ? 'card' : 'cash',
  }));
}

const TABLES = 'bench_raw.events, bench_raw.sales, bench_raw.lines, bench_raw.moves, bench_raw.journal';

/**
 * The raw insert's tables (schema bench_raw) and `connections` open connections, for timed passes
 * at any moment of a bench (the reservation bench measures before and after each order run).
 */
export class RawSaleInsert {
  private constructor(private readonly pool: pg.Pool, private readonly clients: pg.PoolClient[]) {}

  static async open(url: string, connections: number): Promise<RawSaleInsert> {
    const pool = new pg.Pool({ connectionString: url, max: connections });
    // pool.end() can resolve before its clients' connections have closed; the bench then drops the
    // database WITH (FORCE), which terminates them (57P01), and an 'error' with no listener would
    // end the bench (it did, in 4 of about 60 runs on 2026-12-05).
    pool.on('error', () => undefined);
    await pool.query(`DROP SCHEMA IF EXISTS bench_raw CASCADE; CREATE SCHEMA bench_raw;
      CREATE TABLE bench_raw.events (id text PRIMARY KEY, payload jsonb NOT NULL);
      CREATE TABLE bench_raw.sales (id text PRIMARY KEY, till_id text, seq int, total bigint, hash text, created_at timestamptz);
      CREATE TABLE bench_raw.lines (sale_id text, line_id text, product_id text, qty numeric, total bigint, PRIMARY KEY (sale_id, line_id));
      CREATE TABLE bench_raw.moves (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, product_id text, qty numeric, event_id text);
      CREATE TABLE bench_raw.journal (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, event_id text, account text, debit bigint, credit bigint);`);
    return new RawSaleInsert(pool, await Promise.all(Array.from({ length: connections }, () => pool.connect())));
  }

  /**
   * `count` sales inserted untimed (the sales over again when it is more than there are), the
   * tables emptied after each pass: timed passes start with connections open, statements known to
   * the server and the client's code optimized, as the order bench's timed run starts after its
   * own warm-up.
   */
  async warmUp(sales: readonly Sale[], count: number): Promise<void> {
    for (let left = sales.length > 0 ? count : 0; left > 0; left -= sales.length) {
      await insertAll(this.clients, sales.slice(0, Math.min(left, sales.length)), []);
      await this.clients[0]?.query(`TRUNCATE ${TABLES}`);
    }
  }

  /** One timed pass of the sales on empty tables (emptied again after it): sales/s and p95 per sale. */
  async measure(sales: readonly Sale[]): Promise<RawRate> {
    const latencies: number[] = [];
    const t0 = performance.now();
    await insertAll(this.clients, sales, latencies);
    const seconds = (performance.now() - t0) / 1000;
    await this.clients[0]?.query(`TRUNCATE ${TABLES}`);
    return { perSecond: sales.length / seconds, p95: p95(latencies), seconds };
  }

  /**
   * One timed pass (measure) with `server`'s processes stopped meanwhile (SIGSTOP to its process
   * group, SIGCONT after): nothing of theirs — timers, polls, idle connections — runs beside the raw
   * insert, and they keep their warm state (connections, JIT). With how busy the machine was.
   */
  async measureBeside(server: ServerProcess, sales: readonly Sale[]): Promise<RawPass> {
    server.signal('SIGSTOP');
    try {
      const { result: rate, busy } = await withCpuBusy(() => this.measure(sales));
      return { rate, busy };
    } finally {
      server.signal('SIGCONT');
    }
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.release();
    await this.pool.query('DROP SCHEMA bench_raw CASCADE');
    await this.pool.end();
  }
}

/** The sales, one transaction each, taken in turn by the clients; each one's time into `latencies`. */
async function insertAll(clients: readonly pg.PoolClient[], sales: readonly Sale[], latencies: number[]): Promise<void> {
  const queue = [...sales];
  await Promise.all(
    clients.map(async (client) => {
      for (let s = queue.shift(); s; s = queue.shift()) {
        const t = performance.now();
        await client.query('BEGIN');
        await client.query('INSERT INTO bench_raw.events (id, payload) VALUES ($1, $2)', [s.id, JSON.stringify(s)]);
        await client.query('INSERT INTO bench_raw.sales VALUES ($1, $2, $3, $4, $5, $6)', [s.id, s.tillId, s.seq, s.total, s.hash, s.createdAt]);
        for (const l of s.lines) {
          await client.query('INSERT INTO bench_raw.lines VALUES ($1, $2, $3, $4, $5)', [s.id, l.lineId, l.productId, l.qty, l.total]);
          await client.query('INSERT INTO bench_raw.moves (product_id, qty, event_id) VALUES ($1, $2, $3)', [l.productId, l.qty, s.id]);
        }
        await client.query('INSERT INTO bench_raw.journal (event_id, account, debit, credit) VALUES ($1, $2, $3, 0), ($1, $4, 0, $3), ($1, $5, 0, 0)', [s.id, '1010', s.total, '4000', '2200']);
        await client.query('COMMIT');
        latencies.push(performance.now() - t);
      }
    }),
  );
}
