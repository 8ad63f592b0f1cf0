/** GET /v1/headlines?limit=&section= → `{ items, updatedAt }`, newest first, from one precomputed list. */
import type { Context, Handler } from 'hono';
import { latestChange } from '../../content/schema.ts';
import type { AppEnv } from '../app-env.ts';
import type { ResponseCache } from '../cache/response-cache.ts';
import { cacheControl } from '../config.ts';
import { jsonResponse } from '../http/json-response.ts';
import { ProblemType, problemResponse } from '../http/problem.ts';
import { lookupProblem } from './lookup-problem.ts';
import { partnerAccess } from '../partners/partner-access.ts';
import { type HeadlinesQuery, parseHeadlinesQuery } from './headlines-query.ts';

export function headlines(cache: ResponseCache): Handler<AppEnv> {
  return async function headlines(c) {
    const url = new URL(c.req.url);
    const access = await partnerAccess(c, url);
    if (access.kind === 'refused') return access.problem;
    const parsed = parseHeadlinesQuery(url, c.get('publicOrigin'), undefined, access);
    if (!parsed.ok) return invalidHeadlinesQuery(c.get('config').siteOrigin, parsed.errors);
    if (access.kind === 'paused') return pausedList(c);
    return cachedHeadlines(c, cache, parsed.query);
  };
}

export function invalidHeadlinesQuery(siteOrigin: string, errors: Parameters<typeof problemResponse>[2]['errors']): Response {
  return problemResponse(siteOrigin, ProblemType.INVALID_REQUEST, { detail: 'The query parameters are not valid.', errors });
}

/**
 * The JSON answer for one list, through the response cache. The server-rendered carousels read their list here
 * too, so a page and the widget's own request share one cache entry and at most one KV read.
 */
export function cachedHeadlines(c: Context<AppEnv>, cache: ResponseCache, query: HeadlinesQuery): Promise<Response> {
  const config = c.get('config');
  const { limit, section, key } = query;
  return cache.serve({
    key,
    policy: config.headlines,
    memory: true,
    waitUntil: (promise) => c.executionCtx.waitUntil(promise),
    load: async () => {
      const lookup = await c.get('store').headlines(section);
      if (lookup.status !== 'found') {
        return lookupProblem(config.siteOrigin, lookup, section === undefined ? 'No headlines are published yet.' : `There is no section "${section}".`);
      }
      const items = lookup.value.items.slice(0, limit);
      return jsonResponse({ items, updatedAt: latestChange(items), ...(query.hints && { partner: query.hints }) }, cacheControl(config.headlines));
    },
  });
}

/**
 * A paused partner's answer: a list with nothing in it, and `paused: true` so the widget shows nothing at all (not its
 * "no headlines" state). Made without KV; as fresh as any list, so un-pausing reaches readers as an edit does.
 */
export function pausedList(c: Context<AppEnv>): Promise<Response> {
  return jsonResponse({ items: [], updatedAt: null, paused: true }, cacheControl(c.get('config').headlines));
}
