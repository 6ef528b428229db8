// `npm run bench`: runs every tests/bench/*.bench.ts module (or those named on the command
// line: `npm run bench -- sync`), prints a table and writes bench-results/<name>.json.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BenchRow, isBenchModule } from './registry.ts';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', '..', 'bench-results');

function table(name: string, rows: readonly BenchRow[]): string {
  const lines = rows.map((r) => [r.metric, formatValue(r.value), r.unit, r.note ?? '']);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...lines.map((l) => (l[i] ?? '').length), ['metric', 'value', 'unit', 'note'][i]?.length ?? 0));
  const fmt = (cells: string[]): string => cells.map((c, i) => (i === 1 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  return [`== ${name}`, fmt(['metric', 'value', 'unit', 'note']), ...lines.map(fmt)].join('\n');
}

function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1);
}

const only = process.argv.slice(2);
// `<name>.bench.ts` exports `name`; filtering by file name avoids importing unrelated benches.
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.includes(f.slice(0, -'.bench.ts'.length)))
  .sort();
let failed = false;
for (const file of files) {
  try {
    const mod: unknown = await import(pathToFileURL(join(here, file)).href);
    if (!isBenchModule(mod)) throw new TypeError(`${file} does not export name and run()`);
    const rows = await mod.run();
    console.log(table(mod.name, rows));
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, `${mod.name}.json`), JSON.stringify({ name: mod.name, at: new Date().toISOString(), rows }, null, 2) + '\n');
  } catch (err) {
    console.error(`bench ${file} failed:`, err);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
