/** The worker's settings, read once per `env` from wrangler.toml's [vars] and checked. */
import * as v from 'valibot';

const wholeNumberOf = (unit: string) => v.pipe(v.string(), v.regex(/^\d+$/, `must be a whole number of ${unit}`), v.transform(Number));
const Seconds = wholeNumberOf('seconds');

const Origin = v.pipe(v.string(), v.url('must be a URL'), v.transform((s) => s.replace(/\/+$/, '')));

const ConfigSchema = v.object({
  SITE_ORIGIN: Origin,
  LINK_ORIGIN: v.optional(v.union([v.literal(''), Origin], 'must be empty or a URL'), ''),
  HEADLINES_MAX_AGE: Seconds,
  ARTICLE_MAX_AGE: Seconds,
  STALE_WHILE_REVALIDATE: Seconds,
  STALE_IF_ERROR: Seconds,
  KV_CACHE_TTL: Seconds,
  KV_TIMEOUT_MS: wholeNumberOf('milliseconds'),
});

/** Freshness of one kind of response, in seconds, as sent in `Cache-Control`. */
export interface CachePolicy {
  maxAge: number;
  staleWhileRevalidate: number;
  staleIfError: number;
}

export interface Config {
  siteOrigin: string;
  /** Links under `siteOrigin` are served pointing here instead (the local preview); absent in deploys. */
  linkOrigin?: string;
  headlines: CachePolicy;
  article: CachePolicy;
  kvCacheTtl: number;
  kvTimeoutMs: number;
}

export class ConfigError extends Error {}

const parsed = new WeakMap<object, Config>();

export function readConfig(env: Env): Config {
  let config = parsed.get(env);
  if (config) return config;
  const result = v.safeParse(ConfigSchema, env);
  if (!result.success) {
    const where = result.issues.map((i) => `${v.getDotPath(i)}: ${i.message}`).join('; ');
    throw new ConfigError(`wrangler.toml [vars] are invalid: ${where}`);
  }
  const vars = result.output;
  const stale = { staleWhileRevalidate: vars.STALE_WHILE_REVALIDATE, staleIfError: vars.STALE_IF_ERROR };
  config = {
    siteOrigin: vars.SITE_ORIGIN,
    ...(vars.LINK_ORIGIN && { linkOrigin: vars.LINK_ORIGIN }),
    headlines: { maxAge: vars.HEADLINES_MAX_AGE, ...stale },
    article: { maxAge: vars.ARTICLE_MAX_AGE, ...stale },
    // KV refuses a cacheTtl under 30 seconds.
    kvCacheTtl: Math.max(30, vars.KV_CACHE_TTL),
    kvTimeoutMs: vars.KV_TIMEOUT_MS,
  };
  parsed.set(env, config);
  return config;
}

export function cacheControl(policy: CachePolicy): string {
  return `public, max-age=${policy.maxAge}, stale-while-revalidate=${policy.staleWhileRevalidate}, stale-if-error=${policy.staleIfError}`;
}
