/**
 * GET /oembed: what a CMS gets when an editor pastes one of our URLs (an article page, a publisher's canonical
 * article URL, a configured carousel), read from real (Miniflare) KV as the content build writes it.
 */
import { describe, expect, it } from 'vitest';
import type { Article } from '../../content/schema.ts';
import { PREVIEW_ORIGINS, fetchWorker, freshOrigin, makeArticle, readPage, readProblem, seedWithIndexes, testWorker } from './support.ts';
import type { OembedResponse as OEmbed } from '../../worker/oembed/oembed-response.ts';

/** SITE_ORIGIN in wrangler.toml. */
const SITE_ORIGIN = 'https://khabar.example';
const SANDBOX = 'allow-scripts allow-popups allow-popups-to-escape-sandbox';
const CAROUSEL = { width: 600, height: 232 };
const CARD = { width: 480, height: 150 };
const IMAGE = { src: 'https://img.example/7.jpg', alt: 'صورة', width: 1200, height: 800 };


/** Asks the worker at `origin` about `url`, with more query parameters if given. */
function oembed(origin: string, url: string | undefined, extra: Record<string, string> = {}): Promise<Response> {
  const params = new URLSearchParams(url === undefined ? extra : { url, ...extra });
  return fetchWorker(`${origin}/oembed?${params}`);
}

async function readOEmbed(response: Response): Promise<OEmbed> {
  expect(response.status, await response.clone().text()).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as OEmbed;
}

/** The one iframe `html` must be, its attributes as a browser reads them. */
async function frameOf(body: OEmbed) {
  expect(body.html.trim()).toMatch(/^<iframe\s[^<]*><\/iframe>$/);
  const page = await readPage(new Response(body.html));
  return (await page.one('iframe')).attrs;
}

const articleWithImage = makeArticle(7, { slug: 'border-crossing-reopens', image: IMAGE, title: 'إعادة فتح "المعبر" <الحدودي>' });
const articleWithoutImage = makeArticle(8, { slug: 'talks-resume' });
/** A publisher whose canonical article URLs are on its own site and path scheme, not /articles/:slug. */
const elsewhere = makeArticle(9, { slug: 'harvest-report', url: 'https://news.example/2026/11/25/harvest-report.html?ref=rss' });
const onSite = makeArticle(10, { slug: 'on-site', url: `${SITE_ORIGIN}/2026/11/on-site-story` });
const ALL: Article[] = [articleWithImage, articleWithoutImage, elsewhere, onSite];

describe('an article URL', () => {
  it('on the request origin answers a rich article card, with every member the contract names', async () => {
    await seedWithIndexes(ALL);
    const origin = freshOrigin();

    const body = await readOEmbed(await oembed(origin, `${origin}/articles/${articleWithImage.slug}`, { format: 'json' }));

    expect(body).toEqual({
      version: '1.0',
      type: 'rich',
      provider_name: 'khabar',
      provider_url: SITE_ORIGIN,
      title: articleWithImage.title,
      html: expect.any(String),
      width: CARD.width,
      height: CARD.height,
      cache_age: expect.any(Number),
      author_name: articleWithImage.source,
      thumbnail_url: IMAGE.src,
      thumbnail_width: IMAGE.width,
      thumbnail_height: IMAGE.height,
    });
    expect(Number.isInteger(body.cache_age) && body.cache_age > 0, `cache_age ${body.cache_age}`).toBe(true);
    expect(await frameOf(body)).toEqual({
      src: `${origin}/frames/articles/${articleWithImage.slug}`,
      width: String(CARD.width),
      height: String(CARD.height),
      title: expect.stringMatching(/\S/),
      loading: 'lazy',
      frameborder: '0',
      sandbox: SANDBOX,
    });
  });

  it('has no thumbnail members when the article has no image', async () => {
    await seedWithIndexes(ALL);
    const origin = freshOrigin();

    const body = await readOEmbed(await oembed(origin, `${origin}/articles/${articleWithoutImage.slug}`));

    expect(Object.keys(body).sort()).toEqual(
      ['version', 'type', 'provider_name', 'provider_url', 'title', 'html', 'width', 'height', 'cache_age', 'author_name'].sort(),
    );
    expect(body.title).toBe(articleWithoutImage.title);
  });

  it('on SITE_ORIGIN answers the same card (the iframe still comes from the worker asked)', async () => {
    await seedWithIndexes(ALL);
    const origin = freshOrigin();

    const body = await readOEmbed(await oembed(origin, `${SITE_ORIGIN}/articles/${articleWithoutImage.slug}`));

    expect(body.title).toBe(articleWithoutImage.title);
    expect((await frameOf(body))['src']).toBe(`${origin}/frames/articles/${articleWithoutImage.slug}`);
  });

  it('points at a frame that really shows the article', async () => {
    await seedWithIndexes(ALL);
    const origin = freshOrigin();

    const body = await readOEmbed(await oembed(origin, `${origin}/articles/${articleWithImage.slug}`));
    const frame = await fetchWorker((await frameOf(body))['src']!);

    expect(frame.status).toBe(200);
    expect((await (await readPage(frame)).one('body')).text).toContain(articleWithImage.title);
  });

  it.each([
    ['on another site', elsewhere],
    ['on SITE_ORIGIN but not under /articles/', onSite],
  ])('given as its canonical URL %s answers its card', async (_, article) => {
    await seedWithIndexes(ALL);
    const origin = freshOrigin();

    const body = await readOEmbed(await oembed(origin, article.url));

    expect(body.title).toBe(article.title);
    expect(body.author_name).toBe(article.source);
    expect((await frameOf(body))['src']).toBe(`${origin}/frames/articles/${article.slug}`);
  });

  it.each([
    ['with a #fragment', `${elsewhere.url}#comments`, elsewhere],
    ['as http:', elsewhere.url.replace('https:', 'http:'), elsewhere],
    ['with utm_ tracking parameters, as the carousel links to it', `${elsewhere.url}&utm_source=paper1&utm_medium=khabar`, elsewhere],
    ['with a trailing slash', `${onSite.url}/`, onSite],
    ['on SITE_ORIGIN, as http: with a #fragment', `${onSite.url.replace('https:', 'http:')}#top`, onSite],
  ])('given as a canonical URL %s still answers its own card', async (_, url, article) => {
    await seedWithIndexes(ALL);
    const origin = freshOrigin();

    const body = await readOEmbed(await oembed(origin, url));

    expect(body.title).toBe(article.title);
    expect((await frameOf(body))['src']).toBe(`${origin}/frames/articles/${article.slug}`);
  });

  it('leaves the thumbnail out when the picture exceeds maxwidth, as oEmbed requires', async () => {
    await seedWithIndexes(ALL);
    const origin = freshOrigin();

    const body = await readOEmbed(await oembed(origin, `${origin}/articles/${articleWithImage.slug}`, { maxwidth: String(IMAGE.width - 1) }));

    expect(Object.keys(body).filter((key) => key.startsWith('thumbnail'))).toEqual([]);
    expect(body.title).toBe(articleWithImage.title);
  });

  it('knows the worker under its other loopback name (the preview answers on both)', async () => {
    await seedWithIndexes(ALL);

    const preview = testWorker({ vars: { PUBLIC_ORIGINS: PREVIEW_ORIGINS } });
    const params = new URLSearchParams({ url: `http://127.0.0.1:8787/articles/${articleWithoutImage.slug}` });

    const body = await readOEmbed(await preview.fetch(`http://localhost:8787/oembed?${params}`));

    expect(body.title).toBe(articleWithoutImage.title);
  });
});

describe('a carousel URL', () => {
  it.each([
    ['the configurator with options', '/?limit=3&theme=dark&section=news'],
    ['the carousel frame', '/frames/carousel?limit=3&theme=dark&section=news'],
  ])('(%s) answers the carousel those options configure', async (_, path) => {
    await seedWithIndexes(ALL);
    const origin = freshOrigin();

    const body = await readOEmbed(await oembed(origin, `${origin}${path}`));
    const frame = await frameOf(body);
    const src = new URL(frame['src']!);

    expect(body).toMatchObject({ version: '1.0', type: 'rich', provider_name: 'khabar', provider_url: SITE_ORIGIN, ...CAROUSEL });
    expect(body.title).toMatch(/\S/);
    expect(Object.keys(body).filter((key) => key.startsWith('thumbnail') || key === 'author_name')).toEqual([]);
    expect(`${src.origin}${src.pathname}`).toBe(`${origin}/frames/carousel`);
    expect(optionsOf(src.searchParams)).toEqual({ ...DEFAULTS, limit: '3', theme: 'dark', section: 'news' });
    expect(frame).toMatchObject({ width: String(CAROUSEL.width), height: String(CAROUSEL.height), loading: 'lazy', frameborder: '0', sandbox: SANDBOX });
  });

  it('answers the default carousel for the bare configurator URL, its invalid options dropped', async () => {
    const origin = freshOrigin();

    const body = await readOEmbed(await oembed(origin, `${origin}/?limit=500&theme=neon`));
    const src = new URL((await frameOf(body))['src']!);

    expect(optionsOf(src.searchParams)).toEqual(DEFAULTS);
    const frame = await fetchWorker(src.href);
    expect(frame.status).toBe(200);
    expect(await frame.text()).toContain(`<script async src="${origin}/embed.js"></script>`);
  });
});

describe('maxwidth and maxheight', () => {
  const carouselUrl = (origin: string) => `${origin}/?limit=3`;

  it.each([
    [{ maxwidth: '400' }, 400],
    [{ maxwidth: '280' }, 280],
    [{ maxwidth: '600' }, 600],
    [{ maxwidth: '2000', maxheight: '2000' }, 600],
    [{ maxheight: '232' }, 600],
  ])('%o gives a carousel %i px wide at its natural height', async (limits, width) => {
    const origin = freshOrigin();

    const body = await readOEmbed(await oembed(origin, carouselUrl(origin), limits));

    expect({ width: body.width, height: body.height }).toEqual({ width, height: CAROUSEL.height });
    expect(await frameOf(body)).toMatchObject({ width: String(width), height: String(CAROUSEL.height) });
  });

  it('shrinks an article card to maxwidth too', async () => {
    await seedWithIndexes(ALL);
    const origin = freshOrigin();

    const body = await readOEmbed(await oembed(origin, `${origin}/articles/${articleWithoutImage.slug}`, { maxwidth: '300', maxheight: '150' }));

    expect({ width: body.width, height: body.height }).toEqual({ width: 300, height: CARD.height });
    expect(await frameOf(body)).toMatchObject({ width: '300', height: String(CARD.height) });
  });

  it.each([
    ['a carousel narrower than 280 px', '/?limit=3', { maxwidth: '279' }],
    ['a carousel lower than its natural height', '/?limit=3', { maxheight: '231' }],
    ['an article card lower than its natural height', `/articles/${articleWithoutImage.slug}`, { maxheight: '149' }],
    ['an article card narrower than 280 px', `/articles/${articleWithoutImage.slug}`, { maxwidth: '200' }],
  ])('refuses %s with 404 saying which limit it cannot fit', async (_, path, limits) => {
    await seedWithIndexes(ALL);
    const origin = freshOrigin();

    const response = await oembed(origin, `${origin}${path}`, limits);

    expect(response.status).toBe(404);
    const problem = await readProblem(response);
    expect(problem.type).toBe(`${SITE_ORIGIN}/problems/cannot-fit`);
    const [[name, value]] = Object.entries(limits) as [[string, string]];
    expect(problem.detail).toContain(`${name}=${value}`);
  });
});

describe('refusals, each as problem+json', () => {
  it.each([
    ['another site', 'https://elsewhere.example/articles/border-crossing-reopens'],
    ['an unknown slug on our origin', '/articles/no-such-article'],
    ['an unknown slug on SITE_ORIGIN', `${SITE_ORIGIN}/articles/no-such-article`],
    ['a page of ours that is no embed', '/v1/headlines'],
    ['a canonical URL with another query', 'https://news.example/2026/11/25/harvest-report.html?ref=email'],
    ["SITE_ORIGIN's home page (the publisher's, not a carousel)", `${SITE_ORIGIN}/`],
  ])('answers a URL on %s with 404', async (_, url) => {
    await seedWithIndexes(ALL);
    const origin = freshOrigin();

    const response = await oembed(origin, url.startsWith('/') ? `${origin}${url}` : url);

    expect(response.status).toBe(404);
    expect((await readProblem(response)).type).toBe(`${SITE_ORIGIN}/problems/not-found`);
  });

  it.each([
    ['a missing url', undefined, {}],
    ['an empty url', '', {}],
    ['a relative url', '/articles/border-crossing-reopens', {}],
    ['a url that is not a URL', 'not a url', {}],
    ['an ftp: url', 'ftp://khabar.example/articles/border-crossing-reopens', {}],
    ['a javascript: url', 'javascript:alert(1)', {}],
  ])('answers %s with 400 naming the url parameter', async (_, url, extra) => {
    const response = await oembed(freshOrigin(), url, extra);

    expect(response.status).toBe(400);
    const problem = await readProblem(response);
    expect(problem.type).toBe(`${SITE_ORIGIN}/problems/invalid-request`);
    expect(problem.errors?.[0]).toMatchObject({ in: 'query', name: 'url', detail: expect.stringMatching(/\S/) });
  });

  it.each([
    ['maxwidth', '0'],
    ['maxwidth', '-300'],
    ['maxwidth', '300.5'],
    ['maxwidth', 'wide'],
    ['maxheight', '0'],
    ['maxheight', '1e3'],
  ])('answers %s=%j with 400 naming it', async (name, value) => {
    const origin = freshOrigin();

    const response = await oembed(origin, `${origin}/?limit=3`, { [name]: value });

    expect(response.status).toBe(400);
    const problem = await readProblem(response);
    expect(problem.type).toBe(`${SITE_ORIGIN}/problems/invalid-request`);
    expect(problem.errors?.map((error) => ({ in: error.in, name: error.name }))).toContainEqual({ in: 'query', name });
  });

  it('takes an empty maxwidth, as some CMS forms send it, as no limit', async () => {
    const origin = freshOrigin();

    const body = await readOEmbed(await oembed(origin, `${origin}/?limit=3`, { maxwidth: '', maxheight: '' }));

    expect({ width: body.width, height: body.height }).toEqual(CAROUSEL);
  });

  it('answers a parameter given twice with 400', async () => {
    const origin = freshOrigin();
    const url = encodeURIComponent(`${origin}/?limit=3`);

    for (const query of [`url=${url}&url=${url}`, `url=${url}&maxwidth=400&maxwidth=500`, `url=${url}&format=json&format=json`]) {
      const response = await fetchWorker(`${origin}/oembed?${query}`);
      expect(response.status, query).toBe(400);
      expect((await readProblem(response)).type).toBe(`${SITE_ORIGIN}/problems/invalid-request`);
    }
  });

  it.each(['xml', 'yaml'])('answers format=%s with 501 not-implemented', async (format) => {
    const origin = freshOrigin();

    const response = await oembed(origin, `${origin}/?limit=3`, { format });

    expect(response.status).toBe(501);
    expect((await readProblem(response)).type).toBe(`${SITE_ORIGIN}/problems/not-implemented`);
  });
});

// ——— helpers ———

const DEFAULTS = { limit: '6', section: '', theme: 'auto', autoplay: '0', digits: 'arab', refresh: '300', partner: '', lang: 'ar' };

/** Every option's value in a query string, defaults filled in for the ones left out. */
function optionsOf(params: URLSearchParams): typeof DEFAULTS {
  return Object.fromEntries(Object.entries(DEFAULTS).map(([name, value]) => [name, params.get(name) ?? value])) as typeof DEFAULTS;
}
