/** The headline list a server-rendered carousel shows, read through the same cache entry as GET /v1/headlines. */
import type { Context } from 'hono';
import type { HeadlineList } from '../../content/schema.ts';
import { OPTION_RULES } from '../../widget/embed-options.ts';
import type { AppEnv } from '../app-env.ts';
import type { ResponseCache } from '../cache/response-cache.ts';
import type { ServerCarousel } from '../render/carousel-html.ts';
import { cachedHeadlines, invalidHeadlinesQuery } from './headlines.ts';
import { parseHeadlinesQuery } from './headlines-query.ts';
import type { PartnerAccess } from '../partners/partner-access.ts';

/** The carousel's default `limit` (the API's is 10). */
const CAROUSEL_LIMIT = Number(OPTION_RULES.limit.default);

export type CarouselList =
  /** A bad `limit` (400), an unknown section (404) or a site a partner does not allow (403): the JSON API's own problem. */
  | { kind: 'refused'; problem: Response }
  /** A paused partner: nothing to show, and nothing was read. */
  | { kind: 'paused' }
  /** What to render: the list (200), or the error state (503) when the store failed and no copy was left. */
  | { kind: 'render'; status: 200 | 503; carousel: Pick<ServerCarousel, 'list' | 'etag' | 'stale' | 'version'>; from?: Response };

/**
 * `limit`, `section` and `partner` come from `url`'s query, validated as the API validates them; `access` is the
 * partner as partner-access.ts resolved it from the same URL.
 */
export async function readCarouselList(c: Context<AppEnv>, cache: ResponseCache, url: URL, access: PartnerAccess = { kind: 'open' }): Promise<CarouselList> {
  if (access.kind === 'refused') return { kind: 'refused', problem: access.problem };
  const parsed = parseHeadlinesQuery(url, c.get('publicOrigin'), CAROUSEL_LIMIT, access.kind === 'partner' ? access : undefined);
  if (!parsed.ok) return { kind: 'refused', problem: invalidHeadlinesQuery(c.get('config').siteOrigin, parsed.errors) };
  if (access.kind === 'paused') return { kind: 'paused' };
  const response = await cachedHeadlines(c, cache, parsed.query);
  if (response.status === 200) {
    const list = (await response.json()) as HeadlineList;
    const stale = /stale-if-error/.test(response.headers.get('Cache-Status') ?? '');
    return { kind: 'render', status: 200, carousel: { list, etag: response.headers.get('ETag'), version: response.headers.get('Khabar-Version'), stale }, from: response };
  }
  if (response.status >= 500) {
    await response.body?.cancel();
    return { kind: 'render', status: 503, carousel: {} };
  }
  return { kind: 'refused', problem: response };
}
