// Proves the lint gate really enforces the layer boundaries of ARCHITECTURE.md:
// each forbidden import, linted as if it sat in that layer, must fail.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function lintAs(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('lint import boundaries', () => {
  it('refuses Node modules in shared/', async () => {
    const messages = await lintAs('shared/boundary-probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n");
    expect(messages.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('refuses bare Node builtins and Electron in shared/', async () => {
    const fsMessages = await lintAs('shared/boundary-probe.ts', "import fs from 'fs';\nexport const x = fs;\n");
    const electronMessages = await lintAs('shared/boundary-probe.ts', "import { app } from 'electron';\nexport const x = app;\n");
    expect(fsMessages.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
    expect(electronMessages.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('refuses DOM globals in shared/', async () => {
    const messages = await lintAs('shared/boundary-probe.ts', 'export const w = window.innerWidth;\n');
    expect(messages.some((m) => m.startsWith('no-restricted-globals'))).toBe(true);
  });

  it('refuses electron and node:* in renderer/', async () => {
    const e = await lintAs('renderer/boundary-probe.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n");
    const n = await lintAs('renderer/boundary-probe.ts', "import { join } from 'node:path';\nexport const x = join;\n");
    expect(e.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
    expect(n.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('refuses renderer/ and electron/ imports in sync-server/', async () => {
    const r = await lintAs('sync-server/boundary-probe.ts', "import { x } from '../renderer/app.ts';\nexport const y = x;\n");
    const e = await lintAs('sync-server/boundary-probe.ts', "import { x } from '../electron/main.ts';\nexport const y = x;\n");
    expect(r.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
    expect(e.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('accepts a shared/ module that imports only shared code', async () => {
    const messages = await lintAs('shared/boundary-probe.ts', "import { ZERO_HASH } from './schemas/common.ts';\nexport const x = ZERO_HASH;\n");
    expect(messages).toEqual([]);
  });
});
