/**
 * Costs an outsider could multiply, with wrangler.toml's lifetimes: every oEmbed maxwidth × maxheight pair as its
 * own cache entry and KV reads, and every repeat of an unknown slug, section or oEmbed URL as KV reads. Each is
 * answered from cache now, and each answer is still the one the exact request deserves.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { articleKey } from '../../content/records.ts';
import { freshOrigin, instrumentedKv, lifetimes, makeArticle, manualClock, readProblem, seedWithIndexes, testWorker, useFaultLog } from './support.ts';

const captureFaults = useFaultLog();
const { notFoundMaxAge: NOT_FOUND_MAX_AGE, articleMaxAge: ARTICLE_MAX_AGE } = lifetimes;
const IMAGE = { src: 'https://img.example/7.jpg', alt: 'صورة', width: 400, height: 300 };

describe('oEmbed maxwidth and maxheight', () => {
  it('make no new cache entries and no KV reads, and each answer fits the exact size asked', async () => {
    const article = makeArticle(7, { slug: 'harvest-report', image: IMAGE, url: 'https://news.example/2026/harvest-report.html' });
    await seedWithIndexes([article]);
    const { kv, state } = instrumentedKv();
    const origin = freshOrigin();
    const worker = testWorker({ kv });
    const ask = (size: Record<string, string>) => worker.fetch(`${origin}/oembed?${new URLSearchParams({ url: article.url, ...size })}`);
    await ask({});
    await worker.settle();
    const readsForFirst = state.reads;

    // [maxwidth, maxheight] → the width the card must have, and whether the 400×300 picture fits as thumbnail.
    const cases: Array<[string | undefined, string | undefined, number, boolean]> = [
      ['280', undefined, 280, false],
      ['399', undefined, 399, false],
      ['400', undefined, 400, true],
      ['401', '299', 401, false],
      ['479', '300', 479, true],
      ['480', undefined, 480, true],
      ['99999', '99999', 480, true],
      [undefined, '150', 480, false],
    ];
    for (const [maxwidth, maxheight, width, thumbnail] of cases) {
      const response = await ask({ ...(maxwidth && { maxwidth }), ...(maxheight && { maxheight }) });
      const body = (await response.json()) as { width: number; height: number; html: string; thumbnail_url?: string; thumbnail_width?: number };
      const label = `maxwidth=${maxwidth} maxheight=${maxheight}`;

      expect(response.headers.get('cache-status'), label).toMatch(/^khabar; hit; ttl=\d+; detail=edge$/);
      expect({ width: body.width, height: body.height }, label).toEqual({ width, height: 150 });
      expect(body.html, label).toContain(`width="${width}" height="150"`);
      expect(body.thumbnail_url !== undefined, `${label}: thumbnail`).toBe(thumbnail);
      if (thumbnail) expect(body.thumbnail_width).toBe(IMAGE.width);
    }
    expect(readsForFirst, 'the canonical index, then the article').toBe(2);
    expect(state.reads).toBe(2);
  });

  it('give each answer its own strong ETag, so a revalidation of one size is not answered for another', async () => {
    await seedWithIndexes([makeArticle(8)]);
    const origin = freshOrigin();
    const worker = testWorker();
    const url = (maxwidth: string) => `${origin}/oembed?${new URLSearchParams({ url: `${origin}/articles/article-8`, maxwidth })}`;

    const narrow = await worker.fetch(url('300'));
    const wide = await worker.fetch(url('400'));
    const revalidated = await worker.fetch(url('400'), { headers: { 'If-None-Match': narrow.headers.get('etag')! } });

    expect(narrow.headers.get('etag')).not.toBe(wide.headers.get('etag'));
    expect(revalidated.status).toBe(200);
  });
});

describe('a 404 from KV', () => {
  const ASKED = [
    ['an unknown article', '/v1/articles/no-such-article'],
    ['an unknown article page', '/articles/no-such-article'],
    ['an unknown article card', '/frames/articles/no-such-article'],
    ['an unknown section', '/v1/headlines?section=no-such-section'],
    ['an oEmbed URL that is not ours', `/oembed?url=${encodeURIComponent('https://elsewhere.example/story')}`],
    ['an oEmbed URL of an unknown article', `/oembed?url=${encodeURIComponent('https://khabar.example/articles/no-such-article')}`],
  ] as const;

  it.each(ASKED)('for %s is kept briefly: the repeat is a hit that reads no KV, and clients are told no-store', async (_, path) => {
    await seedWithIndexes([makeArticle(1)]);
    const { kv, state } = instrumentedKv();
    const origin = freshOrigin();
    const worker = testWorker({ kv });

    const first = await worker.fetch(`${origin}${path}`);
    await worker.settle();
    const readsForFirst = state.reads;
    const again = await worker.fetch(`${origin}${path}`);
    const elsewhere = await testWorker({ kv }).fetch(`${origin}${path}`);

    expect(first.status).toBe(404);
    expect(first.headers.get('cache-status')).toBe(`khabar; fwd=miss; ttl=${NOT_FOUND_MAX_AGE}; stored`);
    expect(readsForFirst).toBeGreaterThan(0);
    for (const repeat of [again, elsewhere]) {
      expect(repeat.status).toBe(404);
      expect(repeat.headers.get('cache-status')).toMatch(/^khabar; hit; ttl=\d+; detail=(memory|edge)$/);
      expect(repeat.headers.get('cache-control')).toBe('no-store');
      expect(await repeat.text()).toBe(await first.clone().text());
    }
    expect(state.reads).toBe(readsForFirst);
  });

  it(`is asked again after NOT_FOUND_MAX_AGE (${NOT_FOUND_MAX_AGE} s), so an article published meanwhile shows`, async () => {
    const clock = manualClock();
    const { kv, state } = instrumentedKv();
    const origin = freshOrigin();
    const worker = testWorker({ kv, now: clock.now });
    const url = `${origin}/v1/articles/late-article`;

    const before = await worker.fetch(url);
    await worker.settle();
    await seedWithIndexes([makeArticle(3, { slug: 'late-article' })]);
    clock.advance(NOT_FOUND_MAX_AGE - 1);
    const stillKept = await worker.fetch(url);
    clock.advance(1);
    const published = await worker.fetch(url);

    expect([before.status, stillKept.status, published.status]).toEqual([404, 404, 200]);
    expect(published.headers.get('cache-status')).toMatch(/^khabar; fwd=miss;/);
    expect(state.reads).toBe(2);
  });

  it('replaces the stored copy of an article withdrawn, as soon as that copy is stale, in every isolate', async () => {
    await seedWithIndexes([makeArticle(4)]);
    const clock = manualClock();
    const origin = freshOrigin();
    const worker = testWorker({ now: clock.now });
    const url = `${origin}/articles/article-4`;
    await worker.fetch(url);
    await worker.settle();
    await env.ARTICLES.delete(articleKey('article-4'));
    clock.advance(ARTICLE_MAX_AGE + 1);

    const stale = await worker.fetch(url); // within stale-while-revalidate: served, and refreshed behind it
    await worker.settle();
    const after = await worker.fetch(url);
    const elsewhere = await testWorker({ now: clock.now }).fetch(url);

    expect(stale.status).toBe(200);
    expect(stale.headers.get('cache-status')).toMatch(/detail=stale-while-revalidate$/);
    for (const gone of [after, elsewhere]) {
      expect(gone.status).toBe(404);
      expect(gone.headers.get('cache-status')).toMatch(/^khabar; hit;/);
    }
  });

  it('is never served stale, nor instead of a 503 when KV fails after it expired', async () => {
    captureFaults();
    const clock = manualClock();
    const { kv, state } = instrumentedKv();
    const origin = freshOrigin();
    const worker = testWorker({ kv, now: clock.now });
    const url = `${origin}/v1/articles/no-such-article`;
    await worker.fetch(url);
    await worker.settle();
    clock.advance(NOT_FOUND_MAX_AGE + 1);
    state.mode = 'throw';

    const response = await worker.fetch(url);

    expect(response.status).toBe(503);
    expect(response.headers.get('cache-status')).toBe('khabar; fwd=miss');
    await readProblem(response);
  });

  it('is not kept when NOT_FOUND_MAX_AGE is 0 (npm start), so a new file shows on the next request', async () => {
    const { kv, state } = instrumentedKv();
    const origin = freshOrigin();
    const worker = testWorker({ kv, vars: { NOT_FOUND_MAX_AGE: '0' } });
    const url = `${origin}/v1/articles/new-file`;

    const before = await worker.fetch(url);
    await worker.settle();
    await seedWithIndexes([makeArticle(5, { slug: 'new-file' })]);
    const after = await worker.fetch(url);

    expect(before.status).toBe(404);
    expect(before.headers.get('cache-status')).toBe('khabar; fwd=miss');
    expect(after.status).toBe(200);
    expect(state.reads).toBe(2);
  });
});
