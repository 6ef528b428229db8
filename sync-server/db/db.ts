// The database seam: one small interface, two drivers (PostgreSQL via `pg`, embedded PGlite).
// Everything above this layer writes plain PostgreSQL and never knows which driver runs it.
import { EventEmitter } from 'node:events';

export type DbKind = 'pglite' | 'postgres';
export type SqlParam = string | number | boolean | null | Date | string[] | number[];

export interface Queryable {
  query<T extends object = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
}

/** A transaction. Use only `tx.query` inside `db.transaction(fn)`: on PGlite a call to `db.query` would wait forever for the lock. */
export interface Tx extends Queryable {
  /** Runs after COMMIT succeeds (never after a rollback): used to send change-feed hints. */
  afterCommit(fn: () => void): void;
  /** Runs right before COMMIT, in the order added (the change feed numbers its pending rows here: feed/publish.ts). */
  beforeCommit(fn: () => Promise<void>): void;
  /**
   * One statement without parameters, run after the beforeCommit hooks and sent with COMMIT in the
   * same round trip where the driver can (PostgreSQL: one simple query `…; COMMIT`); its rows go to
   * `onRows` before COMMIT's result is known, the afterCommit hooks run after. The change feed takes
   * its position here (feed/publish.ts numberAtCommit): a transaction's feed position and commit
   * cost one round trip, and the locks it holds are released one round trip sooner.
   */
  atCommit(sql: string, onRows: (rows: Record<string, unknown>[]) => void): void;
  /**
   * A statement whose answer the transaction does not wait for: sent at once on a pipelined
   * transaction (TxOptions.pipeline; otherwise right after the statements before it), its rows go to
   * `onRows` when they arrive, always before COMMIT's result. COMMIT checks it: if it failed, the
   * transaction fails with its error and nothing is committed. Statements sent or queried after it
   * run after it and see its writes. For the last writes of a hot transaction (the order batch's
   * rows and documents, sent with COMMIT in one round trip instead of three).
   */
  send(sql: string, params: readonly SqlParam[], onRows?: (rows: Record<string, unknown>[]) => void): void;
  readonly bus: ChangeBus;
  /**
   * `COPY table (columns) FROM` the given CSV text (no header), the bulk load path of both drivers
   * (imports into a staging table, the admin bench's raw baseline). Returns the rows copied.
   * `table` and `columns` are SQL identifiers written by the caller, never user input.
   */
  copyFrom(table: string, columns: readonly string[], csv: string): Promise<number>;
}

/** The COPY statement of `Tx.copyFrom`, reading from `source` (STDIN, or PGlite's '/dev/blob'). */
export function copyFromSql(table: string, columns: readonly string[], source: string): string {
  return `COPY ${table} (${columns.join(', ')}) FROM ${source} WITH (FORMAT csv)`;
}

/** How a transaction is run. */
export interface TxOptions {
  /**
   * Plan its prepared statements once, without their values (PostgreSQL `SET LOCAL
   * plan_cache_mode = force_generic_plan`, sent with BEGIN). For a hot transaction whose
   * statements look rows up by key, where re-planning each run with its values costs more than it
   * ever saves (the order batch: docs/warehouse.md). Not for statements whose best plan depends on
   * their values (`$1 IS NULL OR …` filters, ranges). PGlite names no statements: it ignores this.
   */
  genericPlans?: boolean;
  /**
   * Transactions that run back to back (the order batcher's): when `more()` says another one is
   * waiting at COMMIT, the COMMIT opens the next transaction of the same chain in its round trip,
   * as this one was opened (its `genericPlans`): a chain's transactions share their options.
   * PGlite has no round trips: it ignores this.
   */
  chain?: TxChain;
  /**
   * Send statements without waiting for the one before to answer (PostgreSQL pipeline mode, on a
   * pool of its own): what `Tx.send` sends goes out at once, so a transaction's last writes and its
   * COMMIT share one round trip. Such a transaction cannot `copyFrom` (pg-copy-streams holds the
   * connection across round trips). PGlite has no round trips: it ignores this.
   */
  pipeline?: boolean;
}

/** See TxOptions.chain. */
export interface TxChain {
  more(): boolean;
}

export interface Db extends Queryable {
  readonly kind: DbKind;
  readonly bus: ChangeBus;
  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TxOptions): Promise<T>;
  close(): Promise<void>;
}

/** A committed change to the replicated feed: `seq` is the highest change_seq written for (collection, scope). */
export interface ChangeHint {
  collection: string;
  scope: string;
  seq: number;
}

/** What a stream listener receives: a committed change, or RESYNC (hints may have been missed: pull from your checkpoint). */
export type BusMessage = ChangeHint | 'RESYNC';

/**
 * Fan-out of committed feed changes to this process's SSE streams. On PostgreSQL the driver also
 * relays them to and from every other server process on the same database (LISTEN/NOTIFY,
 * `pg-notify-relay.ts`); `deliver` is the way in for changes another process committed.
 */
export class ChangeBus {
  readonly #emitter = new EventEmitter();
  #outbound: ((hint: ChangeHint) => void) | null = null;
  constructor() {
    this.#emitter.setMaxListeners(0);
  }
  /** A change committed by this process: to local listeners, and to the other processes when relayed. */
  emit(hint: ChangeHint): void {
    this.#emitter.emit('change', hint);
    this.#outbound?.(hint);
  }
  /** A change committed by another process (local listeners only). */
  deliver(message: BusMessage): void {
    this.#emitter.emit('change', message);
  }
  /** Sends this process's changes to other processes too. */
  relayTo(send: ((hint: ChangeHint) => void) | null): void {
    this.#outbound = send;
  }
  subscribe(fn: (message: BusMessage) => void): () => void {
    this.#emitter.on('change', fn);
    return () => this.#emitter.off('change', fn);
  }
}

export class DbError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DbError';
    this.code = code;
  }
}

/**
 * `tx` with another `query` (a cache of reads, a test's gate or log); everything else is `tx`'s own.
 */
export function withQuery(tx: Tx, query: Tx['query']): Tx {
  return {
    bus: tx.bus,
    afterCommit: (f) => tx.afterCommit(f),
    beforeCommit: (f) => tx.beforeCommit(f),
    atCommit: (sql, onRows) => tx.atCommit(sql, onRows),
    send: (sql, params, onRows) => tx.send(sql, params, onRows),
    copyFrom: (table, columns, csv) => tx.copyFrom(table, columns, csv),
    query,
  };
}

/** Collects after-commit callbacks for one transaction and runs them once it committed. */
export class CommitHooks {
  readonly #fns: (() => void)[] = [];
  readonly #before: (() => Promise<void>)[] = [];
  add(fn: () => void): void {
    this.#fns.push(fn);
  }
  addBefore(fn: () => Promise<void>): void {
    this.#before.push(fn);
  }
  #commitQuery: { sql: string; onRows: (rows: Record<string, unknown>[]) => void } | null = null;
  setCommitQuery(sql: string, onRows: (rows: Record<string, unknown>[]) => void): void {
    if (this.#commitQuery) throw new Error('a transaction has one statement sent with its COMMIT');
    this.#commitQuery = { sql, onRows };
  }
  /** The statement to send with COMMIT (Tx.atCommit), if any. */
  get commitQuery(): { sql: string; onRows: (rows: Record<string, unknown>[]) => void } | null {
    return this.#commitQuery;
  }
  /** The before-commit work, in order (a hook may add another: it runs too). */
  async runBefore(): Promise<void> {
    for (let i = 0; i < this.#before.length; i++) await this.#before[i]?.();
  }
  run(): void {
    for (const fn of this.#fns) fn();
  }
}

/**
 * The statements a transaction sent without waiting (Tx.send): their answers are checked at
 * COMMIT, and a failure among them is the transaction's error.
 */
export class SentStatements {
  readonly #sent: Promise<unknown>[] = [];
  readonly #failures: unknown[] = [];

  /** Tracks a sent statement's answer; its rows go to `onRows`. */
  track(answer: Promise<Record<string, unknown>[]>, onRows?: (rows: Record<string, unknown>[]) => void): void {
    this.#sent.push(answer.then(
      (rows) => onRows?.(rows),
      (err: unknown) => void this.#failures.push(err),
    ));
  }

  /** Waits for every sent statement; throws the first one's error if any failed. */
  async settle(): Promise<void> {
    await Promise.all(this.#sent);
    if (this.#failures.length > 0) throw this.#failures[0];
  }

  /**
   * The error a failed transaction reports: a sent statement's own failure rather than the
   * "transaction is aborted" (25P02) of a statement behind it — a deadlock must be seen as one to be
   * retried.
   */
  async cause(err: unknown): Promise<unknown> {
    await Promise.all(this.#sent);
    if (pgErrorCode(err) !== ABORTED) return err;
    return this.#failures.find((f) => pgErrorCode(f) !== ABORTED) ?? err;
  }
}

/** in_failed_sql_transaction: a statement behind one that failed. */
const ABORTED = '25P02';

/** PostgreSQL error code of a driver error (both drivers expose `code`), or undefined. */
export function pgErrorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}
