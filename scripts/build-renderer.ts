// Builds the renderer SPA into dist/renderer/ with Vite's programmatic API, unless the build is
// already newer than every source file it depends on (renderer/, shared/, vite.config.ts).
// Used by `npm start` and the end-to-end tests; run directly with `tsx scripts/build-renderer.ts`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const outIndex = join(repoRoot, 'dist', 'renderer', 'index.html');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.endsWith('.test.ts') || entry.endsWith('.test.tsx')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when dist/renderer/ is older than any source it is built from. */
export function rendererBuildIsStale(): boolean {
  if (!existsSync(outIndex)) return true;
  const built = statSync(outIndex).mtimeMs;
  const sources = ['renderer', 'shared', 'vite.config.ts', 'package-lock.json'].map((p) => join(repoRoot, p));
  return sources.some((p) => existsSync(p) && newestMtime(p) > built);
}

/** Builds dist/renderer/ when stale; returns its absolute path. */
export async function buildRenderer(options: { force?: boolean; quiet?: boolean } = {}): Promise<string> {
  const outDir = join(repoRoot, 'dist', 'renderer');
  if (!options.force && !rendererBuildIsStale()) return outDir;
  await build({
    configFile: join(repoRoot, 'vite.config.ts'),
    logLevel: options.quiet ? 'warn' : 'info',
  });
  return outDir;
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const outDir = await buildRenderer({ force: process.argv.includes('--force') });
  console.log(`renderer built in ${outDir}`);
}
