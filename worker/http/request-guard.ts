/**
 * Refuses requests no route could answer correctly, before any route sees them: an over-long URL (414)
 * and malformed percent-encoding (400, instead of a decoding error deeper down).
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ProblemType, problemResponse } from './problem.ts';

export interface RequestGuardOptions {
  /** Longest accepted URL, in characters. Default 2048. */
  maxUrlLength?: number;
}

export function requestGuard(options: RequestGuardOptions = {}): MiddlewareHandler<AppEnv> {
  const maxUrlLength = options.maxUrlLength ?? 2048;
  return async function requestGuard(c, next) {
    const { siteOrigin } = c.get('config');
    const url = c.req.url;
    if (url.length > maxUrlLength) {
      return problemResponse(siteOrigin, ProblemType.URI_TOO_LONG, {
        detail: `The URL has ${url.length} characters; at most ${maxUrlLength} are accepted.`,
      });
    }
    const { pathname, search } = new URL(url);
    const brokenParam = search.slice(1).split('&').find((pair) => !decodes(pair));
    if (!decodes(pathname) || brokenParam !== undefined) {
      const where = brokenParam === undefined ? { in: 'path' as const, name: 'path' } : { in: 'query' as const, name: brokenParam.split('=')[0]! };
      return problemResponse(siteOrigin, ProblemType.INVALID_REQUEST, {
        detail: 'The URL contains malformed percent-encoding.',
        errors: [{ ...where, detail: 'is not valid percent-encoded UTF-8' }],
      });
    }
    await next();
  };
}

function decodes(part: string): boolean {
  try {
    decodeURIComponent(part.replace(/\+/g, ' '));
    return true;
  } catch {
    return false;
  }
}
