/**
 * `npm test` runs six projects: the worker inside workerd with real (Miniflare) KV and Cache API, the
 * content tools in Node, the built embed's bytes, the benchmark's statistics and report check (not the benchmark),
 * end-to-end runs of the real commands (npm start, partner pages in Chromium), and the widget in Chromium.
 */
import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { commands } from './widget/server/commands.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  test: {
    root,
    // The worker's request log (LOG_REQUESTS=true, off in wrangler.toml) would be noise in a test run.
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
        // The built embed as shipped: its size budget, classic-script form, types and manifest.
        test: { name: 'embed', root, environment: 'node', include: ['test/embed/**/*.test.ts'], testTimeout: 60_000 },
      },
      {
        // The benchmark's own logic (statistics, the report's completeness check); `npm run bench` itself is not run.
        test: { name: 'bench', root, environment: 'node', include: ['test/bench/**/*.test.ts'] },
      },
      {
        test: { name: 'e2e', root, environment: 'node', include: ['test/e2e/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 60_000 },
      },
      {
        // <khabar-carousel> in Debian's Chromium (never a downloaded browser; --no-sandbox because CI runs as
        // root), talking to a scripted headline API that the global setup starts.
        test: {
          name: 'widget',
          root,
          include: ['test/widget/**/*.test.ts'],
          globalSetup: ['test/widget/server/global-setup.ts'],
          testTimeout: 15_000,
          // Most of these tests wait (on rotation periods, a slow API): four pages at once fit two cores.
          maxWorkers: 4,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] } }),
            instances: [{ browser: 'chromium' }],
            // Wide enough for about three cards, so some slides are in view and some are not.
            viewport: { width: 900, height: 700 },
            commands,
            screenshotFailures: false,
          },
        },
      },
    ],
  },
});
