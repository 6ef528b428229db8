// Lint gate for Aisle. The import-boundary rules below are the architecture's
// layering (ARCHITECTURE.md "Layout"): they are enforced here, not by hope.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** Import patterns that `shared/` must never use: it runs in the browser and in Node. */
export const sharedForbidden = {
  paths: [
    ...nodeBuiltins.map((name) => ({ name, message: 'shared/ is platform-free: no Node modules.' })),
    { name: 'electron', message: 'shared/ is platform-free: no Electron.' },
    { name: 'react-dom', message: 'shared/ is platform-free: no DOM.' },
  ],
  patterns: [
    { group: ['node:*'], message: 'shared/ is platform-free: no Node modules.' },
    {
      group: ['**/sync-server/**', '**/renderer/**', '**/electron/**'],
      message: 'shared/ may not import platform layers.',
    },
  ],
};

export const rendererForbidden = {
  paths: [
    ...nodeBuiltins.map((name) => ({ name, message: 'renderer/ runs in a browser: no Node modules.' })),
    { name: 'electron', message: 'renderer/ talks to Electron only through the DeviceBridge.' },
  ],
  patterns: [
    { group: ['node:*'], message: 'renderer/ runs in a browser: no Node modules.' },
    { group: ['**/sync-server/**', '**/electron/**'], message: 'renderer/ may not import server or Electron code.' },
  ],
};

export const serverForbidden = {
  paths: [{ name: 'electron', message: 'sync-server/ never imports Electron.' }],
  patterns: [
    { group: ['**/renderer/**', '**/electron/**'], message: 'sync-server/ may not import renderer/ or electron/.' },
  ],
};

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'dist-electron/', 'data/', 'bench-results/', 'coverage/'],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': true, 'ts-ignore': true, 'ts-nocheck': true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    languageOptions: { globals: { ...globals.es2021 } },
    rules: {
      'no-restricted-imports': ['error', sharedForbidden],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'indexedDB', 'process', 'Buffer', 'require', '__dirname'].map(
          (name) => ({ name, message: 'shared/ is platform-free.' }),
        ),
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/**/*.test.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', rendererForbidden] },
  },
  {
    files: ['sync-server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', serverForbidden] },
  },
);
