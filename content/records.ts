/**
 * The KV layout, owned here and nowhere else: the build writes these records and the worker's store reads
 * them. Keys are versioned (`v1:`) so a future layout can be pushed beside this one. Values: an article
 * record is an `Article`, a list record a `HeadlineList` of at most `HEADLINES_MAX` items, newest first.
 */
export const KEY_PREFIX = 'v1:';

/** The longest headline list kept per section, and so the largest `limit` the API accepts. */
export const HEADLINES_MAX = 50;

/** One full article. */
export function articleKey(slug: string): string {
  return `${KEY_PREFIX}article:${slug}`;
}

/** A precomputed headline list, newest first: all sections when `section` is absent. */
export function headlinesKey(section?: string): string {
  return section === undefined ? `${KEY_PREFIX}headlines:all` : `${KEY_PREFIX}headlines:section:${section}`;
}

/**
 * The content state (`StateRecord`): `{ version, partners }`, written last by every push that changed anything. The
 * worker holds it in memory and the Cache API (worker/content-state.ts); a new version retires every cached response.
 */
export function stateKey(): string {
  return `${KEY_PREFIX}state`;
}

/** The sections that have articles, with how many each: `SectionList`. */
export function sectionsKey(): string {
  return `${KEY_PREFIX}sections`;
}

/**
 * Which article a canonical URL belongs to (`CanonicalRecord`), so oEmbed can resolve a publisher's own URL.
 * Keyed by the SHA-256 (hex) of `canonicalForm(url)`: URLs can outgrow KV's 512-byte key limit. This is the
 * worker's way (WebCrypto); the build hashes the same text with node:crypto.
 */
export async function canonicalKey(url: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalForm(url))));
  return canonicalKeyOfDigest(Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join(''));
}

/**
 * The same key from a SHA-256 (hex) of `canonicalForm(url)` computed elsewhere: the content build hashes with
 * node:crypto, some fifty times faster than awaiting WebCrypto per article (test/content checks the keys agree).
 */
export function canonicalKeyOfDigest(sha256Hex: string): string {
  return `${CANONICAL_KEY_PREFIX}${sha256Hex}`;
}

export const CANONICAL_KEY_PREFIX = `${KEY_PREFIX}canonical:`;

/**
 * The form a canonical URL is indexed and looked up in, so the variants a CMS is handed still match: https,
 * no #fragment, no `utm_*` tracking parameters (the carousel's own links carry them), no trailing slash.
 */
export function canonicalForm(url: string): string {
  const parsed = new URL(url);
  parsed.protocol = 'https:';
  parsed.hash = '';
  for (const name of [...parsed.searchParams.keys()]) if (name.startsWith('utm_')) parsed.searchParams.delete(name);
  if (parsed.pathname.length > 1) parsed.pathname = parsed.pathname.replace(/\/+$/, '');
  return parsed.href;
}

/**
 * A past build of the partner embed, by version (its content hash), so a page that pinned it with SRI keeps
 * working after later deploys. Outside the `v1:` content layout: content pushes never list or delete it.
 */
export function embedKey(version: string): string {
  return `embed:${version}`;
}

/**
 * The push's own records, never read by the worker: what the namespace holds, so a push need not list it. Under
 * `v1:push:`, so a listing of the content layout can tell them apart.
 */
export const PUSH_KEY_PREFIX = `${KEY_PREFIX}push:`;

/** Manifest shards: a million articles' manifest (~130 MB) is over KV's 25 MiB value limit; 256 shards keep each
 * under 1 MB, and one story's push reads and writes one. */
export const MANIFEST_SHARDS = 256;

/** One shard of the manifest: `{ [slug]: [articleHash, canonicalDigest, section, publishedAtMs] }`. */
export function manifestShardKey(shard: number): string {
  return `${PUSH_KEY_PREFIX}manifest:${shard.toString(16).padStart(2, '0')}`;
}

/** The headline lists as the push keeps them: each list's newest items, deeper than what readers get (a reserve). */
export function listStateKey(): string {
  return `${PUSH_KEY_PREFIX}lists`;
}

/** Who is pushing right now: one push at a time writes lists and manifest. */
export function leaseKey(): string {
  return `${PUSH_KEY_PREFIX}lease`;
}
