/** GET / and GET /healthz: what this service is, and whether it is up. Neither reads KV. */
import type { Handler } from 'hono';
import type { AppEnv } from '../app-env.ts';

export const index: Handler<AppEnv> = function index(c) {
  return c.json(
    {
      name: 'khabar',
      description: 'Arabic headline API',
      endpoints: {
        headlines: '/v1/headlines{?limit,section}',
        article: '/v1/articles/{slug}',
        health: '/healthz',
        embed: '/embed.js',
        embedManifest: '/embed/manifest.json',
      },
    },
    200,
    { 'Cache-Control': 'public, max-age=3600' },
  );
};

export const health: Handler<AppEnv> = function health(c) {
  return c.json({ status: 'ok' }, 200, { 'Cache-Control': 'no-store' });
};
