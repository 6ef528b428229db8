// Master data kept per process for channel orders (issue 18, docs/warehouse.md "Master data kept
// per process"). Preparing an order reads the channel's routing, the sites, their locations and
// the warehouse policy: ≈ 5 round trips per batch, outside the quant lock but on the path of every
// order. They change when an admin changes them, so a process keeps what it read while the
// `master_data_version` row (migration 112: raised in the same transaction by every statement
// that writes one of MASTER_DATA_TABLES) keeps the value the batch read in its first statement.
// Why that is safe: a change commits together with its new version, so a batch that read the old
// version began before the change committed and may see the old rows, as it would have read them
// itself a moment earlier; every batch that begins after the commit reads the new version and the
// tables again. Only statements that cannot read anything else are kept (readsOnlyMasterData).
import type { SqlParam } from '../db/db.ts';

/** The tables order preparation reads, each with a statement trigger in migration 112. */
export const MASTER_DATA_TABLES: ReadonlySet<string> = new Set([
  'sites', 'locations', 'warehouse_config', 'warehouse_policy', 'channels', 'channel_route_sites', 'channel_buffers',
]);

/** Read with the batch's first statement (order-batch-admit.ts readSeen). */
export const MASTER_DATA_VERSION_SQL = '(SELECT v FROM master_data_version)';

const VOLATILE = /\b(now|current_date|current_time|current_timestamp|localtime|localtimestamp|clock_timestamp|statement_timestamp|transaction_timestamp|timeofday|random|nextval|currval|setval|gen_random_uuid|txid_current|pg_current_xact_id|current_setting|current_user|session_user)\b/i;
const TABLE = /\b(?:from|join)\s+([a-z_][a-z0-9_.]*)/gi;
/** `FROM a x, b y`: a second table after a comma, which TABLE would not see. */
const COMMA_JOIN = /\bfrom\s+[a-z_][a-z0-9_.]*(?:\s+(?:as\s+)?(?!where\b|join\b|left\b|right\b|inner\b|full\b|cross\b|order\b|group\b|limit\b|union\b|on\b)[a-z_][a-z0-9_]*)?\s*,/i;

/** A SELECT that takes no row lock: what a batch may read once and answer again (order-batch-admit.ts cachedReads). */
export function isPlainSelect(sql: string): boolean {
  return /^\s*\(?\s*select\b/i.test(sql) && !/\bfor\s+(update|share|no\s+key\s+update|key\s+share)\b/i.test(sql);
}

/**
 * True when `sql` is a plain SELECT that reads only MASTER_DATA_TABLES and calls nothing volatile:
 * its answer depends on its parameters and those tables alone. Conservative: anything it cannot
 * read (a subquery in FROM, a CTE, a function in FROM, a comma join) is not master data.
 */
export function readsOnlyMasterData(sql: string): boolean {
  const text = sql.replace(/'(?:[^']|'')*'/g, "''");
  if (!isPlainSelect(text) || VOLATILE.test(text) || COMMA_JOIN.test(text) || /\bwith\b/i.test(text)) return false;
  const tables = [...text.matchAll(TABLE)].map((m) => (m[1] ?? '').toLowerCase());
  return tables.length > 0 && tables.every((t) => MASTER_DATA_TABLES.has(t));
}

/** readsOnlyMasterData per statement text: the texts are the code's own, so there are few, and each is asked every batch. */
const verdicts = new Map<string, boolean>();
function isMasterData(sql: string): boolean {
  let v = verdicts.get(sql);
  if (v === undefined) {
    v = readsOnlyMasterData(sql);
    verdicts.set(sql, v);
  }
  return v;
}

/** Rows read once per store, text and parameters. */
export type ReadStore = Map<string, Promise<object[]>>;

/** Versions kept at once: a process meets at most a few while a change commits. */
const KEPT_VERSIONS = 4;
const byVersion = new Map<string, ReadStore>();

/**
 * Where a plain read of a batch is kept: the process's store of master data at `version` when
 * the statement reads only master data, else `batch` (the batch's own, gone with it).
 */
export function storeFor(sql: string, version: string | null, batch: ReadStore): ReadStore {
  if (version === null || !isMasterData(sql)) return batch;
  let store = byVersion.get(version);
  if (!store) {
    store = new Map();
    byVersion.set(version, store);
    for (const old of byVersion.keys()) if (byVersion.size > KEPT_VERSIONS) byVersion.delete(old);
  }
  return store;
}

/** The rows of `sql` with `params` in `store`, read by `read` the first time; a failed read is not kept. */
export function readOnce<R extends object>(store: ReadStore, sql: string, params: readonly SqlParam[], read: () => Promise<R[]>): Promise<R[]> {
  const key = `${sql}\u0000${JSON.stringify(params)}`;
  let rows = store.get(key);
  if (!rows) {
    rows = read();
    store.set(key, rows);
    rows.catch(() => store.delete(key));
  }
  return rows as Promise<R[]>;
}
