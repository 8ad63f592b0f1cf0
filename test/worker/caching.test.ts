import { describe, expect, it } from 'vitest';
import type { HeadlineList } from '../../content/schema.ts';
import { freshOrigin, instrumentedKv, makeArticle, manualClock, seed, testWorker } from './support.ts';

const HEADLINES_MAX_AGE = 60;
const STALE_WHILE_REVALIDATE = 600;
const STALE_IF_ERROR = 86_400;

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

    expect(miss.headers.get('cache-status')).toBe('khabar; fwd=miss; ttl=60; stored');
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

  it('serves a stale copy within stale-while-revalidate and refreshes it once in the background', async () => {
    const clock = manualClock();
    await seed([makeArticle(1)]);
    const { kv, state } = instrumentedKv();
    const origin = freshOrigin();
    const worker = testWorker({ kv, now: clock.now });
    await worker.fetch(`${origin}/v1/headlines`);
    await worker.settle();
    await seed([makeArticle(1), makeArticle(2)]);
    clock.advance(HEADLINES_MAX_AGE + 30);

    const stale = await Promise.all([1, 2, 3].map(() => worker.fetch(`${origin}/v1/headlines`)));
    await worker.settle();
    const refreshed = await worker.fetch(`${origin}/v1/headlines`);

    for (const response of stale) {
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-status')).toBe('khabar; hit; ttl=-30; detail=stale-while-revalidate');
      expect(response.headers.get('age')).toBe(String(HEADLINES_MAX_AGE + 30));
      expect(((await response.json()) as HeadlineList).items).toHaveLength(1);
    }
    expect(state.reads).toBe(2); // the first miss, and one refresh for three stale hits
    expect(refreshed.headers.get('cache-status')).toMatch(/^khabar; hit; ttl=\d+; detail=memory$/);
    expect(((await refreshed.json()) as HeadlineList).items).toHaveLength(2);
  });

  it('goes back to KV once a copy is older than stale-while-revalidate allows', async () => {
    const clock = manualClock();
    await seed([makeArticle(1)]);
    const origin = freshOrigin();
    const worker = testWorker({ now: clock.now });
    await worker.fetch(`${origin}/v1/headlines`);
    await worker.settle();
    clock.advance(HEADLINES_MAX_AGE + STALE_WHILE_REVALIDATE + 1);

    const response = await worker.fetch(`${origin}/v1/headlines`);

    expect(response.headers.get('cache-status')).toBe('khabar; fwd=stale; ttl=60; stored');
  });
});
