/**
 * The khabar edge API. This file wires: middleware order, then routes. Order matters:
 * the access log (when on) sees the final response; security and CORS headers reach every response, errors and 304s
 * included; a host the worker does not serve is refused before anything is built on it; the guard refuses
 * malformed URLs before routing; ETag turns matching GETs into 304s.
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
import { EMBED_PREVIEW_PATH } from '../widget/embed-options.ts';
import { misdirected, servedOrigin } from './http/public-origin.ts';
import { CONFIGURATOR_SCRIPT_PATH } from './pages/configurator-page.ts';
import { PAGES_CSS_PATH } from './pages/page-shell.ts';
import { PARTNER_CSS_PATH } from './pages/preview-pages.ts';
import { requestGuard } from './http/request-guard.ts';
import { articleCard, articlePage } from './routes/article-pages.ts';
import { article } from './routes/articles.ts';
import { configuratorScript, favicon, pagesCss, partnerCss } from './routes/assets.ts';
import { embedFile, latestEmbed } from './routes/embed.ts';
import { headlines } from './routes/headlines.ts';
import { oembed } from './routes/oembed.ts';
import { carouselFragment, carouselFrame } from './routes/carousel-pages.ts';
import { configurator, embedPreview, partnerPage, previewStatus } from './routes/preview-pages.ts';
import { health, index } from './routes/service.ts';
import { partnerCors } from './partners/partner-cors.ts';
import { events } from './routes/events.ts';
import { stats } from './routes/stats.ts';
import { statsPage } from './routes/stats-page.ts';
import { createStore } from './store.ts';
import { ContentStates } from './content-state.ts';
import { contentVersion } from './routes/content-version.ts';

export { LocalEventStore } from './analytics/local-event-store.ts';

/** Headers a browser client may read from a cross-origin response. */
const EXPOSED_HEADERS = ['ETag', 'Cache-Status', 'Age', 'Retry-After', 'Khabar-Version'];

export interface AppOptions extends ResponseCacheOptions {
  /** How the stats reach Analytics Engine's SQL API; default the global fetch. */
  analyticsFetch?: typeof fetch;
}

/** Methods a CORS preflight is told, per path: events are posted (sendBeacon), everything else is read. */
function corsMethods(path: string): string[] {
  return path === '/v1/events' ? ['POST', 'OPTIONS'] : ['GET', 'HEAD', 'OPTIONS'];
}

export function createApp(options: AppOptions = {}): Hono<AppEnv> {
  const cache = createResponseCache(options);
  const states = new ContentStates({ now: options.now ?? Date.now, cache: options.cache ?? (() => caches.default) });
  const app = new Hono<AppEnv>();

  app.use(accessLog());
  app.use(
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      // Pages set their own CSP (html-response.ts): keep it. Framing is each CSP's frame-ancestors, so the
      // oEmbed frames can be framed while everything else says 'none'; X-Frame-Options would say DENY to all.
      overwrite: false,
      xFrameOptions: false,
      // Hono's default (same-origin) would block partner pages that isolate themselves (COEP).
      crossOriginResourcePolicy: 'cross-origin',
    }),
  );
  app.use(
    cors({
      origin: '*',
      allowMethods: (_origin, c) => corsMethods(c.req.path),
      allowHeaders: ['If-None-Match'],
      exposeHeaders: EXPOSED_HEADERS,
      maxAge: 86400,
    }),
  );
  // A partner limited to some sites is answered to the asking origin, not `*` (worker/partners/).
  app.use(partnerCors());
  app.use(async function services(c, next) {
    const config = readConfig(c.env);
    c.set('config', config);
    const requestUrl = new URL(c.req.url);
    const publicOrigin = servedOrigin(config, requestUrl);
    if (publicOrigin === undefined) return misdirected(config, requestUrl);
    c.set('publicOrigin', publicOrigin);
    const links = config.linkOrigin ? { links: { from: config.siteOrigin, to: config.linkOrigin } } : {};
    c.set('store', createStore(c.env.ARTICLES, { cacheTtl: config.kvCacheTtl, timeoutMs: config.kvTimeoutMs, ...links }));
    c.set('contentStates', states);
    await next();
  });
  app.use(requestGuard());
  // Hono's etag drops CORS headers from 304s unless told to keep them; a page's own CSP too, and a browser
  // then applies the app-wide one (frame-ancestors 'none') to the page it revalidated.
  const retainedHeaders = ['age', 'cache-status', 'access-control-allow-origin', 'access-control-expose-headers', 'content-security-policy'];
  app.use(etag({ retainedHeaders: [...RETAINED_304_HEADERS, ...retainedHeaders] }));

  // The API.
  app.get('/v1', index);
  app.get('/healthz', health);
  app.get('/v1/headlines', headlines(cache));
  app.get('/v1/version', contentVersion);
  app.get('/v1/articles/:slug', article(cache));
  app.get('/embed.js', latestEmbed);
  app.get('/embed/:file', embedFile);
  app.get('/oembed', oembed(cache));
  app.post('/v1/events', events(options.now));
  const statsOptions = { ...(options.now && { now: options.now }), ...(options.analyticsFetch && { fetcher: options.analyticsFetch }) };
  app.get('/v1/stats', stats(statsOptions));
  // Pages.
  app.get('/', configurator);
  app.get('/articles/:slug', articlePage(cache));
  app.get('/frames/articles/:slug', articleCard(cache));
  app.get('/fragments/carousel', carouselFragment(cache));
  app.get('/frames/carousel', carouselFrame(cache));
  app.get(EMBED_PREVIEW_PATH, embedPreview(cache));
  app.get('/preview/partner', partnerPage);
  app.get('/preview/status', previewStatus);
  app.on(['GET', 'POST'], '/stats', statsPage(statsOptions));
  // The paths the pages link to, from the pages themselves.
  app.get(PAGES_CSS_PATH, pagesCss);
  app.get(CONFIGURATOR_SCRIPT_PATH, configuratorScript);
  app.get(PARTNER_CSS_PATH, partnerCss);
  app.get('/favicon.ico', favicon);
  // Every other method on those paths is a 405 that says what is allowed.
  const paths = new Set(app.routes.filter((route) => route.method === 'GET' || route.method === 'POST').map((route) => route.path));
  for (const path of paths) app.all(path, methodNotAllowed);

  app.notFound(notFound);
  app.onError(onError);
  return app;
}

const app = createApp();

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
