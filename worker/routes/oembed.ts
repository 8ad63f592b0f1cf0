/**
 * GET /oembed?url=&format=json&maxwidth=&maxheight=: lets a CMS that is handed one of our URLs embed it.
 * An article URL (ours or its canonical one) becomes an article card, a configurator URL a carousel. Errors
 * are problems: 400 for a bad query, 404 for a URL that is not ours (or an embed that cannot fit), 501 for
 * any format but JSON. Article answers are cached like articles, once per article URL whatever the size asked
 * (oembed-card.ts): at most two KV reads on a miss. A URL that is not ours is a 404 kept briefly too.
 */
import type { Handler } from 'hono';
import * as v from 'valibot';
import type { Article } from '../../content/schema.ts';
import { optionsQuery } from '../../widget/embed-options.ts';
import type { AppEnv } from '../app-env.ts';
import { contentState } from '../content-state.ts';
import { cacheKey } from '../cache/cache-key.ts';
import type { ResponseCache } from '../cache/response-cache.ts';
import { cacheControl } from '../config.ts';
import { jsonResponse } from '../http/json-response.ts';
import { ProblemType, problemResponse } from '../http/problem.ts';
import { ARTICLE_FRAME, CAROUSEL_FRAME, fit, richResponse } from '../oembed/oembed-response.ts';
import { OembedCard, toOembedCard } from '../oembed/oembed-card.ts';
import { oembedTarget } from '../oembed/oembed-target.ts';
import type { Lookup } from '../store.ts';
import { lookupProblem } from './lookup-problem.ts';
import { parseOembedQuery } from './oembed-query.ts';

export function oembed(cache: ResponseCache): Handler<AppEnv> {
  return async function oembed(c) {
    const config = c.get('config');
    const origin = c.get('publicOrigin');
    const parsed = parseOembedQuery(new URL(c.req.url));
    if (!parsed.ok) {
      return problemResponse(config.siteOrigin, ProblemType.INVALID_REQUEST, { detail: 'The oEmbed query is not valid.', errors: parsed.errors });
    }
    const { url, format, maxwidth, maxheight } = parsed.query;
    if (format !== 'json') {
      return problemResponse(config.siteOrigin, ProblemType.NOT_IMPLEMENTED, {
        detail: `Only format=json is offered; format=${format} is not.`,
      });
    }
    const workerHosts = config.publicOrigins.map((served) => new URL(served).host);
    const target = oembedTarget(url, { worker: workerHosts, site: new URL(config.siteOrigin).host });
    const size = fit(target.kind === 'carousel' ? CAROUSEL_FRAME : ARTICLE_FRAME, maxwidth, maxheight);
    if (!size.ok) return problemResponse(config.siteOrigin, ProblemType.CANNOT_FIT, { detail: size.reason });
    const common = { size: size.size, providerUrl: config.siteOrigin, maxwidth, maxheight };

    if (target.kind === 'carousel') {
      const query = optionsQuery(target.options);
      const body = await richResponse({
        ...common,
        frameUrl: `${origin}/frames/carousel${query ? `?${query}` : ''}`,
        title: target.options.section ? `أحدث العناوين: ${target.options.section}` : 'أحدث العناوين',
        cacheAge: config.headlines.maxAge,
      });
      return jsonResponse(body, cacheControl(config.headlines));
    }

    // Keyed on the article alone: maxwidth and maxheight only shape the answer rendered below.
    const params = new URLSearchParams({ url: target.kind === 'article' ? `/articles/${target.slug}` : target.url });
    const cached = await cache.serve({
      key: cacheKey(origin, '/oembed/card', params),
      version: (await contentState(c)).version,
      policy: config.article,
      memory: false,
      waitUntil: (promise) => c.executionCtx.waitUntil(promise),
      load: async () => {
        const store = c.get('store');
        let slug: Lookup<string>;
        if (target.kind === 'article') {
          slug = { status: 'found', value: target.slug };
        } else {
          const indexed = await store.canonical(target.url);
          slug = indexed.status === 'found' ? { status: 'found', value: indexed.value.slug } : indexed;
        }
        // Cached as it is (briefly): it names the URL as keyed, not as this request spelled it.
        const notOurs = target.kind === 'article' ? `There is no article "${target.slug}".` : `${target.url} is not a khabar article or carousel URL.`;
        if (slug.status !== 'found') return lookupProblem(config.siteOrigin, slug, notOurs);
        const article: Lookup<Article> = await store.article(slug.value);
        if (article.status !== 'found') return lookupProblem(config.siteOrigin, article, notOurs);
        return jsonResponse(toOembedCard(article.value), cacheControl(config.article));
      },
    });
    if (cached.status !== 200) return cached;

    const card = v.parse(OembedCard, await cached.json());
    const body = await richResponse({
      ...common,
      frameUrl: `${origin}/frames/articles/${card.slug}`,
      title: card.title,
      cacheAge: config.article.maxAge,
      article: card,
    });
    const response = await jsonResponse(body, cacheControl(config.article));
    for (const name of ['Age', 'Cache-Status']) {
      const value = cached.headers.get(name);
      if (value !== null) response.headers.set(name, value);
    }
    return response;
  };
}
