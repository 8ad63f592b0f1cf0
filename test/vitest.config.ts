/**
 * `npm test` runs three projects: the worker inside workerd with real (Miniflare) KV and Cache API, the
 * content tools in Node, and end-to-end runs of the real commands.
 */
import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  test: {
    root,
    // The worker's access log is one line per request: useful in production, noise in a test run.
    onConsoleLog: (log) => !log.startsWith('{"method":'),
    projects: [
      {
        plugins: [cloudflareTest({ wrangler: { configPath: `${root}wrangler.toml` } })],
        test: { name: 'worker', root, include: ['test/worker/**/*.test.ts'] },
      },
      {
        test: { name: 'content', root, environment: 'node', include: ['test/content/**/*.test.ts'], testTimeout: 60_000 },
      },
      {
        test: { name: 'e2e', root, environment: 'node', include: ['test/e2e/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 60_000 },
      },
    ],
  },
});
