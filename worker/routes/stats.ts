/**
 * GET /v1/stats?partner=&from=&to=: impressions, clicks and click-through, in total, by partner, by day and by
 * headline (worker/analytics/stats-report.ts). Deployed, it needs `Authorization: Bearer <STATS_TOKEN>` and reads
 * Analytics Engine's SQL API; under npm start (STATS_SOURCE=local) it reads the local store and needs no token.
 */
import type { Context, Handler } from 'hono';
import { timingSafeEqual } from 'hono/utils/buffer';
import type { AppEnv } from '../app-env.ts';
import { parseStatsQuery } from '../analytics/stats-query.ts';
import { type StatsReport, statsReport } from '../analytics/stats-report.ts';
import { statsSource } from '../analytics/stats-source.ts';
import type { InvalidParam } from '../http/problem.ts';
import { ProblemType, problemResponse } from '../http/problem.ts';
import { logFault } from '../log-fault.ts';

export interface StatsOptions {
  now?: () => number;
  /** How the SQL API is reached; default the global fetch. */
  fetcher?: typeof fetch;
}

export type StatsOutcome =
  | { kind: 'report'; report: StatsReport }
  | { kind: 'unauthorized' }
  | { kind: 'invalid'; errors: InvalidParam[] }
  | { kind: 'unavailable' };

/** Whether this request may read the stats: always under npm start, else with the STATS_TOKEN. */
export async function mayReadStats(c: Context<AppEnv>, token: string | undefined): Promise<boolean> {
  if (c.get('config').statsSource === 'local') return true;
  const expected = c.env.STATS_TOKEN;
  // An unset token opens nothing.
  if (!expected || token === undefined) return false;
  return timingSafeEqual(token, expected);
}

/** The token of `Authorization: Bearer <token>`, if that is what the header holds. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +([\x21-\x7e]{1,512}) *$/i.exec(header ?? '');
  return match?.[1];
}

export async function readStats(c: Context<AppEnv>, params: URLSearchParams, token: string | undefined, options: StatsOptions): Promise<StatsOutcome> {
  if (!(await mayReadStats(c, token))) return { kind: 'unauthorized' };
  const query = parseStatsQuery(params, (options.now ?? Date.now)());
  if (!query.ok) return { kind: 'invalid', errors: query.errors };
  try {
    return { kind: 'report', report: await statsReport(statsSource(c.get('config'), c.env, options.fetcher), query.range) };
  } catch (error) {
    logFault('stats', { message: (error as Error).message });
    return { kind: 'unavailable' };
  }
}

export function stats(options: StatsOptions = {}): Handler<AppEnv> {
  return async function stats(c) {
    const { siteOrigin } = c.get('config');
    const outcome = await readStats(c, new URL(c.req.url).searchParams, bearerToken(c.req.header('authorization')), options);
    switch (outcome.kind) {
      case 'report':
        return c.json(outcome.report, 200, { 'Cache-Control': 'no-store' });
      case 'unauthorized':
        return problemResponse(siteOrigin, ProblemType.UNAUTHORIZED, {
          detail: 'Send Authorization: Bearer <STATS_TOKEN>.',
          headers: { 'WWW-Authenticate': 'Bearer realm="khabar stats"' },
        });
      case 'invalid':
        return problemResponse(siteOrigin, ProblemType.INVALID_REQUEST, { detail: 'The stats query is not valid.', errors: outcome.errors });
      case 'unavailable':
        return problemResponse(siteOrigin, ProblemType.STATS_UNAVAILABLE, { detail: 'The stats could not be read just now. It has been logged.', headers: { 'Retry-After': '30' } });
    }
  };
}
