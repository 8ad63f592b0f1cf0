/**
 * The partner embed, built from widget/ into dist/embed/ by `npm run build`:
 * - GET /embed.js — what the one-line snippet loads: always the current build, rechecked by browsers within minutes.
 * - GET /embed/<version>.js — the same bytes under their content hash, cached for a year: pin it with `integrity`.
 *   Past versions are archived in KV at deploy time (`npm run deploy`), so a pinned page survives later deploys.
 * - GET /embed/extras-<version>.js — the autoplay controller and the English words, an ES module embed.js imports
 *   only for a carousel with `autoplay` > 0 or `lang="en"` (widget/load-extras.ts); named by its content hash, so
 *   immutable like a versioned embed.
 * - GET /embed/count-<version>.js — impressions and clicks (widget/count.ts), imported only for a carousel with a
 *   `partner` whose page and reader allow counting; immutable too.
 * - GET /embed/manifest.json — the current version, its URL, its Subresource Integrity value and sizes.
 * Every response is readable cross-origin (CORS *, CORP cross-origin; set in index.ts), so partner pages that pin it
 * with SRI or isolate themselves with COEP can load it.
 */
import type { Context, Handler } from 'hono';
import count from '../../dist/embed/count.json' with { type: 'json' };
import extras from '../../dist/embed/extras.json' with { type: 'json' };
import embed from '../../dist/embed/embed.json' with { type: 'json' };
import type { AppEnv } from '../app-env.ts';
import { RESERVE_STYLE } from '../../widget/embed-options.ts';
import { cspHash } from '../http/csp-hash.ts';
import { CAROUSEL_STYLE } from '../render/carousel-html.ts';
import type { Lookup } from '../store.ts';
import { lookupProblem } from './lookup-problem.ts';

/** /embed.js changes with each deploy: a short life, then served stale while the browser rechecks in the background. */
const LATEST = 'public, max-age=300, stale-while-revalidate=86400';
/** A versioned file never changes: its name is its content hash. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

export const latestEmbed: Handler<AppEnv> = function latestEmbed(c) {
  return script(c, embed.source, embed.version, LATEST);
};

/** A version is the first 12 hex digits of the script's SHA-256 (see widget/build). */
const VERSIONED = /^([0-9a-f]{12})\.js$/;

export const embedFile: Handler<AppEnv, '/embed/:file'> = async function embedFile(c) {
  const file = c.req.param('file');
  if (file === `${embed.version}.js`) return script(c, embed.source, embed.version, IMMUTABLE);
  if (file === `extras-${extras.version}.js`) return script(c, extras.source, extras.version, IMMUTABLE);
  if (file === `count-${count.version}.js`) return script(c, count.source, count.version, IMMUTABLE);
  if (file === 'manifest.json') return c.json(await manifest(c.get('publicOrigin')), 200, { 'Cache-Control': LATEST });
  const version = VERSIONED.exec(file)?.[1] ?? '';
  // Only a well-formed version costs a KV read; the CDN keeps what it finds for a year.
  const archived: Lookup<string> = version ? await c.get('store').embed(version) : { status: 'missing' };
  if (archived.status === 'found') return script(c, archived.value, version, IMMUTABLE);
  return lookupProblem(
    c.get('config').siteOrigin,
    archived,
    `There is no embed build "${file}". The current one is /embed/${embed.version}.js; /embed/manifest.json says so.`,
  );
};

/**
 * What a partner needs to pin the current build: paste `snippet`, or build their own from `src` and `integrity`;
 * and the CSP hash sources for the two inline styles our markup carries, for pages without 'unsafe-inline'.
 */
async function manifest(origin: string) {
  const src = `${origin}/embed/${embed.version}.js`;
  return {
    version: embed.version,
    src,
    integrity: embed.integrity,
    bytes: embed.bytes,
    /** Loaded by the embed only for carousels with `autoplay` > 0 or `lang="en"`. */
    extras: { src: `${origin}/embed/extras-${extras.version}.js`, integrity: extras.integrity, bytes: extras.bytes },
    /** Loaded by the embed only for carousels with a `partner`, `analytics` not "off" and no Global Privacy Control. */
    count: { src: `${origin}/embed/count-${count.version}.js`, integrity: count.integrity, bytes: count.bytes },
    latest: `${origin}/embed.js`,
    snippet: `<script async src="${src}" integrity="${embed.integrity}" crossorigin="anonymous" style="${RESERVE_STYLE}"></script>`,
    csp: {
      /** The snippet's reserving `style` attribute: `style-src 'unsafe-hashes' <this>`. */
      reserveStyle: await cspHash(RESERVE_STYLE),
      /** The `<style>` of a server-rendered carousel (GET /fragments/carousel). */
      carouselStyle: await cspHash(CAROUSEL_STYLE),
    },
  };
}

function script(c: Context<AppEnv>, source: string, version: string, cacheControl: string): Response {
  return c.body(source, 200, {
    'Content-Type': 'text/javascript; charset=utf-8',
    'Cache-Control': cacheControl,
    // The version is the content hash: a strong validator, so the etag middleware need not hash 25 KB per request.
    ETag: `"${version}"`,
    // Lets partners' performance tools see the embed's real transfer size and timing.
    'Timing-Allow-Origin': '*',
  });
}
