/** The headline list a server-rendered carousel shows, read through the same cache entry as GET /v1/headlines. */
import type { Context } from 'hono';
import type { HeadlineList } from '../../content/schema.ts';
import { OPTION_RULES } from '../../widget/embed-options.ts';
import type { AppEnv } from '../app-env.ts';
import type { ResponseCache } from '../cache/response-cache.ts';
import type { ServerCarousel } from '../render/carousel-html.ts';
import { cachedHeadlines, invalidHeadlinesQuery } from './headlines.ts';
import { parseHeadlinesQuery } from './headlines-query.ts';

/** The carousel's default `limit` (the API's is 10). */
const CAROUSEL_LIMIT = Number(OPTION_RULES.limit.default);

export type CarouselList =
  /** A bad `limit` (400) or an unknown section (404): the JSON API's own problem. */
  | { kind: 'refused'; problem: Response }
  /** What to render: the list (200), or the error state (503) when the store failed and no copy was left. */
  | { kind: 'render'; status: 200 | 503; carousel: Pick<ServerCarousel, 'list' | 'etag' | 'stale'>; from?: Response };

/** `limit` and `section` come from `url`'s query, validated as the API validates them. */
export async function readCarouselList(c: Context<AppEnv>, cache: ResponseCache, url: URL): Promise<CarouselList> {
  const parsed = parseHeadlinesQuery(url, c.get('publicOrigin'), CAROUSEL_LIMIT);
  if (!parsed.ok) return { kind: 'refused', problem: invalidHeadlinesQuery(c.get('config').siteOrigin, parsed.errors) };
  const response = await cachedHeadlines(c, cache, parsed.query);
  if (response.status === 200) {
    const list = (await response.json()) as HeadlineList;
    const stale = /stale-if-error/.test(response.headers.get('Cache-Status') ?? '');
    return { kind: 'render', status: 200, carousel: { list, etag: response.headers.get('ETag'), stale }, from: response };
  }
  if (response.status >= 500) {
    await response.body?.cancel();
    return { kind: 'render', status: 503, carousel: {} };
  }
  return { kind: 'refused', problem: response };
}
