import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(__dirname),
      // `server-only` throws outside React Server Components; under vitest the server modules run plainly.
      'server-only': path.resolve(__dirname, 'lib/testing/server-only-stub.ts'),
    },
  },
  test: {
    include: ['{lib,server,components,scripts,bin,deploy}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
