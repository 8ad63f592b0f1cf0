/**
 * What is stored under a normalized cache key is built from the normalized request alone. With wrangler.toml's
 * lifetimes (npm start's freshness 0 would hide it), a first reader who spells a path or URL oddly must not leave
 * that spelling in what every later reader of the plain one is served.
 */
import { describe, expect, it } from 'vitest';
import { freshOrigin, makeArticle, readPage, readProblem, seedWithIndexes, testWorker } from './support.ts';

const ARTICLE = makeArticle(1, { slug: 'tayrat-alsalam-tastaanif-rihlatiha' });
/** The same path, one letter percent-encoded: routing decodes it to the same slug, so it is the same cache entry. */
const ENCODED = '/articles/%74ayrat-alsalam-tastaanif-rihlatiha';
const PLAIN = `/articles/${ARTICLE.slug}`;

describe('a first reader with an encoded path', () => {
  it('leaves the article page with oEmbed discovery and page URL built from the plain path, which answer', async () => {
    await seedWithIndexes([ARTICLE]);
    const origin = freshOrigin();
    const worker = testWorker();

    const first = await worker.fetch(`${origin}${ENCODED}`);
    await worker.settle();
    const later = await worker.fetch(`${origin}${PLAIN}`);
    const page = await readPage(later);
    const discovery = new URL((await page.one('link[rel="alternate"][type="application/json+oembed"]')).attrs['href']!);
    const oembed = await worker.fetch(discovery.href);

    expect(first.status).toBe(200);
    expect(later.headers.get('cache-status'), 'the later reader gets the stored page').toMatch(/^khabar; hit; .*detail=(edge|memory)$/);
    expect(discovery.searchParams.get('url')).toBe(`${origin}${PLAIN}`);
    expect(page.raw).not.toContain('%74ayrat');
    expect(page.raw).not.toContain('%2574');
    expect(oembed.status, 'the discovery link answers').toBe(200);
    expect(((await oembed.json()) as { title: string }).title).toBe(ARTICLE.title);
  });

  it('leaves the 404 page of an unknown article naming the plain path', async () => {
    const origin = freshOrigin();
    const worker = testWorker();

    await worker.fetch(`${origin}/articles/%6Eo-such-article`);
    await worker.settle();
    const later = await worker.fetch(`${origin}/articles/no-such-article`);
    const text = await later.text();

    expect(later.status).toBe(404);
    expect(later.headers.get('cache-status')).toMatch(/^khabar; hit;/);
    expect(text).toContain('/articles/no-such-article');
    expect(text).not.toContain('%6E');
  });

  it.each([
    ['the article JSON', '/v1/articles/%61rticle-2', '/v1/articles/article-2'],
    ['the article card', '/frames/articles/%61rticle-2', '/frames/articles/article-2'],
    ['a headline list', '/v1/%68eadlines?limit=1&utm_source=%3Cscript%3E', '/v1/headlines?limit=1'],
  ])('leaves %s exactly as the plain request would have it', async (_, oddly, plainly) => {
    await seedWithIndexes([makeArticle(2)]);
    const origin = freshOrigin();
    const worker = testWorker();
    const reference = await (await testWorker().fetch(`${freshOrigin()}${plainly}`)).text();

    const first = await worker.fetch(`${origin}${oddly}`);
    await worker.settle();
    const later = await worker.fetch(`${origin}${plainly}`);

    expect(first.status).toBe(200);
    expect(later.headers.get('cache-status')).toMatch(/^khabar; hit;/);
    // The reference ran on another origin: the card's CSP names it, nothing in the body does.
    expect(await later.text()).toBe(reference);
  });

  it('leaves an oEmbed answer whose frame is the plain article path, for a URL given with a trailing slash or http:', async () => {
    await seedWithIndexes([ARTICLE]);
    const origin = freshOrigin();
    const worker = testWorker();
    const ask = (url: string) => worker.fetch(`${origin}/oembed?${new URLSearchParams({ url })}`);

    const first = await ask(`${origin.replace('https:', 'http:')}${PLAIN}/`);
    await worker.settle();
    const later = await ask(`${origin}${PLAIN}`);
    const body = (await later.json()) as { html: string };

    expect(first.status).toBe(200);
    expect(later.headers.get('cache-status')).toMatch(/^khabar; hit;/);
    expect(body.html).toContain(`src="${origin}/frames${PLAIN}"`);
  });

  it('leaves the 404 of an unknown section naming the section, not the query as spelled', async () => {
    const origin = freshOrigin();
    const worker = testWorker();

    await worker.fetch(`${origin}/v1/headlines?section=no-such-section&x=%3Cscript%3E`);
    await worker.settle();
    const later = await worker.fetch(`${origin}/v1/headlines?section=no-such-section`);
    const problem = await readProblem(later);

    expect(later.status).toBe(404);
    expect(later.headers.get('cache-status')).toMatch(/^khabar; hit;/);
    expect(problem.detail).toBe('There is no section "no-such-section".');
  });
});
