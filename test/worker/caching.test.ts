import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { articleKey } from '../../content/records.ts';
import type { HeadlineList } from '../../content/schema.ts';
import { cachedOnce, freshOrigin, instrumentedKv, lifetimes, makeArticle, manualClock, seed, testWorker, useFaultLog } from './support.ts';

const captureFaults = useFaultLog();

const { headlinesMaxAge: HEADLINES_MAX_AGE, staleWhileRevalidate: STALE_WHILE_REVALIDATE, staleIfError: STALE_IF_ERROR } = lifetimes;

describe('HTTP validators', () => {
  it('sends a strong ETag and answers a matching If-None-Match with a bodiless 304 that keeps CORS and caching headers', async () => {
    await seed([makeArticle(1)]);
    const worker = testWorker();
    const url = `${freshOrigin()}/v1/headlines`;
    const first = await worker.fetch(url);
    const etag = first.headers.get('etag')!;

    const revalidated = await worker.fetch(url, { headers: { 'If-None-Match': etag, Origin: 'https://partner.example' } });

    expect(etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect(revalidated.headers.get('access-control-allow-origin')).toBe('*');
    expect(revalidated.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
    expect(revalidated.headers.get('cache-status')).toMatch(/^khabar; hit/);
    expect(revalidated.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 200 when If-None-Match names another version, and 304 for any of a list or *', async () => {
    await seed([makeArticle(1)]);
    const worker = testWorker();
    const url = `${freshOrigin()}/v1/articles/article-1`;
    const etag = (await worker.fetch(url)).headers.get('etag')!;

    const other = await worker.fetch(url, { headers: { 'If-None-Match': '"something-else"' } });
    const inList = await worker.fetch(url, { headers: { 'If-None-Match': `"a", ${etag}` } });
    const star = await worker.fetch(url, { headers: { 'If-None-Match': '*' } });

    expect(other.status).toBe(200);
    expect(inList.status).toBe(304);
    expect(star.status).toBe(304);
  });

  it('changes the ETag when the headlines change', async () => {
    const clock = manualClock();
    await seed([makeArticle(1)]);
    const worker = testWorker({ now: clock.now });
    const url = `${freshOrigin()}/v1/headlines`;
    const before = (await worker.fetch(url)).headers.get('etag');

    await seed([makeArticle(1), makeArticle(2)]);
    clock.advance(HEADLINES_MAX_AGE + STALE_WHILE_REVALIDATE + 1);
    const after = await worker.fetch(url, { headers: { 'If-None-Match': before! } });

    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before);
  });

  it('tells caches how long the headlines stay fresh and may be served stale', async () => {
    await seed([makeArticle(1)]);

    const response = await testWorker().fetch(`${freshOrigin()}/v1/headlines`);

    expect(response.headers.get('cache-control')).toBe(
      `public, max-age=${HEADLINES_MAX_AGE}, stale-while-revalidate=${STALE_WHILE_REVALIDATE}, stale-if-error=${STALE_IF_ERROR}`,
    );
  });
});

describe('cache tiers', () => {
  it('reads KV once, then answers from isolate memory, then from the Cache API in a new isolate', async () => {
    await seed([makeArticle(1)]);
    const { kv, state } = instrumentedKv();
    const origin = freshOrigin();
    const isolate = testWorker({ kv });

    const miss = await isolate.fetch(`${origin}/v1/headlines`);
    await isolate.settle();
    const memoryHit = await isolate.fetch(`${origin}/v1/headlines`);
    const edgeHit = await testWorker({ kv }).fetch(`${origin}/v1/headlines`);

    expect(miss.headers.get('cache-status')).toBe(`khabar; fwd=miss; ttl=${HEADLINES_MAX_AGE}; stored`);
    expect(memoryHit.headers.get('cache-status')).toMatch(/^khabar; hit; ttl=\d+; detail=memory$/);
    expect(edgeHit.headers.get('cache-status')).toMatch(/^khabar; hit; ttl=\d+; detail=edge$/);
    expect(await edgeHit.json()).toEqual(await miss.json());
    expect(state.reads).toBe(1);
  });

  it('keys the cache on a normalized URL: unknown parameters, order and defaults do not make new entries', async () => {
    await seed([makeArticle(1), makeArticle(2, { section: 'sport' })]);
    const { kv, state } = instrumentedKv();
    const origin = freshOrigin();
    const worker = testWorker({ kv });

    for (const query of ['', '?limit=10', '?utm_source=x&limit=10', `?cachebust=${Math.random()}`, '?limit=10&fbclid=abc']) {
      expect((await worker.fetch(`${origin}/v1/headlines${query}`)).status).toBe(200);
    }
    await worker.settle();
    const readsForDefault = state.reads;
    for (const query of ['?section=sport&limit=3', '?limit=3&section=sport', '?x=1&section=sport&limit=3']) {
      expect((await worker.fetch(`${origin}/v1/headlines${query}`)).status).toBe(200);
    }

    expect(readsForDefault).toBe(1);
    expect(state.reads).toBe(2);
  });

  it('keys the cache on one spelling of the path and on https, so encoded paths cannot bust it', async () => {
    await seed([makeArticle(1)]);
    const { kv, state } = instrumentedKv();
    const origin = freshOrigin();
    const host = new URL(origin).host;
    const worker = testWorker({ kv });

    for (const url of [
      `${origin}/v1/headlines`,
      `${origin}/v1/%68eadlines`,
      `${origin}/%761/h%65adlines`,
      `${origin}/v1/HEADLINES`.replace('HEADLINES', '%68%65%61%64%6C%69%6E%65%73'),
      `http://${host}/v1/headlines`,
    ]) {
      const response = await worker.fetch(url);
      expect(response.status, url).toBe(200);
    }
    await worker.settle();
    await worker.fetch(`${origin}/v1/articles/article-1`);
    await worker.settle();
    await worker.fetch(`${origin}/v1/articles/%61rticle-1`);

    expect(state.reads).toBe(2);
  });

  it('reads KV with cacheTtl, so KV itself caches the record at the edge', async () => {
    await seed([makeArticle(1)]);
    const { kv, state } = instrumentedKv();

    await testWorker({ kv }).fetch(`${freshOrigin()}/v1/headlines`);

    expect(state.options).toEqual([expect.objectContaining({ cacheTtl: Number(env.KV_CACHE_TTL) })]);
  });

  it('dates a shortened list by its own items, not by articles cut from it', async () => {
    await seed([makeArticle(5), makeArticle(1, { updatedAt: '2026-12-01T00:00:00Z' })]);

    const list = (await (await testWorker().fetch(`${freshOrigin()}/v1/headlines?limit=1`)).json()) as HeadlineList;

    expect(list.items.map((h) => h.slug)).toEqual(['article-5']);
    expect(list.updatedAt).toBe(makeArticle(5).publishedAt);
  });

  it('serves a stale copy within stale-while-revalidate and refreshes it once in the background', async () => {
    await seed([makeArticle(1)]);
    const { clock, kv, url, worker } = await cachedOnce('/v1/headlines');
    await seed([makeArticle(1), makeArticle(2)]);
    clock.advance(HEADLINES_MAX_AGE + 30);

    const stale = await Promise.all([1, 2, 3].map(() => worker.fetch(url)));
    await worker.settle();
    const refreshed = await worker.fetch(url);

    for (const response of stale) {
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-status')).toBe('khabar; hit; ttl=-30; detail=stale-while-revalidate');
      expect(response.headers.get('age')).toBe(String(HEADLINES_MAX_AGE + 30));
      expect(((await response.json()) as HeadlineList).items).toHaveLength(1);
    }
    expect(kv.reads).toBe(2); // the first miss, and one refresh for three stale hits
    expect(refreshed.headers.get('cache-status')).toMatch(/^khabar; hit; ttl=\d+; detail=memory$/);
    expect(((await refreshed.json()) as HeadlineList).items).toHaveLength(2);
  });

  it('goes back to KV once a copy is older than stale-while-revalidate allows', async () => {
    await seed([makeArticle(1)]);
    const { clock, url, worker } = await cachedOnce('/v1/headlines');
    clock.advance(HEADLINES_MAX_AGE + STALE_WHILE_REVALIDATE + 1);

    const response = await worker.fetch(url);

    expect(response.headers.get('cache-status')).toBe(`khabar; fwd=stale; ttl=${HEADLINES_MAX_AGE}; stored`);
  });

  it('drops every copy when a refresh finds the article withdrawn, instead of serving it stale', async () => {
    await seed([makeArticle(1)]);
    const { clock, url, worker } = await cachedOnce('/v1/articles/article-1');
    await env.ARTICLES.delete(articleKey('article-1'));
    clock.advance(lifetimes.articleMaxAge + 1);

    const stale = await worker.fetch(url);
    await worker.settle();
    const after = await worker.fetch(url);
    const elsewhere = await testWorker({ now: clock.now }).fetch(url);

    expect(stale.status).toBe(200);
    expect(after.status).toBe(404);
    expect(elsewhere.status).toBe(404);
  });

  it('after a failed refresh, waits before asking KV again instead of asking on every stale hit', async () => {
    captureFaults();
    await seed([makeArticle(1)]);
    const { clock, kv, url, worker } = await cachedOnce('/v1/headlines');
    kv.mode = 'throw';
    clock.advance(HEADLINES_MAX_AGE + 1);

    for (let i = 0; i < 4; i++) {
      expect((await worker.fetch(url)).status).toBe(200);
      await worker.settle();
    }
    const readsWhileFailing = kv.reads;
    kv.mode = 'ok';
    clock.advance(11);
    await worker.fetch(url);
    await worker.settle();
    const fresh = await worker.fetch(url);

    expect(readsWhileFailing).toBe(2); // the first miss, and one failed refresh for four stale hits
    expect(fresh.headers.get('cache-status')).toMatch(/detail=memory$/);
  });

  it('treats a Cache API that throws as a miss and still answers from KV', async () => {
    captureFaults();
    await seed([makeArticle(1)]);
    const broken = new Proxy(caches.default, {
      get: (target, property) =>
        property === 'match' || property === 'put' ? () => Promise.reject(new Error('cache unavailable')) : Reflect.get(target, property, target),
    });
    const worker = testWorker({ cache: () => broken });

    const response = await worker.fetch(`${freshOrigin()}/v1/headlines`);
    await worker.settle();

    expect(response.status).toBe(200);
    expect(((await response.json()) as HeadlineList).items).toHaveLength(1);
  });
});

describe('what a browser is told to keep', () => {
  // The edge tier stores entries under an internal Cache-Control (their whole stale window) and swaps the client's
  // back in on a match: a broken swap would hand browsers max-age=86460 on every hit.
  const headlinesPolicy = `public, max-age=${HEADLINES_MAX_AGE}, stale-while-revalidate=${STALE_WHILE_REVALIDATE}, stale-if-error=${STALE_IF_ERROR}`;
  const articlePolicy = `public, max-age=${lifetimes.articleMaxAge}, stale-while-revalidate=${STALE_WHILE_REVALIDATE}, stale-if-error=${STALE_IF_ERROR}`;

  it('is the same Cache-Control on a miss, a memory hit, an edge hit, a stale-while-revalidate and a stale-if-error answer', async () => {
    captureFaults();
    await seed([makeArticle(1)]);
    const { clock, url, worker, first } = await cachedOnce('/v1/headlines');
    const memoryHit = await worker.fetch(url);
    const edgeHit = await testWorker({ now: clock.now }).fetch(url);
    clock.advance(HEADLINES_MAX_AGE + 1);
    const another = testWorker({ now: clock.now });
    const revalidating = await another.fetch(url);
    await another.settle(); // its refresh stores a new copy
    clock.advance(HEADLINES_MAX_AGE + STALE_WHILE_REVALIDATE + 1);
    const onError = await testWorker({ kv: failingKv(), now: clock.now }).fetch(url);

    const answers = { first, memoryHit, edgeHit, revalidating, onError };
    expect(Object.fromEntries(Object.entries(answers).map(([name, response]) => [name, response.headers.get('cache-status')?.replace(/ttl=-?\d+/, 'ttl=…')]))).toEqual({
      first: 'khabar; fwd=miss; ttl=…; stored',
      memoryHit: 'khabar; hit; ttl=…; detail=memory',
      edgeHit: 'khabar; hit; ttl=…; detail=edge',
      revalidating: 'khabar; hit; ttl=…; detail=stale-while-revalidate',
      onError: 'khabar; fwd=stale; fwd-status=503; ttl=…; detail=stale-if-error',
    });
    for (const [name, response] of Object.entries(answers)) {
      expect(response.headers.get('cache-control'), name).toBe(headlinesPolicy);
      expect([...response.headers.keys()].filter((header) => header.startsWith('x-khabar')), name).toEqual([]);
    }
  });

  it('is the article policy on an article page served from the edge', async () => {
    await seed([makeArticle(2)]);
    const { clock, url } = await cachedOnce('/articles/article-2');

    const edgeHit = await testWorker({ now: clock.now }).fetch(url);

    expect(edgeHit.headers.get('cache-status')).toMatch(/detail=edge$/);
    expect(edgeHit.headers.get('cache-control')).toBe(articlePolicy);
    expect(edgeHit.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });
});

/** A KV that fails every read: the isolate that has to fall back on its stale copy. */
function failingKv(): KVNamespace {
  const { kv, state } = instrumentedKv();
  state.mode = 'throw';
  return kv;
}
