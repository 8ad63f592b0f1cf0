/**
 * GET /articles/:slug (the readable page) and GET /frames/articles/:slug (the oEmbed card), rendered from the
 * same KV record as /v1/articles/:slug and cached the same way: at most one KV read, stale rules included.
 */
import type { Context, Handler } from 'hono';
import * as v from 'valibot';
import { type Article, Slug, latestChange } from '../../content/schema.ts';
import type { AppEnv } from '../app-env.ts';
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

interface PageKind {
  render: (article: Article, requestUrl: URL, latest: () => Promise<string>) => Promise<string>;
  csp: (requestUrl: URL) => Promise<string>;
}

/** The page's closing carousel: this many of the latest headlines are read, so that six remain without this one. */
const LATEST_READ = 7;

export const articlePage = articleRoute('/articles/:slug', {
  render: async (article, url, latest) =>
    renderArticlePage(
      article,
      {
        page: `${url.origin}${url.pathname}`,
        oembed: `${url.origin}/oembed?${new URLSearchParams({ url: `${url.origin}${url.pathname}`, format: 'json' })}`,
      },
      await latest(),
    ),
  csp: async () => articleCsp(await cspHash(CAROUSEL_STYLE)),
});

export const articleCard = articleRoute('/frames/articles/:slug', {
  render: (article) => renderArticleCard(article),
  csp: async (url) => articleCardCsp(url.origin),
});

function articleRoute<P extends ArticleRoute>(path: P, kind: PageKind) {
  return (cache: ResponseCache): Handler<AppEnv, P> =>
    async function page(c) {
      const config = c.get('config');
      const slug = c.req.param('slug' as never) as string;
      const url = new URL(c.req.url);
      const csp = await kind.csp(url);
      if (!v.is(Slug, slug)) return notFoundPage(c, csp);
      return cache.serve({
        key: cacheKey(url, path.replace(':slug', slug)),
        policy: config.article,
        memory: false,
        waitUntil: (promise) => c.executionCtx.waitUntil(promise),
        load: async () => {
          const lookup = await c.get('store').article(slug);
          if (lookup.status === 'found') {
            const latest = () => latestHeadlines(c, cache, url, lookup.value.slug);
            return htmlResponse(await kind.render(lookup.value, url, latest), { cacheControl: cacheControl(config.article), csp });
          }
          if (lookup.status === 'missing') return notFoundPage(c, csp);
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
async function latestHeadlines(c: Context<AppEnv>, cache: ResponseCache, url: URL, slug: string): Promise<string> {
  const read = await readCarouselList(c, cache, new URL(`/?limit=${LATEST_READ}`, url));
  if (read.kind !== 'render' || !read.carousel.list) return '';
  const items = read.carousel.list.items.filter((item) => item.slug !== slug).slice(0, LATEST_READ - 1);
  if (!items.length) return '';
  return renderCarousel({ origin: url.origin, options: {}, list: { items, updatedAt: latestChange(items) } });
}

async function notFoundPage(c: Context<AppEnv>, csp: string): Promise<Response> {
  const detail = `لم نجد مقالًا في ${new URL(c.req.url).pathname}. ربما سُحب أو تغيّر رابطه.`;
  const page = await renderErrorPage('لا يوجد مقال بهذا العنوان', detail, c.get('config').siteOrigin);
  return htmlResponse(page, { status: 404, cacheControl: 'no-store', csp });
}
