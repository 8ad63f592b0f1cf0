/** GET /v1/articles/:slug → the full article. */
import type { Handler } from 'hono';
import * as v from 'valibot';
import { Slug } from '../../content/schema.ts';
import type { AppEnv } from '../app-env.ts';
import { contentState } from '../content-state.ts';
import { cacheKey } from '../cache/cache-key.ts';
import type { ResponseCache } from '../cache/response-cache.ts';
import { cacheControl } from '../config.ts';
import { jsonResponse } from '../http/json-response.ts';
import { ProblemType, problemResponse } from '../http/problem.ts';
import { lookupProblem } from './lookup-problem.ts';

export function article(cache: ResponseCache): Handler<AppEnv, '/v1/articles/:slug'> {
  return async function article(c) {
    const config = c.get('config');
    const slug = c.req.param('slug');
    const checked = v.safeParse(Slug, slug);
    if (!checked.success) {
      return problemResponse(config.siteOrigin, ProblemType.INVALID_REQUEST, {
        detail: 'The article slug is not valid.',
        errors: [{ in: 'path', name: 'slug', detail: checked.issues[0].message }],
      });
    }
    return cache.serve({
      key: cacheKey(c.get('publicOrigin'), `/v1/articles/${slug}`),
      version: (await contentState(c)).version,
      policy: config.article,
      memory: false,
      waitUntil: (promise) => c.executionCtx.waitUntil(promise),
      load: async () => {
        const lookup = await c.get('store').article(slug);
        if (lookup.status !== 'found') return lookupProblem(config.siteOrigin, lookup, `There is no article "${slug}".`);
        return jsonResponse(lookup.value, cacheControl(config.article));
      },
    });
  };
}
