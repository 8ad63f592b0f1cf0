/**
 * After a push wrote a new content state: makes the worker see it now rather than when its Cache API copy expires
 * (30 s). The worker keeps one Cache API entry of the state per public origin (`<origin>/v1/state`, see
 * worker/content-state.ts); every cached response is stamped with the version it was made under, so retiring that
 * one entry retires them all. Purging the cached lists themselves is not needed.
 *
 * - Local (`--local`, and npm start on every save): deletes the entry from the local Cache API that `wrangler dev`
 *   keeps under the same persist folder as the local KV, through the push's own Miniflare (kv-target.ts). The origins
 *   are wrangler.toml's PUBLIC_ORIGINS and npm start's loopback pair on `PORT` (default 8787).
 * - Remote: Cloudflare's zone purge by URL (`POST /zones/<id>/purge_cache {"files": […]}`), which reaches every data
 *   centre; `cache.delete()` from a worker would reach only its own. Purge by URL is on every plan (Free: 5 purge
 *   requests a minute; one push makes one). Purge by tag, host or prefix is on every plan too now, but one URL per
 *   origin is all this needs. Configured by CLOUDFLARE_ZONE_ID and CLOUDFLARE_API_TOKEN (a token with Zone › Cache
 *   Purge); without them it says so, and the worker sees the new state within 30 s anyway.
 * - Not used: Workers Caching's `ctx.cache.purge()` purges the cache in front of a worker (its own product, enabled
 *   per worker); it does not reach Cache API entries, which is where this worker keeps its responses.
 */
import { readFileSync } from 'node:fs';
import { WRANGLER_CONFIG } from '../project-config.ts';
import type { KvTarget } from './kv-target.ts';

/** Path of the worker's state entry (worker/content-state.ts STATE_PATH). */
export const STATE_PATH = '/v1/state';

export interface PurgeReport {
  /** Whether the entries are gone (locally), or Cloudflare accepted the purge (remote). */
  purged: boolean;
  /** One line for the terminal, saying plainly what happened. */
  message: string;
}

export interface PurgeOptions {
  env?: NodeJS.ProcessEnv;
  /** Cloudflare's API base, for tests. */
  apiBase?: string;
  /** wrangler.toml, for tests. */
  config?: string;
}

export async function purgeEdge(target: 'local' | 'remote', kv: KvTarget, options: PurgeOptions = {}): Promise<PurgeReport> {
  const env = options.env ?? process.env;
  const origins = publicOrigins(options.config ?? WRANGLER_CONFIG);
  if (target === 'local') {
    const port = env['PORT'] && /^\d+$/.test(env['PORT']) ? env['PORT'] : '8787';
    const local = [...new Set([...origins, `http://localhost:${port}`, `http://127.0.0.1:${port}`])];
    await kv.uncache!(local.map((origin) => `${origin}${STATE_PATH}`));
    return { purged: true, message: `edge purge: local Cache API state entry deleted for ${local.join(', ')}` };
  }
  const zone = env['CLOUDFLARE_ZONE_ID'];
  const token = env['CLOUDFLARE_API_TOKEN'];
  if (!zone || !token) {
    return { purged: false, message: 'edge purge: not configured (set CLOUDFLARE_ZONE_ID and CLOUDFLARE_API_TOKEN): readers see this push within 30 s plus KV propagation' };
  }
  const files = origins.map((origin) => `${origin}${STATE_PATH}`);
  const response = await fetch(`${options.apiBase ?? 'https://api.cloudflare.com/client/v4'}/zones/${encodeURIComponent(zone)}/purge_cache`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ files }),
    signal: AbortSignal.timeout(15_000),
  }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  if (response instanceof Error) return { purged: false, message: `edge purge failed: ${response.message} (readers see this push within 30 s anyway)` };
  if (!response.ok) {
    const body = (await response.text()).slice(0, 300);
    const hint = response.status === 429 ? ' (rate limited: the Free plan allows 5 purge requests a minute)' : '';
    return { purged: false, message: `edge purge failed: HTTP ${response.status}${hint} ${body} (readers see this push within 30 s anyway)` };
  }
  return { purged: true, message: `edge purge: ${files.join(', ')} purged in zone ${zone}` };
}

/** wrangler.toml's `PUBLIC_ORIGINS` (comma- or space-separated), as the worker reads it; none when absent. */
export function publicOrigins(config: string): string[] {
  const line = /^\s*PUBLIC_ORIGINS\s*=\s*"([^"]*)"/m.exec(readFileSync(config, 'utf8'))?.[1] ?? '';
  return [...new Set(line.split(/[\s,]+/).filter(Boolean).map((origin) => new URL(origin).origin))];
}
