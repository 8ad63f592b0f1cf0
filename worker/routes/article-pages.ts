/**
 * GET /articles/:slug (the readable page) and GET /frames/articles/:slug (the oEmbed card), rendered from the
 * same KV record as /v1/articles/:slug and cached the same way: at most one KV read, stale rules included.
 */
import type { Context, Handler } from 'hono';
import * as v from 'valibot';
import { type Article, Slug, latestChange } from '../../content/schema.ts';
import type { AppEnv } from '../app-env.ts';
import { contentState } from '../content-state.ts';
import { cacheKey } from '../cache/cache-key.ts';
import type { ResponseCache } from '../cache/response-cache.ts';
import { cacheControl } from '../config.ts';
import { htmlResponse } from '../http/html-response.ts';
import { renderArticleCard } from '../pages/article-card.ts';
import { renderArticlePage } from '../pages/article-page.ts';
import { renderErrorPage } from '../pages/error-page.ts';
import { articleCardCsp, articleCsp } from '../pages/page-csp.ts';
import { cspHash } from '../http/csp-hash.ts';
import { CAROUSEL_STYLE, renderCarousel } from '../render/carousel-html.ts';
import { readCarouselList } from './carousel-list.ts';
import { RETRY_AFTER_SECONDS } from './lookup-problem.ts';

type ArticleRoute = '/articles/:slug' | '/frames/articles/:slug';

/** What a page is built from: the configured origin and the normalized path, never the URL as requested. */
interface PageAddress {
  /** The worker's origin this request was checked against (`publicOrigin`). */
  origin: string;
  /** The route's path with the validated slug: one spelling, whatever encoding was asked. */
  path: string;
}

interface PageKind {
  render: (article: Article, address: PageAddress, latest: () => Promise<string>) => Promise<string>;
  csp: (origin: string) => Promise<string>;
}

/** The page's closing carousel: this many of the latest headlines are read, so that six remain without this one. */
const LATEST_READ = 7;

export const articlePage = articleRoute('/articles/:slug', {
  render: async (article, { origin, path }, latest) =>
    renderArticlePage(
      article,
      {
        page: `${origin}${path}`,
        oembed: `${origin}/oembed?${new URLSearchParams({ url: `${origin}${path}`, format: 'json' })}`,
      },
      await latest(),
    ),
  csp: async () => articleCsp(await cspHash(CAROUSEL_STYLE)),
});

export const articleCard = articleRoute('/frames/articles/:slug', {
  render: (article) => renderArticleCard(article),
  csp: async (origin) => articleCardCsp(origin),
});

function articleRoute<P extends ArticleRoute>(path: P, kind: PageKind) {
  return (cache: ResponseCache): Handler<AppEnv, P> =>
    async function page(c) {
      const config = c.get('config');
      const origin = c.get('publicOrigin');
      const slug = c.req.param('slug' as never) as string;
      const csp = await kind.csp(origin);
      if (!v.is(Slug, slug)) return notFoundPage(c, csp, new URL(c.req.url).pathname);
      // Everything stored under this key is built from `address` and KV: a request spelled `/articles/%74…`
      // must not leave its spelling in the page every later reader of `/articles/t…` gets.
      const address: PageAddress = { origin, path: path.replace(':slug', slug) };
      return cache.serve({
        key: cacheKey(origin, address.path),
        version: (await contentState(c)).version,
        policy: config.article,
        memory: false,
        waitUntil: (promise) => c.executionCtx.waitUntil(promise),
        load: async () => {
          const lookup = await c.get('store').article(slug);
          if (lookup.status === 'found') {
            const latest = () => latestHeadlines(c, cache, origin, lookup.value.slug);
            return htmlResponse(await kind.render(lookup.value, address, latest), { cacheControl: cacheControl(config.article), csp });
          }
          if (lookup.status === 'missing') return notFoundPage(c, csp, address.path);
          const page = await renderErrorPage('تعذّر عرض المقال الآن', 'حاول مرة أخرى بعد قليل.', config.siteOrigin);
          const response = await htmlResponse(page, { status: 503, cacheControl: 'no-store', csp });
          response.headers.set('Retry-After', String(RETRY_AFTER_SECONDS));
          return response;
        },
      });
    };
}

/**
 * «أحدث العناوين» at the end of an article page: the latest other headlines, server-rendered and static (article
 * pages run no script), from the same cached list as the API; nothing when that list cannot be read.
 */
async function latestHeadlines(c: Context<AppEnv>, cache: ResponseCache, origin: string, slug: string): Promise<string> {
  const read = await readCarouselList(c, cache, new URL(`/?limit=${LATEST_READ}`, origin));
  if (read.kind !== 'render' || !read.carousel.list) return '';
  const items = read.carousel.list.items.filter((item) => item.slug !== slug).slice(0, LATEST_READ - 1);
  if (!items.length) return '';
  return renderCarousel({ origin, options: {}, list: { items, updatedAt: latestChange(items) } });
}

async function notFoundPage(c: Context<AppEnv>, csp: string, path: string): Promise<Response> {
  const detail = `لم نجد مقالًا في ${path}. ربما سُحب أو تغيّر رابطه.`;
  const page = await renderErrorPage('لا يوجد مقال بهذا العنوان', detail, c.get('config').siteOrigin);
  return htmlResponse(page, { status: 404, cacheControl: 'no-store', csp });
}
