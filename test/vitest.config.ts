/**
 * `npm test` runs two projects: the worker inside workerd with real (Miniflare) KV and Cache API, and the
 * content tools in Node.
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
    ],
  },
});
