/** The worker's settings, read once per `env` from wrangler.toml's [vars] and checked. */
import * as v from 'valibot';

const wholeNumberOf = (unit: string) => v.pipe(v.string(), v.regex(/^\d+$/, `must be a whole number of ${unit}`), v.transform(Number));
const Seconds = wholeNumberOf('seconds');

const Origin = v.pipe(v.string(), v.url('must be a URL'), v.transform((s) => s.replace(/\/+$/, '')));

/** `http(s)://host[:port]` and nothing else: the form a browser's `location.origin` has. */
const isOrigin = (text: string) => URL.canParse(text) && /^https?:$/.test(new URL(text).protocol) && new URL(text).origin === text.replace(/\/$/, '').toLowerCase();

/** One or more origins, separated by commas or spaces; the first is canonical. */
const OriginList = v.pipe(
  v.string(),
  v.transform((s) => s.split(/[\s,]+/).filter(Boolean)),
  v.minLength(1, 'must name at least one origin, e.g. https://news-api.example'),
  v.check((list) => list.every(isOrigin), 'must be http: or https: origins (scheme, host and port; no path, user or query), separated by commas'),
  v.transform((list) => [...new Set(list.map((s) => new URL(s).origin))]),
);

const Flag = v.optional(v.pipe(v.picklist(['', 'true', 'false'], 'must be "true" or "false"'), v.transform((s) => s === 'true')), '');

const ConfigSchema = v.object({
  SITE_ORIGIN: Origin,
  PUBLIC_ORIGINS: OriginList,
  LINK_ORIGIN: v.optional(v.union([v.literal(''), Origin], 'must be empty or a URL'), ''),
  HEADLINES_MAX_AGE: Seconds,
  ARTICLE_MAX_AGE: Seconds,
  STALE_WHILE_REVALIDATE: Seconds,
  STALE_IF_ERROR: Seconds,
  NOT_FOUND_MAX_AGE: Seconds,
  KV_CACHE_TTL: Seconds,
  KV_TIMEOUT_MS: wholeNumberOf('milliseconds'),
  LOG_REQUESTS: Flag,
  STATS_SOURCE: v.optional(v.picklist(['analytics-engine', 'local'], 'must be "analytics-engine" or "local"'), 'analytics-engine'),
});

/** Freshness of one kind of response, in seconds, as sent in `Cache-Control`. */
export interface CachePolicy {
  maxAge: number;
  staleWhileRevalidate: number;
  staleIfError: number;
  /**
   * How long our own caches keep the origin's 404 (an unknown slug, section or oEmbed URL), so repeating it costs
   * no KV read. Clients are still told `no-store`. 0 keeps none.
   */
  notFoundMaxAge: number;
}

export interface Config {
  siteOrigin: string;
  /** Where this worker answers; the first is canonical. A request for any other host is refused (421). */
  publicOrigins: readonly string[];
  /** Links under `siteOrigin` are served pointing here instead (the local preview); absent in deploys. */
  linkOrigin?: string;
  headlines: CachePolicy;
  article: CachePolicy;
  kvCacheTtl: number;
  kvTimeoutMs: number;
  /** One JSON line per request (local debugging); the platform logs requests itself. */
  logRequests: boolean;
  /**
   * Where the stats come from: Analytics Engine's SQL API, behind STATS_TOKEN (deploys), or the local store that
   * npm start also writes every event to, with no token (the preview).
   */
  statsSource: 'analytics-engine' | 'local';
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
  const rest = { staleWhileRevalidate: vars.STALE_WHILE_REVALIDATE, staleIfError: vars.STALE_IF_ERROR, notFoundMaxAge: vars.NOT_FOUND_MAX_AGE };
  config = {
    siteOrigin: vars.SITE_ORIGIN,
    publicOrigins: vars.PUBLIC_ORIGINS,
    ...(vars.LINK_ORIGIN && { linkOrigin: vars.LINK_ORIGIN }),
    headlines: { maxAge: vars.HEADLINES_MAX_AGE, ...rest },
    article: { maxAge: vars.ARTICLE_MAX_AGE, ...rest },
    // KV refuses a cacheTtl under 30 seconds.
    kvCacheTtl: Math.max(30, vars.KV_CACHE_TTL),
    kvTimeoutMs: vars.KV_TIMEOUT_MS,
    logRequests: vars.LOG_REQUESTS,
    statsSource: vars.STATS_SOURCE,
  };
  parsed.set(env, config);
  return config;
}

/** `maxAge`: shorter than the policy's for an answer that changes by itself then (and is not to be served stale). */
export function cacheControl(policy: CachePolicy, maxAge = policy.maxAge): string {
  const staleWhileRevalidate = maxAge < policy.maxAge ? 0 : policy.staleWhileRevalidate;
  return `public, max-age=${Math.min(maxAge, policy.maxAge)}, stale-while-revalidate=${staleWhileRevalidate}, stale-if-error=${policy.staleIfError}`;
}
