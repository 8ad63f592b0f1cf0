/**
 * The query of `GET /v1/headlines`, validated, and the parameters it is cached under: unknown ones
 * dropped, defaults filled in, known ones in a fixed order. `?limit=10`, `?` and `?utm_source=x&limit=10`
 * are one cache entry, so random query strings cannot bust the cache.
 */
import * as v from 'valibot';
import { HEADLINES_MAX } from '../../content/records.ts';
import type { PartnerHints, PartnerRecord } from '../../content/partner-schema.ts';
import { Section } from '../../content/schema.ts';
import { cacheKey } from '../cache/cache-key.ts';
import { type InvalidParam, clipValue as clip } from '../http/problem.ts';

const DEFAULT_LIMIT = 10;

const Limit = v.pipe(
  v.string(),
  v.regex(/^[1-9][0-9]{0,2}$/, `must be a whole number from 1 to ${HEADLINES_MAX}`),
  v.transform(Number),
  v.maxValue(HEADLINES_MAX, `must be a whole number from 1 to ${HEADLINES_MAX}`),
);

const PARAMS = { limit: Limit, section: Section } as const;

/** What the query needs of a known, active partner (worker/partners/partner-access.ts resolves it). */
export interface QueryPartner {
  partner: Pick<PartnerRecord, 'id' | 'defaults'>;
  hints?: PartnerHints;
}

export interface HeadlinesQuery {
  limit: number;
  section?: string;
  /** A known partner's theme and lang, sent back in the body (`partner`) for the widget. */
  hints?: PartnerHints;
  /** The normalized URL: the cache key. */
  key: string;
}

/**
 * `defaultLimit`: the API's 10, or the carousel's 6 for the server-rendered carousels. A known partner's `section` and
 * `limit` defaults come before those; its id joins the cache key only when the body names its theme or lang, so
 * partners without them share the entries of everyone else, and an unknown id never makes one.
 */
export function parseHeadlinesQuery(
  url: URL,
  publicOrigin: string,
  defaultLimit = DEFAULT_LIMIT,
  partner?: QueryPartner,
): { ok: true; query: HeadlinesQuery } | { ok: false; errors: InvalidParam[] } {
  const errors: InvalidParam[] = [];
  const values: { limit?: number; section?: string } = {};
  for (const name of Object.keys(PARAMS) as Array<keyof typeof PARAMS>) {
    const given = url.searchParams.getAll(name);
    if (given.length === 0) continue;
    const value = given[0]!;
    if (given.length > 1) {
      errors.push({ in: 'query', name, detail: 'must be given at most once', value: clip(given.join(',')) });
      continue;
    }
    const result = v.safeParse(PARAMS[name], value);
    if (result.success) (values as Record<string, unknown>)[name] = result.output;
    else errors.push({ in: 'query', name, detail: result.issues[0].message, value: clip(value) });
  }
  if (errors.length > 0) return { ok: false, errors };
  const limit = values.limit ?? partner?.partner.defaults?.limit ?? defaultLimit;
  const section = values.section ?? partner?.partner.defaults?.section;
  const params = new URLSearchParams({ limit: String(limit) });
  if (section !== undefined) params.set('section', section);
  if (partner?.hints) params.set('partner', partner.partner.id);
  const query: HeadlinesQuery = { limit, key: cacheKey(publicOrigin, '/v1/headlines', params) };
  if (section !== undefined) query.section = section;
  if (partner?.hints) query.hints = partner.hints;
  return { ok: true, query };
}
