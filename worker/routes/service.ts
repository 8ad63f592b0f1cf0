/** GET /v1 and GET /healthz: what this API offers, and whether it is up. Neither reads KV. */
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
        oembed: '/oembed{?url,format,maxwidth,maxheight}',
        articlePage: '/articles/{slug}',
        configurator: '/',
        events: 'POST /v1/events',
        stats: '/v1/stats{?partner,from,to}',
        statsPage: '/stats',
      },
    },
    200,
    { 'Cache-Control': 'public, max-age=3600' },
  );
};

export const health: Handler<AppEnv> = function health(c) {
  return c.json({ status: 'ok' }, 200, { 'Cache-Control': 'no-store' });
};
