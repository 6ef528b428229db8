// Server-side prepared statements for the PostgreSQL driver (issue 18). A statement the process
// sends again and again is given a name the second time it is seen: `pg` then parses it once per
// connection and afterwards only binds and executes it, and PostgreSQL keeps its plan (it plans
// the first five executions with their values and then keeps a generic plan when that is no
// dearer: `plan_cache_mode = auto`). Measured on the reservation bench with four server processes
// (docs/warehouse.md, 2026-12-04 07:55 UTC): PostgreSQL's CPU per order −20 %, orders/s +13 %.
// Only statements with parameters are named — a statement that carries its values in its text is
// a different text each time. The names are bounded per process, so SQL built with a varying
// number of placeholders can neither fill PostgreSQL's memory with prepared statements nor this
// map: past `limit` names a new text runs unnamed, as every statement did before. A statement
// that expands `*` is never named: if another process's migration added a column meanwhile (a
// rolling upgrade), PostgreSQL would refuse the prepared one ("cached plan must not change result
// type") where the unnamed one simply returns the new column.

export interface StatementNameOptions {
  /** Texts that get a name, at most (each connection prepares those it runs). */
  limit: number;
  /** A text is named when it is seen this many times. */
  after: number;
  /** Distinct texts counted before the count starts over (keeps one-off texts from piling up). */
  counted: number;
}

const DEFAULTS: StatementNameOptions = { limit: 256, after: 2, counted: 4096 };

/**
 * A result whose columns follow a table's: `RETURNING *`, `t.*`, or `SELECT *` whose first FROM
 * names a table or view (not a subquery or a function with its own column list, such as
 * `jsonb_to_recordset(…) AS r(…)`, whose columns are fixed by the statement itself).
 */
const STAR = /\bRETURNING\s+\*|\w\.\*|\bSELECT\s+(?:DISTINCT\s+)?\*(?:(?!\bFROM\b)[^;])*\bFROM\s+(?!\(|[\w.]+\s*\()/i;

export class StatementNames {
  /** Each text decided on: its name, or null for one that is never named (it expands `*`). */
  readonly #decided = new Map<string, string | null>();
  readonly #seen = new Map<string, number>();
  readonly #options: StatementNameOptions;
  #named = 0;

  constructor(options: Partial<StatementNameOptions> = {}) {
    this.#options = { ...DEFAULTS, ...options };
  }

  /** The name to prepare `sql` under, or undefined to run it unnamed. */
  nameFor(sql: string, paramCount: number): string | undefined {
    const decided = this.#decided.get(sql);
    if (decided !== undefined) return decided ?? undefined;
    if (paramCount === 0 || this.#named >= this.#options.limit) return undefined;
    const seen = (this.#seen.get(sql) ?? 0) + 1;
    if (seen < this.#options.after) {
      if (this.#seen.size >= this.#options.counted) this.#seen.clear();
      this.#seen.set(sql, seen);
      return undefined;
    }
    this.#seen.delete(sql);
    // Decided once per text: the pattern is not run again on every later call of a refused one.
    if (STAR.test(sql)) {
      if (this.#decided.size < this.#options.counted) this.#decided.set(sql, null);
      return undefined;
    }
    const name = `aisle_${++this.#named}`;
    this.#decided.set(sql, name);
    return name;
  }
}
