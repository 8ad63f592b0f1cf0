/**
 * Breaking news and takedowns at the edge (contracts C1, C2): a breaking story first while it lasts, back in its
 * place by date after, freshness that never outlives an expiry; the content state (GET /v1/version) whose new version
 * retires every cached list, article, page and oEmbed answer; all on real Miniflare KV and Cache API.
 */
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { HEADLINES_MAX, articleKey, stateKey } from '../../content/records.ts';
import type { HeadlineList, StateRecord } from '../../content/schema.ts';
import { cacheKey } from '../../worker/cache/cache-key.ts';
import { EDGE_SECONDS, MEMORY_MS, STATE_PATH } from '../../worker/content-state.ts';
import { freshOrigin, instrumentedKv, lifetimes, makeArticle, manualClock, seed, seedWithIndexes, testWorker, useFaultLog } from './support.ts';

const captureFaults = useFaultLog();

/** What content:push writes last when it changed something, and the purge it does after (one origin's entry). */
async function push(version: string, origin?: string): Promise<void> {
  await env.ARTICLES.put(stateKey(), JSON.stringify({ version, partners: {} } satisfies StateRecord));
  if (origin) await caches.default.delete(new Request(cacheKey(origin, STATE_PATH)));
}

async function listOf(response: Response): Promise<HeadlineList> {
  expect(response.status).toBe(200);
  return (await response.json()) as HeadlineList;
}

const slugsOf = async (response: Response) => (await listOf(response)).items.map((item) => item.slug);

afterEach(async () => {
  await env.ARTICLES.delete(stateKey());
});

describe('a breaking story', () => {
  // The clock starts at 2026-11-25T10:00Z; makeArticle(n) is published n hours after 2026-11-01T00:00Z.
  const until = '2026-11-25T10:10:00Z';

  it('comes first in every list it belongs to while it lasts, marked breaking: true, and no other item is', async () => {
    const clock = manualClock();
    await seed([makeArticle(1, { breaking: true, breakingUntil: until }), makeArticle(2), makeArticle(3, { section: 'sport' })]);
    const worker = testWorker({ now: clock.now });
    const origin = freshOrigin();

    const all = await listOf(await worker.fetch(`${origin}/v1/headlines`));
    const news = await slugsOf(await worker.fetch(`${origin}/v1/headlines?section=news`));
    const sport = await slugsOf(await worker.fetch(`${origin}/v1/headlines?section=sport`));

    expect(all.items.map((item) => [item.slug, item.breaking])).toEqual([['article-1', true], ['article-3', undefined], ['article-2', undefined]]);
    expect(all.items.every((item) => item.breakingUntil === undefined)).toBe(true);
    expect(news).toEqual(['article-1', 'article-2']);
    expect(sport).toEqual(['article-3']);
  });

  it('orders several breaking stories newest first among themselves', async () => {
    const clock = manualClock();
    await seed([makeArticle(1, { breaking: true, breakingUntil: until }), makeArticle(2, { breaking: true, breakingUntil: until }), makeArticle(3)]);

    const slugs = await slugsOf(await testWorker({ now: clock.now }).fetch(`${freshOrigin()}/v1/headlines`));

    expect(slugs).toEqual(['article-2', 'article-1', 'article-3']);
  });

  it('makes the list fresh no longer than until it expires, and never served stale past it', async () => {
    const clock = manualClock();
    await seed([makeArticle(1, { breaking: true, breakingUntil: '2026-11-25T10:00:25Z' }), makeArticle(2)]);

    const response = await testWorker({ now: clock.now }).fetch(`${freshOrigin()}/v1/headlines`);

    expect(response.headers.get('cache-control')).toMatch(/^public, max-age=25, stale-while-revalidate=0, /);
    expect(response.headers.has('x-khabar-fresh-for')).toBe(false);
    expect(25).toBeLessThan(lifetimes.headlinesMaxAge);
  });

  it('falls back into its place by date once expired, without its mark, even from a warm cache', async () => {
    const clock = manualClock();
    await seed([makeArticle(1, { breaking: true, breakingUntil: '2026-11-25T10:00:20Z' }), makeArticle(2), makeArticle(3)]);
    const { kv, state } = instrumentedKv();
    const worker = testWorker({ now: clock.now, kv });
    const url = `${freshOrigin()}/v1/headlines`;
    expect(await slugsOf(await worker.fetch(url))).toEqual(['article-1', 'article-3', 'article-2']);
    await worker.settle();
    clock.advance(10);
    expect((await worker.fetch(url)).headers.get('cache-status')).toMatch(/hit/);

    clock.advance(11);
    const after = await worker.fetch(url);

    expect(after.headers.get('cache-status')).not.toMatch(/hit/);
    const body = await listOf(after);
    expect(body.items.map((item) => item.slug)).toEqual(['article-3', 'article-2', 'article-1']);
    expect(body.items.some((item) => item.breaking !== undefined || item.breakingUntil !== undefined)).toBe(false);
    expect(state.reads).toBe(2);
  });

  it(`orders older breaking stories kept behind ${HEADLINES_MAX} newer ones newest first, whatever their expiries`, async () => {
    const clock = manualClock();
    const newer = Array.from({ length: HEADLINES_MAX }, (_, i) => makeArticle(i + 10));
    // The older story expires later: it is kept first among the older breaking ones, but is served second.
    await seed([makeArticle(1, { breaking: true, breakingUntil: '2026-11-25T12:00:00Z' }), makeArticle(2, { breaking: true, breakingUntil: until }), ...newer]);

    const slugs = await slugsOf(await testWorker({ now: clock.now }).fetch(`${freshOrigin()}/v1/headlines?limit=3`));

    expect(slugs).toEqual(['article-2', 'article-1', `article-${HEADLINES_MAX + 9}`]);
  });

  it(`comes first even behind ${HEADLINES_MAX} newer stories, and is cut off by date after it expires`, async () => {
    const clock = manualClock();
    const newer = Array.from({ length: HEADLINES_MAX }, (_, i) => makeArticle(i + 10));
    await seed([makeArticle(1, { breaking: true, breakingUntil: '2026-11-25T10:00:30Z' }), ...newer]);
    const worker = testWorker({ now: clock.now });
    const url = `${freshOrigin()}/v1/headlines?limit=${HEADLINES_MAX}`;

    const during = await slugsOf(await worker.fetch(url));
    clock.advance(31);
    const after = await slugsOf(await worker.fetch(url));

    expect(during[0]).toBe('article-1');
    expect(during).toHaveLength(HEADLINES_MAX);
    expect(after).toHaveLength(HEADLINES_MAX);
    expect(after).not.toContain('article-1');
  });

  it('is first in the server-rendered carousel too (one list, one cache entry)', async () => {
    const clock = manualClock();
    await seed([makeArticle(1, { breaking: true, breakingUntil: until }), makeArticle(2)]);

    const html = await (await testWorker({ now: clock.now }).fetch(`${freshOrigin()}/fragments/carousel`)).text();

    expect(html.indexOf('article-1')).toBeGreaterThan(-1);
    expect(html.indexOf('article-1')).toBeLessThan(html.indexOf('article-2'));
  });
});

describe('GET /v1/version', () => {
  it('is "0" before any push, then the pushed version: JSON, strong ETag, no-cache, CORS *', async () => {
    const clock = manualClock();
    const worker = testWorker({ now: clock.now });
    const origin = freshOrigin();

    const before = await worker.fetch(`${origin}/v1/version`);
    await worker.settle();
    await push('2026-11-25T10:00:01Z-a1b2', origin);
    clock.advance(MEMORY_MS / 1000);
    const after = await worker.fetch(`${origin}/v1/version`, { headers: { Origin: 'https://partner.example' } });

    expect(await before.json()).toEqual({ version: '0' });
    expect(await after.json()).toEqual({ version: '2026-11-25T10:00:01Z-a1b2' });
    expect(after.headers.get('content-type')).toMatch(/^application\/json/);
    expect(after.headers.get('etag')).toBe('"2026-11-25T10:00:01Z-a1b2"');
    expect(after.headers.get('cache-control')).toBe('no-cache');
    expect(after.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers a poll with the same ETag with a bodiless 304 that keeps CORS, reading KV once for many polls', async () => {
    await push('v-one');
    const clock = manualClock();
    const { kv, state } = instrumentedKv();
    const worker = testWorker({ now: clock.now, kv });
    const url = `${freshOrigin()}/v1/version`;
    const etag = (await worker.fetch(url)).headers.get('etag')!;
    await worker.settle();

    const polls: Response[] = [];
    for (let i = 0; i < 10; i += 1) {
      polls.push(await worker.fetch(url, { headers: { 'If-None-Match': etag, Origin: 'https://partner.example' } }));
      clock.advance(2); // past isolate memory each time: the Cache API answers
    }

    expect(polls.map((r) => r.status)).toEqual(Array(10).fill(304));
    expect(await polls[0]!.text()).toBe('');
    expect(polls[0]!.headers.get('access-control-allow-origin')).toBe('*');
    expect(state.stateReads).toBe(1 + Math.floor((10 * 2) / EDGE_SECONDS));
    expect(state.reads).toBe(0);
  });

  it('reads no KV on a warm isolate, for the version or for a cached list', async () => {
    await seed([makeArticle(1)]);
    await push('v-warm');
    const clock = manualClock();
    const { kv, state } = instrumentedKv();
    const worker = testWorker({ now: clock.now, kv });
    const origin = freshOrigin();
    await worker.fetch(`${origin}/v1/headlines`);
    await worker.settle();
    const before = { ...state };

    for (let i = 0; i < 5; i += 1) {
      expect((await worker.fetch(`${origin}/v1/version`)).status).toBe(200);
      expect((await worker.fetch(`${origin}/v1/headlines`)).status).toBe(200);
    }

    expect(state.reads - before.reads).toBe(0);
    expect(state.stateReads - before.stateReads).toBe(0);
  });

  it('keeps the last version it knew when KV fails, instead of answering an error', async () => {
    const faults = captureFaults();
    await push('v-known');
    const clock = manualClock();
    const { kv, state } = instrumentedKv();
    const worker = testWorker({ now: clock.now, kv });
    const origin = freshOrigin();
    await worker.fetch(`${origin}/v1/version`);
    await worker.settle();
    await caches.default.delete(new Request(cacheKey(origin, STATE_PATH)));
    state.mode = 'throw';
    clock.advance(5);

    const response = await worker.fetch(`${origin}/v1/version`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ version: 'v-known' });
    expect(faults.events().map((e) => e['key'])).toEqual(['v1:state']);
  });
});

describe('after a push (a new state version)', () => {
  it('serves the new list within a second of the purge, long before the old one would stop being fresh', async () => {
    await seed([makeArticle(1), makeArticle(2)]);
    await push('one');
    const clock = manualClock();
    const worker = testWorker({ now: clock.now });
    const origin = freshOrigin();
    const url = `${origin}/v1/headlines`;
    expect(await slugsOf(await worker.fetch(url))).toEqual(['article-2', 'article-1']);
    await worker.settle();

    await seed([makeArticle(1, { breaking: true, breakingUntil: '2026-11-25T12:00:00Z' }), makeArticle(2)]);
    await push('two', origin);
    const held = await slugsOf(await worker.fetch(url)); // this isolate still holds "one" for up to a second
    clock.advance(MEMORY_MS / 1000);
    const after = await listOf(await worker.fetch(url));

    expect(held).toEqual(['article-2', 'article-1']);
    expect(after.items.map((item) => [item.slug, item.breaking])).toEqual([['article-1', true], ['article-2', undefined]]);
    expect(MEMORY_MS / 1000).toBeLessThan(lifetimes.headlinesMaxAge);
  });

  it('says which version each list and server-rendered carousel was made under, so a page notices any later push', async () => {
    await seed([makeArticle(1), makeArticle(2)]);
    await push('one');
    const worker = testWorker();
    const origin = freshOrigin();

    const list = await worker.fetch(`${origin}/v1/headlines`, { headers: { Origin: 'https://partner.example' } });
    const html = await (await worker.fetch(`${origin}/fragments/carousel`)).text();

    expect(list.headers.get('Khabar-Version')).toBe('one');
    expect(list.headers.get('Access-Control-Expose-Headers')).toContain('Khabar-Version');
    expect(html).toContain('"version":"one"');
  });

  it('does not serve an older version stale-while-revalidate, but does serve it when KV fails (stale-if-error)', async () => {
    captureFaults();
    await seed([makeArticle(1), makeArticle(2)]);
    await push('one');
    const clock = manualClock();
    const { kv, state } = instrumentedKv();
    const worker = testWorker({ now: clock.now, kv });
    const origin = freshOrigin();
    const url = `${origin}/v1/headlines`;
    await worker.fetch(url);
    await worker.settle();
    await seed([makeArticle(1), makeArticle(2), makeArticle(3)]);
    await push('two', origin);
    clock.advance(lifetimes.headlinesMaxAge + 1); // stale, within stale-while-revalidate

    const fresh = await worker.fetch(url);
    await worker.settle();
    await push('three', origin);
    state.mode = 'throw';
    clock.advance(MEMORY_MS / 1000);
    // A new isolate: its state read fails too, so it knows no version ("0"), and the entry of "two" is another's.
    const other = testWorker({ now: clock.now, kv });
    const failing = await other.fetch(url);

    expect(fresh.headers.get('cache-status')).not.toMatch(/stale-while-revalidate/);
    expect(await slugsOf(fresh)).toEqual(['article-3', 'article-2', 'article-1']);
    expect(failing.status).toBe(200);
    expect(failing.headers.get('cache-status')).toMatch(/stale-if-error/);
  });
});

describe('a takedown (the file deleted, or withdrawn: true)', () => {
  it('leaves the list, the article JSON, its page, its card and oEmbed within a second of the push', async () => {
    const article = makeArticle(1);
    await seedWithIndexes([article, makeArticle(2)]);
    await push('before');
    const clock = manualClock();
    const worker = testWorker({ now: clock.now });
    const origin = freshOrigin();
    const paths = [
      '/articles/article-1',
      '/frames/articles/article-1',
      '/v1/articles/article-1',
      `/oembed?url=${encodeURIComponent(`${origin}/articles/article-1`)}`,
      `/oembed?url=${encodeURIComponent(article.url)}`,
    ];
    for (const path of paths) expect((await worker.fetch(`${origin}${path}`)).status, path).toBe(200);
    expect(await slugsOf(await worker.fetch(`${origin}/v1/headlines`))).toEqual(['article-2', 'article-1']);
    await worker.settle();

    // What content:push does for a deleted or withdrawn file: the records go, the lists are rewritten, the state last.
    await env.ARTICLES.delete(articleKey('article-1'));
    await seed([makeArticle(2)]);
    await push('after', origin);
    clock.advance(MEMORY_MS / 1000);

    for (const path of paths) expect((await worker.fetch(`${origin}${path}`)).status, path).toBe(404);
    expect(await slugsOf(await worker.fetch(`${origin}/v1/headlines`))).toEqual(['article-2']);
    expect(MEMORY_MS / 1000).toBeLessThan(lifetimes.articleMaxAge);
  });
});
