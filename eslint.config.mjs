// Strict lint, and the process boundaries enforced by it (as Signal Desktop does):
// src/shared imports no Electron, Node or DOM; src/renderer no Electron, Node or
// main-process code; src/preload nothing but electron and src/shared.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const noNode = nodeBuiltins.map((name) => ({ name, message: 'Node modules are not allowed in this process.' }));
const noElectron = [{ name: 'electron', message: 'Electron is only for src/main/electron and src/preload.' }];

const NO_SPREAD_ARGUMENT = {
  selector:
    'CallExpression[callee.property.name=/^(push|unshift|splice|max|min|fromCharCode|fromCodePoint)$/] > SpreadElement',
  message: 'A spread argument overflows the stack on big arrays (~120k elements): use a loop (or reduce) instead.',
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'bench/tmp/**',
      'reports/**',
      '.stryker-tmp*/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [...noNode, ...noElectron], patterns: ['**/main/**', '**/renderer/**', '**/preload/**', 'react*'] },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { paths: [...noNode, ...noElectron], patterns: ['**/main/**', '**/preload/**'] },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: noNode, patterns: ['**/main/**', '**/renderer/**'] }],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: {
      // The engine, collectors, CLI and serve run on plain Node: Electron stays in src/main/electron.
      'no-restricted-imports': ['error', { paths: noElectron, patterns: ['**/renderer/**', '**/preload/**'] }],
    },
  },
  {
    // Layering inside src/main (as VS Code's layer rules): the parsers are pure functions of captured text,
    // so they import nothing from the collectors (which run commands and read /proc) or the engine.
    files: ['src/main/parsers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noElectron,
          patterns: [
            { group: ['**/renderer/**', '**/preload/**'], message: 'Main-process code imports no UI code.' },
            { group: ['**/collectors/**', '**/collectors'], message: 'Parsers import nothing from the collectors.' },
            { group: ['**/engine/**', '**/engine'], message: 'Parsers import nothing from the engine.' },
          ],
        },
      ],
    },
  },
  {
    // The Electron adapter and the browser server are two peers over the engine: neither imports the other.
    files: ['src/main/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/renderer/**', '**/preload/**'], message: 'Main-process code imports no UI code.' },
            { group: ['**/serve/**', '**/serve'], message: 'The Electron adapter imports nothing from serve.' },
          ],
        },
      ],
    },
  },
  {
    // Type-aware rules: a promise nobody awaits or handles, a promise where a callback's void is expected,
    // a switch that misses a member of its union, an await of a non-promise.
    files: ['src/**/*.{ts,tsx}', 'test/**/*.ts', 'e2e/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // WHY: every spread argument is a stack slot; `rows.push(...parsed)` or `Math.max(...widths)` throws
    // RangeError above ~120k elements (Node 20), so a big routing table or import took a collector down.
    // Loop, or use a reduce; spread only into array literals. (A later no-restricted-syntax entry for the
    // same files replaces this one: flat config does not merge selectors, so add NO_SPREAD_ARGUMENT to it.)
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-restricted-syntax': ['error', NO_SPREAD_ARGUMENT] },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'test/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.mjs'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-globals': 'off' },
  },
  {
    files: ['bin/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
