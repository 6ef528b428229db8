// PostgreSQL driver (`DATABASE_URL`): a `pg` Pool; one pooled client per transaction.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyStream } from 'pg-copy-streams';
import { ChangeBus, CommitHooks, copyFromSql, type Db, SentStatements, type SqlParam, type Tx, type TxChain, type TxOptions } from './db.ts';
import { StatementNames } from './named-statements.ts';
import { startNotifyRelay } from './pg-notify-relay.ts';

// int8 (money, change_seq) and numeric (quantities) become JS numbers at this edge:
// money stays far below 2^53 minor units and quantities are small decimals.
pg.types.setTypeParser(20, (v: string) => Number(v));
pg.types.setTypeParser(1700, (v: string) => Number(v));

export interface PostgresOptions {
  /** Relay change hints to and from other server processes (LISTEN/NOTIFY). Off for a read-only standby, which cannot LISTEN. */
  relay?: boolean;
}

export async function openPostgres(connectionString: string, poolSize = 10, options: PostgresOptions = {}): Promise<Db> {
  // JIT off for every connection (startup option, no round trip): PostgreSQL compiles a statement
  // whose estimated cost passes jit_above_cost (100,000) — the new pickings' documents of an order
  // batch did once their tables grew, ≈ 155 ms of LLVM compilation per batch inside the quant lock
  // (docs/warehouse.md, "The four-process stall"). Aisle's statements are short OLTP statements
  // and reports over a few days of sales, which compilation never pays back.
  const pool = idleErrorsLogged(new pg.Pool({ connectionString, max: poolSize, options: '-c jit=off' }));
  // Pipelined transactions (TxOptions.pipeline: the order batcher's, one or two at a time per
  // process) take their connections from a small pool of their own, opened on first use.
  let pipelinedPool: pg.Pool | null = null;
  const pipelined = (): pg.Pool => (pipelinedPool ??= idleErrorsLogged(new pg.Pool({ connectionString, max: PIPELINED_POOL_SIZE, options: '-c jit=off', pipeline: true })));
  const bus = new ChangeBus();
  // Statements run often are prepared once per connection (named-statements.ts).
  const names = new StatementNames();
  const statement = (text: string, params: readonly SqlParam[]): pg.QueryConfig<SqlParam[]> => {
    const name = names.nameFor(text, params.length);
    const values = params as SqlParam[];
    return name === undefined ? { text, values } : { name, text, values };
  };
  const opened = new OpenedTransactions();
  // Fail fast on a wrong URL instead of on the first request.
  await pool.query('SELECT 1');
  // Hints cross to every other server process on this database (several processes, one PostgreSQL).
  const relay =
    options.relay === false
      ? null
      : await startNotifyRelay(connectionString, bus, {
          notify: async (channel, payload) => void (await pool.query('SELECT pg_notify($1, $2)', [channel, payload])),
        });
  return {
    kind: 'postgres',
    bus,
    async query<T extends object>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
      const res = await pool.query<T, SqlParam[]>(statement(sql, params));
      return res.rows;
    },
    async transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TxOptions): Promise<T> {
      const held = options?.chain ? opened.take(options.chain) : undefined;
      const client = held ?? await (options?.pipeline ? pipelined() : pool).connect();
      const hooks = new CommitHooks();
      const sent = new SentStatements();
      // A pipelined connection sends each statement at once (pg keeps the answers in order); on the
      // others a statement goes once the one before it answered (pg would queue it too, but warns).
      let tail: Promise<unknown> = Promise.resolve();
      const run = <R extends object>(sql: string, params: readonly SqlParam[]): Promise<pg.QueryResult<R>> => {
        if (client.pipeline) return client.query<R, SqlParam[]>(statement(sql, params));
        const answer = tail.then(() => client.query<R, SqlParam[]>(statement(sql, params)));
        tail = answer.catch(() => undefined);
        return answer;
      };
      const tx: Tx = {
        bus,
        afterCommit: (f) => hooks.add(f),
        beforeCommit: (f) => hooks.addBefore(f),
        atCommit: (sql, onRows) => hooks.setCommitQuery(sql, onRows),
        async query<R extends object>(sql: string, params: readonly SqlParam[] = []): Promise<R[]> {
          return (await run<R>(sql, params)).rows;
        },
        send(sql, params, onRows) {
          sent.track(run<Record<string, unknown>>(sql, params).then((res) => res.rows), onRows);
        },
        async copyFrom(table, columns, csv) {
          if (client.pipeline) throw new Error('copyFrom needs a transaction without TxOptions.pipeline');
          await tail;
          const stream = client.query(copyStream(copyFromSql(table, columns, 'STDIN')));
          await pipeline(Readable.from([csv]), stream);
          return stream.rowCount;
        },
      };
      let result: T;
      let chained: boolean;
      try {
        // The plan mode goes with BEGIN in one simple query: no round trip more.
        const begin = options?.genericPlans ? 'BEGIN; SET LOCAL plan_cache_mode = force_generic_plan' : 'BEGIN';
        // A transaction opened by the COMMIT of the one before it in its chain has begun already.
        if (!held) await client.query(begin);
        result = await fn(tx);
        await hooks.runBefore();
        chained = options?.chain?.more() === true;
        const commit = chained ? `COMMIT; ${begin}` : 'COMMIT';
        const last = hooks.commitQuery;
        // One simple-protocol round trip: the statement, then COMMIT (an error in the first skips the
        // rest); on a pipelined connection in the same round trip as the statements sent before it.
        const committed = run<Record<string, unknown>>(last ? `${last.sql}; ${commit}` : commit, []);
        await committed.then(() => undefined, () => undefined);
        // A sent statement that failed made COMMIT a ROLLBACK (no error of its own when nothing
        // came between them): its error is the transaction's.
        await sent.settle();
        const answer = await committed;
        if (last) last.onRows((answer as unknown as pg.QueryResult<Record<string, unknown>>[])[0]?.rows ?? []);
      } catch (err) {
        const cause = await sent.cause(err);
        await rollbackAndRelease(client);
        throw cause;
      }
      if (chained && options?.chain) opened.hold(options.chain, client);
      else client.release();
      hooks.run();
      return result;
    },
    async close(): Promise<void> {
      await opened.releaseAll();
      await relay?.close();
      await Promise.all([pool.end(), pipelinedPool?.end()]);
    },
  };
}

/** Connections of the pipelined pool (TxOptions.pipeline) per process. */
const PIPELINED_POOL_SIZE = 4;

function idleErrorsLogged(pool: pg.Pool): pg.Pool {
  pool.on('error', (err) => {
    // An idle client lost its connection: the pool drops it and opens another on demand.
    console.error('[db] idle PostgreSQL client error:', err.message);
  });
  return pool;
}

/**
 * Transactions a chain's COMMIT opened for its next one (TxOptions.chain), by chain. One nobody
 * takes within a second is rolled back and its client returned to the pool: a connection is never
 * left idle in a transaction.
 */
class OpenedTransactions {
  readonly #held = new Map<TxChain, { client: pg.PoolClient; timer: NodeJS.Timeout }>();

  hold(chain: TxChain, client: pg.PoolClient): void {
    const prior = this.take(chain);
    if (prior) void rollbackAndRelease(prior);
    const timer = setTimeout(() => {
      const unused = this.take(chain);
      if (unused) void rollbackAndRelease(unused);
    }, 1000);
    timer.unref();
    this.#held.set(chain, { client, timer });
  }

  take(chain: TxChain): pg.PoolClient | undefined {
    const h = this.#held.get(chain);
    if (!h) return undefined;
    this.#held.delete(chain);
    clearTimeout(h.timer);
    return h.client;
  }

  async releaseAll(): Promise<void> {
    await Promise.all([...this.#held.keys()].flatMap((chain) => this.take(chain) ?? []).map(rollbackAndRelease));
  }
}

/**
 * Rolls back the client's transaction (a failed one, or one nobody used) and returns the client to
 * the pool; a client whose ROLLBACK fails is unusable and is destroyed instead.
 */
async function rollbackAndRelease(client: pg.PoolClient): Promise<void> {
  try {
    await client.query('ROLLBACK');
    client.release();
  } catch (err) {
    console.error('[db] rollback failed:', err);
    client.release(true);
  }
}
