// The bench module contract: each `tests/bench/*.bench.ts` exports `name` and `run()`, returning
// rows for the printed table and the JSON file `bench-results/<name>.json`.

export interface BenchRow {
  metric: string;
  value: number;
  unit: string;
  /** Target or context, e.g. "≤ 20 s". */
  note?: string;
}

export interface BenchModule {
  name: string;
  run(): Promise<BenchRow[]>;
}

export function isBenchModule(m: unknown): m is BenchModule {
  return typeof m === 'object' && m !== null && 'name' in m && typeof m.name === 'string' && 'run' in m && typeof m.run === 'function';
}
