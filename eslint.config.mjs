import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import lockstep from './scripts/eslint/no-import-cycle.mjs';

// Dependency direction (house-style.md): lib is pure; components never import server; nothing imports app;
// wire types stay in server/hubble.
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ['.next/**', 'dist/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
  {
    files: ['lib/**/*.{ts,tsx}'],
    rules: restrict([
      { group: ['@/server/*', '@/app/*', '@/components/*', '**/server/**', '**/app/**', '**/components/**'], message: 'lib/ is pure domain logic.' },
      { group: ['react', 'react-dom', 'next', 'next/*', 'node:*', 'fs', 'path', 'child_process', 'net', 'http'], message: 'lib/ does no I/O and no UI.' },
    ]),
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: restrict([{ group: ['@/server/*', '**/server/**', '@/app/*'], message: 'components/ may import lib/, never server/.' }]),
  },
  {
    files: ['server/**/*.ts'],
    rules: restrict([{ group: ['@/app/*', '@/components/*', '**/app/**', '**/components/**'], message: 'server/ never imports app/ or components/.' }]),
  },
  {
    files: ['server/**/*.ts'],
    // Wire types and gRPC stay in the Hubble adapter and the demo relay; the composition root wires the demo relay in.
    ignores: ['server/hubble/**', 'server/demo-relay/**', 'server/container.ts'],
    rules: restrict([
      { group: ['@/app/*', '@/components/*', '**/app/**', '**/components/**'], message: 'server/ never imports app/ or components/.' },
      { group: ['@grpc/*', '**/hubble/proto', '**/demo-relay/*'], message: 'Wire types and gRPC stay in server/hubble/ and server/demo-relay/.' },
    ]),
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', '**/testdata/**', 'lib/testing/**', 'e2e/**', 'bench/**', 'scripts/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['e2e/**/*.spec.ts'],
    // Every spec fails on console errors: its `test` comes from the shared fixture.
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: '@playwright/test', importNames: ['test'], message: "Import { test, expect } from './console-guard'." }] }] },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Replaces import/no-cycle, which does not see `import type` (scripts/eslint/import-graph.mjs).
    files: ['{app,components,lib,server}/**/*.{ts,tsx}'],
    plugins: { lockstep },
    rules: { 'lockstep/no-import-cycle': 'error' },
  },
];

export default config;
