/**
 * GET /v1/version → `{ "version": "…" }`: the content state's version (content-state.ts), from memory on a warm
 * isolate. Open carousels ask with `If-None-Match` and refetch their list only when it changed: `no-cache` makes
 * every browser and proxy ask, and an unchanged version is a bodiless 304 (the ETag middleware answers it).
 */
import type { Handler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { contentState } from '../content-state.ts';

export const contentVersion: Handler<AppEnv> = async function contentVersion(c) {
  const { version } = await contentState(c);
  // Strong, and the version itself: equal versions are byte-equal bodies.
  return c.json({ version }, 200, { 'Cache-Control': 'no-cache', ETag: JSON.stringify(version) });
};
