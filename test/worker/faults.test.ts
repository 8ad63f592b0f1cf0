import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { articleKey, headlinesKey } from '../../content/records.ts';
import type { HeadlineList } from '../../content/schema.ts';
import { RETRY_AFTER_SECONDS } from '../../worker/routes/lookup-problem.ts';
import { cachedOnce, freshOrigin, instrumentedKv, lifetimes, makeArticle, readProblem, seed, testWorker, useFaultLog } from './support.ts';

const { headlinesMaxAge: HEADLINES_MAX_AGE, staleWhileRevalidate: STALE_WHILE_REVALIDATE, staleIfError: STALE_IF_ERROR } = lifetimes;

const captureFaults = useFaultLog();

describe('when KV fails', () => {
  it('serves the last good copy, marked stale, within stale-if-error', async () => {
    captureFaults();
    await seed([makeArticle(1)]);
    const { clock, kv, url, worker, first } = await cachedOnce('/v1/headlines');
    kv.mode = 'throw';
    clock.advance(HEADLINES_MAX_AGE + STALE_WHILE_REVALIDATE + 3600);

    const response = await worker.fetch(url);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(await first.json());
    expect(response.headers.get('cache-status')).toBe(`khabar; fwd=stale; fwd-status=503; ttl=${-(STALE_WHILE_REVALIDATE + 3600)}; detail=stale-if-error`);
    expect(response.headers.get('age')).toBe(String(HEADLINES_MAX_AGE + STALE_WHILE_REVALIDATE + 3600));
  });

  it('answers 503 with Retry-After when there is no copy to fall back on, or the copy is too old', async () => {
    const faults = captureFaults();
    await seed([makeArticle(1)]);
    const { clock, kv, url, worker } = await cachedOnce('/v1/headlines?section=news');
    kv.mode = 'throw';
    clock.advance(HEADLINES_MAX_AGE + STALE_IF_ERROR + 1);

    const neverCached = await worker.fetch(url.replace('/v1/headlines?section=news', '/v1/articles/article-1'));
    const tooOld = await worker.fetch(url);

    for (const response of [neverCached, tooOld]) {
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
      const problem = await readProblem(response);
      expect(JSON.stringify(problem)).not.toMatch(/at |Error:|KV GET failed/);
    }
    expect(faults.events()).toContainEqual(expect.objectContaining({ event: 'kv-unavailable' }));
  });

  it('counts a KV read that does not answer in time as a failure', async () => {
    captureFaults();
    await seed([makeArticle(1)]);
    const { kv, state } = instrumentedKv();
    state.mode = 'hang';
    const worker = testWorker({ kv, vars: { KV_TIMEOUT_MS: '50' } });

    const response = await worker.fetch(`${freshOrigin()}/v1/articles/article-1`);

    expect(response.status).toBe(503);
    await readProblem(response);
  });
});

describe('corrupt records', () => {
  it('answers 503 for an article whose record is not JSON or breaks the schema, and logs which', async () => {
    const faults = captureFaults();
    await env.ARTICLES.put(articleKey('not-json'), '{"slug": "not-json", "title": ');
    await env.ARTICLES.put(articleKey('bad-url'), JSON.stringify({ ...makeArticle(1, { slug: 'bad-url' }), url: 'javascript:alert(1)' }));
    const worker = testWorker();

    const notJson = await worker.fetch(`${freshOrigin()}/v1/articles/not-json`);
    const badUrl = await worker.fetch(`${freshOrigin()}/v1/articles/bad-url`);

    expect(notJson.status).toBe(503);
    expect(notJson.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
    expect(badUrl.status).toBe(503);
    expect(JSON.stringify(await readProblem(badUrl))).not.toContain('javascript');
    const logged = faults.events();
    expect(logged).toContainEqual(expect.objectContaining({ event: 'corrupt-record', key: articleKey('not-json') }));
    expect(logged).toContainEqual(expect.objectContaining({ event: 'corrupt-record', key: articleKey('bad-url'), problems: [expect.objectContaining({ path: 'url' })] }));
  });

  it('skips a corrupt item in a headline list and serves the rest', async () => {
    const faults = captureFaults();
    const good = [makeArticle(3), makeArticle(1)].map(({ body: _body, tags: _tags, ...headline }) => headline);
    const list = { items: [good[0], { slug: 'broken', title: 42 }, good[1]], updatedAt: good[0]!.publishedAt };
    await env.ARTICLES.put(headlinesKey('mixed'), JSON.stringify(list));

    const response = await testWorker().fetch(`${freshOrigin()}/v1/headlines?section=mixed`);

    expect(response.status).toBe(200);
    expect(((await response.json()) as HeadlineList).items.map((h) => h.slug)).toEqual(['article-3', 'article-1']);
    expect(faults.events()).toContainEqual(expect.objectContaining({ event: 'corrupt-record', item: 1 }));
  });

  it('answers 503 when a whole headline list is unreadable', async () => {
    captureFaults();
    await env.ARTICLES.put(headlinesKey('garbled'), 'not json at all');

    const response = await testWorker().fetch(`${freshOrigin()}/v1/headlines?section=garbled`);

    expect(response.status).toBe(503);
    await readProblem(response);
  });
});
