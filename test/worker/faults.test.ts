import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { articleKey, canonicalKey, headlinesKey } from '../../content/records.ts';
import { createApp } from '../../worker/index.ts';
import type { HeadlineList } from '../../content/schema.ts';
import { RETRY_AFTER_SECONDS } from '../../worker/routes/lookup-problem.ts';
import { cachedOnce, freshOrigin, instrumentedKv, lifetimes, makeArticle, readPage, readProblem, seed, seedWithIndexes, testWorker, useFaultLog } from './support.ts';

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

describe('the HTML pages when the article cannot be read', () => {
  const PAGES = ['/articles/article-1', '/frames/articles/article-1'];

  /** A 503 page a reader can read: Arabic, its own CSP, Retry-After, never cached, nothing of the fault in it. */
  async function expectUnavailablePage(response: Response, label: string): Promise<void> {
    expect(response.status, label).toBe(503);
    expect(response.headers.get('content-type'), label).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy'), label).toMatch(/default-src 'none'/);
    expect(response.headers.get('retry-after'), label).toBe(String(RETRY_AFTER_SECONDS));
    expect(response.headers.get('cache-control'), label).toBe('no-store');
    const page = await readPage(response);
    expect((await page.one('html')).attrs, label).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect((await page.one('h1')).text, label).toMatch(/\S/);
    expect(page.raw, label).not.toMatch(/KV GET failed|Error|at |javascript:|<script/);
  }

  it.each(PAGES)('%s is a 503 page when KV fails and nothing is cached', async (path) => {
    const faults = captureFaults();
    const { kv, state } = instrumentedKv();
    state.mode = 'throw';

    const response = await testWorker({ kv }).fetch(`${freshOrigin()}${path}`);

    await expectUnavailablePage(response, path);
    expect(faults.events()).toContainEqual(expect.objectContaining({ event: 'kv-unavailable', key: articleKey('article-1') }));
  });

  it.each(PAGES)('%s is a 503 page when the record is corrupt, and the fault is logged with its reason', async (path) => {
    const faults = captureFaults();
    await env.ARTICLES.put(articleKey('article-1'), JSON.stringify({ ...makeArticle(1), url: 'javascript:alert(1)' }));

    const response = await testWorker().fetch(`${freshOrigin()}${path}`);

    await expectUnavailablePage(response, path);
    expect(faults.events()).toContainEqual(
      expect.objectContaining({ event: 'corrupt-record', key: articleKey('article-1'), problems: [expect.objectContaining({ path: 'url' })] }),
    );
  });
});

describe('oEmbed when its lookups fail', () => {
  const canonical = makeArticle(6, { slug: 'harvest-report', url: 'https://news.example/harvest-report.html' });
  const ask = (worker: ReturnType<typeof testWorker>, origin: string, url: string) =>
    worker.fetch(`${origin}/oembed?${new URLSearchParams({ url })}`);

  it.each([
    ['an article URL of ours', (origin: string) => `${origin}/articles/${canonical.slug}`],
    ["a publisher's canonical URL", () => canonical.url],
  ])('answers 503 with Retry-After for %s when KV fails, and caches nothing', async (_, urlOf) => {
    const faults = captureFaults();
    await seedWithIndexes([canonical]);
    const { kv, state } = instrumentedKv();
    state.mode = 'throw';
    const origin = freshOrigin();
    const worker = testWorker({ kv });

    const failed = await ask(worker, origin, urlOf(origin));
    await worker.settle();
    state.mode = 'ok';
    const recovered = await ask(worker, origin, urlOf(origin));

    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
    expect(JSON.stringify(await readProblem(failed))).not.toMatch(/KV GET failed|Error:/);
    expect(faults.events()).toContainEqual(expect.objectContaining({ event: 'kv-unavailable' }));
    expect(recovered.status).toBe(200);
  });

  it.each([
    ['its canonical-index record', async () => env.ARTICLES.put(await canonicalKey(canonical.url), '{"slug": 42}')],
    ['its article record', async () => env.ARTICLES.put(articleKey(canonical.slug), 'not json')],
  ])('answers 503 when %s is corrupt, and logs which', async (_, corrupt) => {
    const faults = captureFaults();
    await seedWithIndexes([canonical]);
    await corrupt();

    const response = await ask(testWorker(), freshOrigin(), canonical.url);

    expect(response.status).toBe(503);
    await readProblem(response);
    expect(faults.events()).toContainEqual(expect.objectContaining({ event: 'corrupt-record' }));
  });
});

describe('a fault no route expected', () => {
  it('is a 500 problem without its stack or message, and is logged with both', async () => {
    const faults = captureFaults();
    const app = createApp();
    app.get('/test/fault', () => {
      throw new Error('secret detail of a bug');
    });
    const origin = freshOrigin();

    const response = await app.fetch(new Request(`${origin}/test/fault`), { ...env, PUBLIC_ORIGINS: origin }, createExecutionContext());
    const text = await response.clone().text();

    expect(response.status).toBe(500);
    expect((await readProblem(response)).type).toBe('https://khabar.example/problems/internal-error');
    expect(text).not.toMatch(/secret detail|at |\.ts/);
    expect(response.headers.get('access-control-allow-origin'), 'still readable by the partner page that asked').toBe('*');
    expect(faults.events()).toContainEqual(
      expect.objectContaining({ event: 'unhandled', path: '/test/fault', message: 'secret detail of a bug', stack: expect.stringContaining('Error') }),
    );
  });
});

describe('invalid [vars]', () => {
  it.each([
    ['PUBLIC_ORIGINS', ''],
    ['PUBLIC_ORIGINS', 'khabar.example'],
    ['PUBLIC_ORIGINS', 'https://khabar.example/api'],
    ['PUBLIC_ORIGINS', 'https://khabar.example, ftp://khabar.example'],
    ['PUBLIC_ORIGINS', 'https://user@khabar.example'],
    ['SITE_ORIGIN', 'not a url'],
    ['HEADLINES_MAX_AGE', 'sixty'],
    ['NOT_FOUND_MAX_AGE', '-1'],
    ['KV_TIMEOUT_MS', '2.5'],
    ['LOG_REQUESTS', 'yes'],
  ])('%s = %j: every request is a 500 problem, and the log names the var', async (name, value) => {
    const faults = captureFaults();
    const origin = 'https://khabar.example';

    const response = await testWorker({ vars: { PUBLIC_ORIGINS: origin, [name]: value } }).fetch(`${origin}/v1/headlines`);
    const problem = await readProblem(response);

    expect(response.status).toBe(500);
    // The configuration that names SITE_ORIGIN is what failed: the type is relative, never built on the Host.
    expect(problem.type).toBe('/problems/internal-error');
    expect(JSON.stringify(problem)).not.toContain(name);
    expect(faults.events()).toContainEqual(expect.objectContaining({ event: 'unhandled', message: expect.stringContaining(`${name}: `) }));
  });
});
