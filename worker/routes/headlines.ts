/**
 * GET /v1/headlines?limit=&section= → `{ items, updatedAt }` from one precomputed list: breaking stories first while
 * they last (`breaking: true`), then newest first. The order is applied here, at serve time, because an expiry is a
 * moment, not a build; the answer is fresh no longer than until the next one.
 */
import type { Context, Handler } from 'hono';
import { latestChange, nextExpiry, servedOrder } from '../../content/schema.ts';
import type { AppEnv } from '../app-env.ts';
import type { ResponseCache } from '../cache/response-cache.ts';
import { FRESH_FOR_HEADER } from '../cache/stored-response.ts';
import { cacheControl } from '../config.ts';
import { contentState } from '../content-state.ts';
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
    const parsed = parseHeadlinesQuery(url, c.get('publicOrigin'), undefined, access.kind === 'partner' ? access : undefined);
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
export async function cachedHeadlines(c: Context<AppEnv>, cache: ResponseCache, query: HeadlinesQuery): Promise<Response> {
  const config = c.get('config');
  const { limit, section, key } = query;
  return cache.serve({
    key,
    version: (await contentState(c)).version,
    policy: config.headlines,
    memory: true,
    waitUntil: (promise) => c.executionCtx.waitUntil(promise),
    load: async () => {
      const lookup = await c.get('store').headlines(section);
      if (lookup.status !== 'found') {
        return lookupProblem(config.siteOrigin, lookup, section === undefined ? 'No headlines are published yet.' : `There is no section "${section}".`);
      }
      const now = cache.now();
      const items = servedOrder(lookup.value.items, now).slice(0, limit);
      const expiry = nextExpiry(lookup.value.items, now);
      const freshFor = expiry === undefined ? undefined : Math.max(0, Math.floor((expiry - now) / 1000));
      const body = { items, updatedAt: latestChange(items), ...(query.hints && { partner: query.hints }) };
      // Fresh no longer than until the next breaking story expires (the list then changes order by itself).
      const capped = freshFor !== undefined && freshFor < config.headlines.maxAge ? freshFor : undefined;
      const response = await jsonResponse(body, cacheControl(config.headlines, capped));
      if (capped !== undefined) response.headers.set(FRESH_FOR_HEADER, String(capped));
      return response;
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
