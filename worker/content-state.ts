/**
 * INTERIM (branch s3-partners): contract C1's reader, written against the contract until branch s3-edge's
 * worker/content-state.ts is merged, which replaces this file whole. The state record (`v1:state`) is held in
 * isolate memory for 1 s, then in the Cache API under one key per public origin for 30 s, and read from KV only on
 * a miss: warm requests read no KV.
 */
import type { Context } from 'hono';
import type { AppEnv } from './app-env.ts';
import { cacheKey } from './cache/cache-key.ts';

export interface ContentState {
  /** Opaque, unique per push; "0" before the first push. */
  version: string;
  /** Partner records by id, as pushed: parse before use (worker/partners/partner-access.ts does). */
  partners: Record<string, unknown>;
}

const STATE_KEY = 'v1:state';
const MEMORY_MS = 1_000;
const EDGE_SECONDS = 30;
const NONE: ContentState = { version: '0', partners: {} };

const memory = new Map<string, { until: number; state: ContentState }>();

export async function contentState(c: Context<AppEnv>): Promise<ContentState> {
  const origin = c.get('publicOrigin');
  const now = Date.now();
  const held = memory.get(origin);
  if (held && held.until > now) return held.state;
  const key = new Request(cacheKey(origin, '/v1/state'));
  let state: ContentState | undefined;
  try {
    const hit = await caches.default.match(key);
    if (hit) state = toState(await hit.json());
  } catch {
    state = undefined; // a broken cache is a miss
  }
  if (!state) {
    let text: string | null = null;
    try {
      text = await c.env.ARTICLES.get(STATE_KEY, { type: 'text', cacheTtl: c.get('config').kvCacheTtl });
    } catch {
      text = null;
    }
    state = text === null ? NONE : (toState(safeJson(text)) ?? NONE);
    const put = caches.default.put(key, new Response(JSON.stringify(state), { headers: { 'Cache-Control': `public, max-age=${EDGE_SECONDS}` } }));
    c.executionCtx.waitUntil(put.catch(() => {}));
  }
  memory.set(origin, { until: now + MEMORY_MS, state });
  return state;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toState(value: unknown): ContentState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { version, partners } = value as { version?: unknown; partners?: unknown };
  if (typeof version !== 'string') return undefined;
  const map = typeof partners === 'object' && partners !== null && !Array.isArray(partners) ? (partners as Record<string, unknown>) : {};
  return { version, partners: map };
}
