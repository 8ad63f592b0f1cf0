/**
 * The khabar edge API. This file wires: middleware order, then routes. Order matters:
 * the access log sees the final response; security and CORS headers reach every response, errors and 304s
 * included; the guard refuses malformed URLs before routing; ETag turns matching GETs into 304s.
 */
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { RETAINED_304_HEADERS, etag } from 'hono/etag';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './app-env.ts';
import { type ResponseCacheOptions, createResponseCache } from './cache/response-cache.ts';
import { readConfig } from './config.ts';
import { accessLog } from './http/access-log.ts';
import { methodNotAllowed, notFound, onError } from './http/errors.ts';
import { requestGuard } from './http/request-guard.ts';
import { article } from './routes/articles.ts';
import { embedFile, latestEmbed } from './routes/embed.ts';
import { headlines } from './routes/headlines.ts';
import { health, index } from './routes/service.ts';
import { createStore } from './store.ts';

/** Headers a browser client may read from a cross-origin response. */
const EXPOSED_HEADERS = ['ETag', 'Cache-Status', 'Age', 'Retry-After'];

export function createApp(options: ResponseCacheOptions = {}): Hono<AppEnv> {
  const cache = createResponseCache(options);
  const app = new Hono<AppEnv>();

  app.use(accessLog());
  app.use(
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      xFrameOptions: 'DENY',
      // Hono's default (same-origin) would block partner pages that isolate themselves (COEP).
      crossOriginResourcePolicy: 'cross-origin',
    }),
  );
  app.use(
    cors({
      origin: '*',
      allowMethods: ['GET', 'HEAD', 'OPTIONS'],
      allowHeaders: ['If-None-Match'],
      exposeHeaders: EXPOSED_HEADERS,
      maxAge: 86400,
    }),
  );
  app.use(async function services(c, next) {
    const config = readConfig(c.env);
    c.set('config', config);
    c.set('store', createStore(c.env.ARTICLES, { cacheTtl: config.kvCacheTtl, timeoutMs: config.kvTimeoutMs }));
    await next();
  });
  app.use(requestGuard());
  // Hono's etag drops CORS headers from 304s unless told to keep them.
  const retainedHeaders = ['age', 'cache-status', 'access-control-allow-origin', 'access-control-expose-headers'];
  app.use(etag({ retainedHeaders: [...RETAINED_304_HEADERS, ...retainedHeaders] }));

  app.get('/', index);
  app.get('/healthz', health);
  app.get('/v1/headlines', headlines(cache));
  app.get('/v1/articles/:slug', article(cache));
  app.get('/embed.js', latestEmbed);
  app.get('/embed/:file', embedFile);
  for (const path of ['/', '/healthz', '/v1/headlines', '/v1/articles/:slug', '/embed.js', '/embed/:file']) {
    app.all(path, methodNotAllowed);
  }

  app.notFound(notFound);
  app.onError(onError);
  return app;
}

const app = createApp();

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
