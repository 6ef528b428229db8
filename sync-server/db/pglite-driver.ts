// Embedded driver: PGlite (PostgreSQL in WASM) stored in a directory. PGlite is one connection,
// so every statement and transaction goes through one promise-queue mutex: a transaction owns
// the connection from BEGIN to COMMIT and nobody else's statement can land inside it.
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { ChangeBus, CommitHooks, copyFromSql, type Db, SentStatements, type SqlParam, type Tx } from './db.ts';

const numberParsers = { 20: (v: string) => Number(v), 1700: (v: string) => Number(v) };

/** Serializes async critical sections in arrival order. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn);
    // The queue continues whether the section succeeded or not; the caller still gets the error.
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

export async function openPglite(dataDir: string | undefined): Promise<Db> {
  // unaccent: the searches' accent folding (aisle_fold, migration 120); pg_trgm: their indexes for
  // a part of a text (migration 124) — as on PostgreSQL's contrib.
  const pglite = await PGlite.create({ ...(dataDir ? { dataDir } : {}), parsers: numberParsers, extensions: { unaccent, pg_trgm } });
  const mutex = new Mutex();
  const bus = new ChangeBus();
  const run = async <T extends object>(sql: string, params: readonly SqlParam[]): Promise<T[]> => {
    const res = await pglite.query<T>(sql, params as SqlParam[]);
    return res.rows;
  };
  return {
    kind: 'pglite',
    bus,
    query<T extends object>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
      return mutex.run(() => run<T>(sql, params));
    },
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return mutex.run(async () => {
        const hooks = new CommitHooks();
        const sent = new SentStatements();
        const tx: Tx = {
          bus,
          afterCommit: (f) => hooks.add(f),
          beforeCommit: (f) => hooks.addBefore(f),
          atCommit: (sql, onRows) => hooks.setCommitQuery(sql, onRows),
          query: run,
          // PGlite runs its statements one after the other in the order they were asked for.
          send: (sql, params, onRows) => sent.track(run(sql, params), onRows),
          async copyFrom(table, columns, csv) {
            // PGlite reads COPY input from a virtual file, '/dev/blob', given with the statement.
            const res = await pglite.query(copyFromSql(table, columns, "'/dev/blob'"), [], { blob: new Blob([csv]) });
            return res.affectedRows ?? 0;
          },
        };
        await pglite.exec('BEGIN');
        let result: T;
        try {
          result = await fn(tx);
          await hooks.runBefore();
          await sent.settle();
          const last = hooks.commitQuery;
          // In process: no round trip to save, the statement and COMMIT one after the other.
          if (last) last.onRows(await run<Record<string, unknown>>(last.sql, []));
          await pglite.exec('COMMIT');
        } catch (err) {
          const cause = await sent.cause(err);
          await pglite.exec('ROLLBACK');
          throw cause;
        }
        hooks.run();
        return result;
      });
    },
    async close(): Promise<void> {
      await mutex.run(() => pglite.close());
    },
  };
}
