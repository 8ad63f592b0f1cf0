import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { articleKey, headlinesKey } from '../../content/records.ts';
import type { HeadlineList } from '../../content/schema.ts';
import { freshOrigin, instrumentedKv, lifetimes, makeArticle, manualClock, readProblem, seed, testWorker } from './support.ts';

const { headlinesMaxAge: HEADLINES_MAX_AGE, staleWhileRevalidate: STALE_WHILE_REVALIDATE, staleIfError: STALE_IF_ERROR } = lifetimes;

afterEach(() => {
  vi.restoreAllMocks();
});

function captureErrors(): string[] {
  const lines: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((line: unknown) => void lines.push(String(line)));
  return lines;
}

describe('when KV fails', () => {
  it('serves the last good copy, marked stale, within stale-if-error', async () => {
    captureErrors();
    const clock = manualClock();
    await seed([makeArticle(1)]);
    const { kv, state } = instrumentedKv();
    const origin = freshOrigin();
    const worker = testWorker({ kv, now: clock.now });
    const good = await (await worker.fetch(`${origin}/v1/headlines`)).json();
    await worker.settle();
    state.mode = 'throw';
    clock.advance(HEADLINES_MAX_AGE + STALE_WHILE_REVALIDATE + 3600);

    const response = await worker.fetch(`${origin}/v1/headlines`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(good);
    expect(response.headers.get('cache-status')).toBe(`khabar; fwd=stale; fwd-status=503; ttl=${-(STALE_WHILE_REVALIDATE + 3600)}; detail=stale-if-error`);
    expect(response.headers.get('age')).toBe(String(HEADLINES_MAX_AGE + STALE_WHILE_REVALIDATE + 3600));
  });

  it('answers 503 with Retry-After when there is no copy to fall back on, or the copy is too old', async () => {
    const errors = captureErrors();
    const clock = manualClock();
    await seed([makeArticle(1)]);
    const { kv, state } = instrumentedKv();
    const origin = freshOrigin();
    const worker = testWorker({ kv, now: clock.now });
    await worker.fetch(`${origin}/v1/headlines?section=news`);
    await worker.settle();
    state.mode = 'throw';
    clock.advance(HEADLINES_MAX_AGE + STALE_IF_ERROR + 1);

    const neverCached = await worker.fetch(`${origin}/v1/articles/article-1`);
    const tooOld = await worker.fetch(`${origin}/v1/headlines?section=news`);

    for (const response of [neverCached, tooOld]) {
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('30');
      const problem = await readProblem(response);
      expect(JSON.stringify(problem)).not.toMatch(/at |Error:|KV GET failed/);
    }
    expect(errors.some((line) => JSON.parse(line).event === 'kv-unavailable')).toBe(true);
  });

  it('counts a KV read that does not answer in time as a failure', async () => {
    captureErrors();
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
    const errors = captureErrors();
    await env.ARTICLES.put(articleKey('not-json'), '{"slug": "not-json", "title": ');
    await env.ARTICLES.put(articleKey('bad-url'), JSON.stringify({ ...makeArticle(1, { slug: 'bad-url' }), url: 'javascript:alert(1)' }));
    const worker = testWorker();

    const notJson = await worker.fetch(`${freshOrigin()}/v1/articles/not-json`);
    const badUrl = await worker.fetch(`${freshOrigin()}/v1/articles/bad-url`);

    expect(notJson.status).toBe(503);
    expect(notJson.headers.get('retry-after')).toBe('30');
    expect(badUrl.status).toBe(503);
    expect(JSON.stringify(await readProblem(badUrl))).not.toContain('javascript');
    const logged = errors.map((line) => JSON.parse(line) as { event: string; key: string; problems?: Array<{ path: string }> });
    expect(logged).toContainEqual(expect.objectContaining({ event: 'corrupt-record', key: articleKey('not-json') }));
    expect(logged).toContainEqual(expect.objectContaining({ event: 'corrupt-record', key: articleKey('bad-url'), problems: [expect.objectContaining({ path: 'url' })] }));
  });

  it('skips a corrupt item in a headline list and serves the rest', async () => {
    const errors = captureErrors();
    const good = [makeArticle(3), makeArticle(1)].map(({ body: _body, tags: _tags, ...headline }) => headline);
    const list = { items: [good[0], { slug: 'broken', title: 42 }, good[1]], updatedAt: good[0]!.publishedAt };
    await env.ARTICLES.put(headlinesKey('mixed'), JSON.stringify(list));

    const response = await testWorker().fetch(`${freshOrigin()}/v1/headlines?section=mixed`);

    expect(response.status).toBe(200);
    expect(((await response.json()) as HeadlineList).items.map((h) => h.slug)).toEqual(['article-3', 'article-1']);
    expect(errors.map((line) => JSON.parse(line))).toContainEqual(expect.objectContaining({ event: 'corrupt-record', item: 1 }));
  });

  it('answers 503 when a whole headline list is unreadable', async () => {
    captureErrors();
    await env.ARTICLES.put(headlinesKey('garbled'), 'not json at all');

    const response = await testWorker().fetch(`${freshOrigin()}/v1/headlines?section=garbled`);

    expect(response.status).toBe(503);
    await readProblem(response);
  });
});
