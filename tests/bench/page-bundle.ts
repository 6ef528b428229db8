// Bundles a bench's in-page helpers (tests/bench/*-page.ts) into one IIFE script, its imports
// included, for injection into the till page.
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';

export async function bundlePageScript(entryUrl: URL): Promise<string> {
  const entry = fileURLToPath(entryUrl);
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    build: { write: false, minify: false, lib: { entry, formats: ['iife'], name: 'aisleBenchPage', fileName: () => 'bench.js' } },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('bench page bundle produced no chunk');
  return chunk.code;
}
