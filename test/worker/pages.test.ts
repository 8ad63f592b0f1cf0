/**
 * The worker's HTML pages, read from real (Miniflare) KV and parsed with workerd's HTML parser: the article page
 * a reader opens without JavaScript, the embed configurator, the frames oEmbed points at, the simulated partner
 * page, and the preview's content status.
 */
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type HtmlNode, PREVIEW_ORIGINS, fetchWorker, freshOrigin, instrumentedKv, makeArticle, readPage, readProblem, seed, seedWithIndexes, testWorker } from './support.ts';

const SITE_ORIGIN = 'https://khabar.example';
/** What the configurator's snippet carries so the carousel's height is reserved before embed.js runs. */
const RESERVE_STYLE = 'display:block;min-height:calc(14.5*var(--khabar-font-size,16px))';
const RESERVE = ` style="${RESERVE_STYLE}"`;
const IMAGE = { src: 'https://img.example/photos/7.jpg', alt: 'جنود على الحدود', width: 1200, height: 800 };
/** Noon UTC: the 25th in every time zone from UTC−11 to UTC+11, whatever zone the page formats in. */
const PUBLISHED = '2026-11-25T12:00:00Z';

const fetchAt = (origin: string, path: string) => fetchWorker(`${origin}${path}`);

function expectHtml(response: Response): void {
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(response.headers.get('content-security-policy'), 'every page has its own CSP').toBeTruthy();
}

const attr = (node: HtmlNode | undefined, name: string) => node?.attrs[name];

describe('GET /articles/:slug', () => {
  const illustrated = makeArticle(7, {
    slug: 'border-crossing-reopens',
    title: 'إعادة فتح المعبر الحدودي بعد إغلاق دام أسبوعين',
    dek: 'السلطات تعلن استئناف حركة الشاحنات صباح الغد',
    publishedAt: PUBLISHED,
    updatedAt: '2026-11-25T15:30:00Z',
    section: 'politics',
    image: IMAGE,
    caption: 'شاحنات تنتظر عند المعبر (أ.ف.ب)',
    body: ['أعلنت السلطات إعادة فتح المعبر.', 'وقال مسؤول إن الحركة ستعود تدريجياً.', 'ويأمل التجار أن تنخفض الأسعار.'],
  });

  it('renders the whole article in its own language and direction, with no script', async () => {
    await seed([illustrated]);
    const origin = freshOrigin();

    const response = await fetchAt(origin, `/articles/${illustrated.slug}`);
    const page = await readPage(response);

    expect(response.status).toBe(200);
    expectHtml(response);
    expect(response.headers.get('cache-status'), 'served through the API response cache').toMatch(/^khabar;/);
    const html = await page.one('html');
    expect({ lang: attr(html, 'lang'), dir: attr(html, 'dir') }).toEqual({ lang: 'ar', dir: 'rtl' });
    expect((await page.one('title')).text).toContain(illustrated.title);
    expect((await page.one('article h1')).text.trim()).toBe(illustrated.title);
    expect((await page.one('article p.dek')).text.trim()).toBe(illustrated.dek);
    const image = await page.one('article figure img');
    expect(image.attrs).toMatchObject({ src: IMAGE.src, alt: IMAGE.alt, width: String(IMAGE.width), height: String(IMAGE.height) });
    expect((await page.one('article figure figcaption')).text.trim()).toBe(illustrated.caption);
    expect(await page.all('p.caption'), 'the caption is the figure\'s, not a loose paragraph').toEqual([]);
    const time = await page.one(`article time[datetime="${PUBLISHED}"]`);
    expect(attr(time, 'datetime')).toBe(PUBLISHED);
    // Formatted with Intl for Arabic: Arabic-Indic digits for the day (٢٥) and year (٢٠٢٦), no ISO text.
    expect(time.text).toContain('٢٥');
    expect(time.text).toContain('٢٠٢٦');
    expect(time.text).not.toMatch(/[0-9]/);
    // Body paragraphs are the article's plain <p>s (dek, caption, dateline carry a class).
    expect((await page.all('article p:not([class])')).map((p) => p.text.trim())).toEqual(illustrated.body);
    expect(await page.all('script'), 'readable with JavaScript off: nothing to run').toEqual([]);
    expect(page.raw).not.toMatch(/<script/i);
    expect((await page.all('link[rel="stylesheet"]')).map((link) => link.attrs['href'])).toEqual(['/assets/pages.css']);
  });

  it('links its canonical URL and describes itself with Open Graph tags, image included', async () => {
    await seed([illustrated]);

    const page = await readPage(await fetchAt(freshOrigin(), `/articles/${illustrated.slug}`));
    const og = await openGraph(page);

    expect(attr(await page.one('link[rel="canonical"]'), 'href')).toBe(illustrated.url);
    expect(attr(await page.one('meta[name="description"]'), 'content')).toBeTruthy();
    expect(og).toEqual({
      'og:type': ['article'],
      'og:title': [illustrated.title],
      'og:description': [illustrated.dek],
      'og:url': [illustrated.url],
      'og:site_name': [illustrated.source],
      'og:locale': [expect.stringMatching(/^ar/)],
      'og:image': [IMAGE.src],
      'og:image:width': [String(IMAGE.width)],
      'og:image:height': [String(IMAGE.height)],
      'og:image:alt': [IMAGE.alt],
      'article:published_time': [PUBLISHED],
      'article:modified_time': [illustrated.updatedAt],
      'article:section': [illustrated.section],
    });
  });

  it('without an image: no figure and no og:image; the caption stands alone; the description is the first paragraph', async () => {
    const plain = makeArticle(8, { caption: 'صورة أرشيفية', body: ['فقرة أولى تصف الخبر بإيجاز.', 'فقرة ثانية.'] });
    await seed([plain]);

    const page = await readPage(await fetchAt(freshOrigin(), `/articles/${plain.slug}`));
    const og = await openGraph(page);

    expect(await page.all('figure')).toEqual([]);
    expect(await page.all('img')).toEqual([]);
    expect((await page.one('article p.caption')).text.trim()).toBe(plain.caption);
    expect(await page.all('p.dek')).toEqual([]);
    expect(Object.keys(og).filter((name) => name.startsWith('og:image') || name === 'article:modified_time')).toEqual([]);
    const description = og['og:description']?.[0] ?? '';
    expect(description.length).toBeGreaterThan(0);
    expect(plain.body[0]!.startsWith(description.replace(/\s*…$/, ''))).toBe(true);
  });

  it('shows an English article left to right', async () => {
    const english = makeArticle(9, { lang: 'en', title: 'Border crossing reopens', body: ['Trucks moved again on Tuesday.'] });
    await seed([english]);

    const page = await readPage(await fetchAt(freshOrigin(), `/articles/${english.slug}`));
    const html = await page.one('html');

    expect({ lang: attr(html, 'lang'), dir: attr(html, 'dir') }).toEqual({ lang: 'en', dir: 'ltr' });
    expect((await page.one('article h1')).text.trim()).toBe('Border crossing reopens');
  });

  it('offers oEmbed discovery whose link answers for this very page', async () => {
    await seed([illustrated]);
    const origin = freshOrigin();
    const pageUrl = `${origin}/articles/${illustrated.slug}`;

    const page = await readPage(await fetchWorker(pageUrl));
    const link = await page.one('link[rel="alternate"][type="application/json+oembed"]');
    const href = new URL(link.attrs['href']!);
    const oembed = await fetchWorker(href.href);
    const body = (await oembed.json()) as { type: string; title: string; html: string };

    expect(href.origin + href.pathname).toBe(`${origin}/oembed`);
    expect(href.searchParams.get('url')).toBe(pageUrl);
    expect(href.searchParams.get('format')).toBe('json');
    expect(link.attrs['title']).toBeTruthy();
    expect(oembed.status).toBe(200);
    expect(body.type).toBe('rich');
    expect(body.title).toBe(illustrated.title);
    expect(body.html).toContain(`${origin}/frames/articles/${illustrated.slug}`);
  });

  it('shows markup in the content as text, never as markup', async () => {
    const hostile = makeArticle(10, {
      title: 'عنوان <script>alert(1)</script>',
      dek: '"><img src=x onerror=alert(2)>',
      caption: "' onmouseover='alert(3)",
      body: ['فقرة <script>alert(4)</script> عادية.', '"><img src=x onerror=alert(5)> & كذلك'],
    });
    await seed([hostile]);

    const page = await readPage(await fetchAt(freshOrigin(), `/articles/${hostile.slug}`));

    expect(await page.all('script')).toEqual([]);
    expect(await page.all('img')).toEqual([]);
    expect(await page.all('[onerror], [onmouseover]')).toEqual([]);
    expect((await page.one('article h1')).text.trim()).toBe(hostile.title);
    expect((await page.one('article p.dek')).text.trim()).toBe(hostile.dek);
    expect((await page.one('article p.caption')).text.trim()).toBe(hostile.caption);
    expect((await page.all('article p:not([class])')).map((p) => p.text.trim())).toEqual(hostile.body);
    // In attributes too: the title and description meta tags hold the text, whole.
    expect(attr(await page.one('meta[property="og:title"]'), 'content')).toBe(hostile.title);
    expect(attr(await page.one('meta[property="og:description"]'), 'content')).toBe(hostile.dek);
  });

  it.each([
    ['an unknown slug', 'no-such-article'],
    ['an uppercase slug', 'Article-1'],
    ['a double hyphen', 'article--1'],
    ['Arabic letters', '%D8%AE%D8%A8%D8%B1'],
    ['an over-long slug', 'a'.repeat(97)],
  ])('answers %s with a 404 HTML page', async (_, slug) => {
    await seed([makeArticle(1)]);

    const response = await fetchAt(freshOrigin(), `/articles/${slug}`);

    expect(response.status).toBe(404);
    expectHtml(response);
    expect((await readPage(response)).raw).not.toMatch(/<script/i);
  });
});

describe('GET / (the configurator)', () => {
  const sections = ['culture', 'news', 'sport'];
  const seedSections = () => seedWithIndexes(sections.map((section, n) => makeArticle(n + 1, { section })));

  it('is an Arabic, right-to-left form with every embed option at its default', async () => {
    await seedSections();
    const origin = freshOrigin();

    const response = await fetchAt(origin, '/');
    const page = await readPage(response);

    expect(response.status).toBe(200);
    expectHtml(response);
    const html = await page.one('html');
    expect({ lang: attr(html, 'lang'), dir: attr(html, 'dir') }).toEqual({ lang: 'ar', dir: 'rtl' });
    const form = await page.one('form#options');
    expect({ method: attr(form, 'method'), action: attr(form, 'action') }).toEqual({ method: 'get', action: '/' });
    expect(await formValues(page)).toEqual(DEFAULTS);
    expect(await page.all('#options input[name="limit"][type="number"], #options input[name="autoplay"][type="number"], #options input[name="refresh"][type="number"]')).toHaveLength(3);
    const sectionOptions = await page.all('#options select[name="section"] option');
    expect(sectionOptions[0]!.attrs['value']).toBe('');
    expect(sectionOptions.slice(1).map((option) => option.attrs['value']).sort()).toEqual(sections);
    expect((await page.all('#options select[name="theme"] option')).map((o) => o.attrs['value'])).toEqual(['auto', 'light', 'dark']);
    expect((await page.all('#options select[name="digits"] option')).map((o) => o.attrs['value']).sort()).toEqual(['arab', 'latn']);
    expect((await page.all('#options select[name="lang"] option')).map((o) => o.attrs['value']).sort()).toEqual(['ar', 'en']);
    expect((await page.one('pre#snippet code')).text).toBe(`<script async src="${origin}/embed.js"${RESERVE}></script>`);
    expect(await page.one('button#copy[type="button"]')).toBeTruthy();
    expect(attr(await page.one('#copy-status'), 'role')).toBe('status');
    expect(liveOptions(await page.one('iframe#live'), origin)).toEqual(DEFAULTS);
    expect(attr(await page.one('#content-status'), 'role')).toBe('status');
    expect((await page.all('#content-status li')).map((li) => li.text)).toEqual([]);
  });

  it('reflects the options in the address in the form, the snippet, the live frame and the partner links', async () => {
    await seedSections();
    const origin = freshOrigin();
    const chosen = { limit: '4', section: 'sport', theme: 'dark', autoplay: '5', digits: 'latn', refresh: '0', partner: 'acme.news_1', lang: 'en' };

    const page = await readPage(await fetchAt(origin, `/?${new URLSearchParams(chosen)}`));

    expect(await formValues(page)).toEqual(chosen);
    expect((await page.one('#snippet code')).text).toBe(
      `<script async src="${origin}/embed.js" data-limit="4" data-section="sport" data-theme="dark" data-autoplay="5" data-digits="latn" data-refresh="0" data-partner="acme.news_1" data-lang="en"${RESERVE}></script>`,
    );
    expect(liveOptions(await page.one('iframe#live'), origin)).toEqual(chosen);
    for (const dir of ['ltr', 'rtl']) {
      const link = new URL(attr(await page.one(`a#partner-${dir}`), 'href')!);
      expect(link.origin + link.pathname, 'another host than localhost/127.0.0.1: the same origin').toBe(`${origin}/preview/partner`);
      expect(link.searchParams.get('dir')).toBe(dir);
      expect(optionsOf(link.searchParams)).toEqual(chosen);
    }
  });

  it('lists only the options that differ from their defaults, in the documented order', async () => {
    await seedSections();
    const origin = freshOrigin();

    const page = await readPage(await fetchAt(origin, '/?lang=en&theme=light&limit=6&section=news&refresh=300'));

    expect((await page.one('#snippet code')).text).toBe(`<script async src="${origin}/embed.js" data-section="news" data-theme="light" data-lang="en"${RESERVE}></script>`);
  });

  it('ignores invalid option values and uses the defaults', async () => {
    await seedSections();
    const origin = freshOrigin();
    const invalid = { limit: '0', section: 'Not A Section', theme: 'neon', autoplay: '-1', digits: 'roman', refresh: 'soon', partner: 'bad id"><script>', lang: 'fr' };

    const response = await fetchAt(origin, `/?${new URLSearchParams(invalid)}`);
    const page = await readPage(response);

    expect(response.status).toBe(200);
    expect(await formValues(page)).toEqual(DEFAULTS);
    expect((await page.one('#snippet code')).text).toBe(`<script async src="${origin}/embed.js"${RESERVE}></script>`);
    expect(liveOptions(await page.one('iframe#live'), origin)).toEqual(DEFAULTS);
    expect(await page.all('script:not([src="/assets/configurator.js"])'), 'the only script is the page\'s own').toEqual([]);
    const tooMany = await readPage(await fetchAt(origin, '/?limit=51'));
    expect((await formValues(tooMany))['limit']).toBe('6');
  });

  it('offers three embed codes; the chosen one is in the code box and runs in the live frame', async () => {
    await seedSections();
    const origin = freshOrigin();
    const expected = {
      script: `<script async src="${origin}/embed.js" data-limit="3"${RESERVE}></script>`,
      iframe: `<iframe src="${origin}/frames/carousel?limit=3" title="أحدث العناوين" width="100%" height="232" loading="lazy" frameborder="0"></iframe>`,
      fragment: `${origin}/fragments/carousel?limit=3`,
    };

    for (const [code, text] of Object.entries(expected)) {
      const page = await readPage(await fetchAt(origin, `/?limit=3&code=${code}`));
      const radios = await page.all('input[type="radio"][name="code"]');
      expect(radios.map((radio) => radio.attrs['value'])).toEqual(['script', 'iframe', 'fragment']);
      expect(radios.filter((radio) => 'checked' in radio.attrs).map((radio) => radio.attrs['value'])).toEqual([code]);
      expect((await page.one('#snippet code')).text, code).toBe(text);
      expect(liveOptions(await page.one('iframe#live'), origin, code)).toEqual({ ...DEFAULTS, limit: '3' });
    }
  });

  it('runs only its own script: the snippet on the page is text, not a second embed', async () => {
    await seedSections();
    const origin = freshOrigin();

    const response = await fetchAt(origin, '/?limit=3');
    const page = await readPage(response);

    expect((await page.all('script')).map((script) => script.attrs['src'])).toEqual(['/assets/configurator.js']);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
    const script = await fetchAt(origin, '/assets/configurator.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
  });

  it('links the partner pages on the other loopback name, so they are another site', async () => {
    const preview = testWorker({ vars: { PUBLIC_ORIGINS: PREVIEW_ORIGINS } });
    for (const [here, there] of [
      ['http://localhost:8787', 'http://127.0.0.1:8787'],
      ['http://127.0.0.1:8787', 'http://localhost:8787'],
    ] as const) {
      const page = await readPage(await preview.fetch(`${here}/?limit=2&theme=light`));
      for (const dir of ['ltr', 'rtl']) {
        const link = new URL(attr(await page.one(`a#partner-${dir}`), 'href')!);
        expect(`${link.origin}${link.pathname}`, here).toBe(`${there}/preview/partner`);
        expect(Object.fromEntries(link.searchParams)).toEqual({ dir, limit: '2', theme: 'light' });
      }
    }
  });
});

describe('GET /frames/carousel', () => {
  it('paints the headlines on the server, with embed.js inside the carousel to take it over, and may be framed by any site', async () => {
    const articles = [1, 2, 3, 4].map((n) => makeArticle(n));
    await seedWithIndexes(articles);
    const origin = freshOrigin();

    const response = await fetchAt(origin, '/frames/carousel?theme=dark&limit=3&bogus=1&digits=nope');
    const page = await readPage(response);

    expect(response.status).toBe(200);
    expectHtml(response);
    const carousel = await page.one('body > khabar-carousel');
    expect(carousel.attrs).toEqual({ api: origin, limit: '3', theme: 'dark', state: 'ready' });
    expect(page.raw).toContain('<template shadowrootmode="open">');
    // The three newest, in the markup a reader without JavaScript sees.
    expect((await page.all('a.card')).map((card) => card.attrs['href'])).toEqual(articles.slice(1).reverse().map((article) => article.url));
    expect((await page.all('.title')).map((title) => title.text)).toEqual(articles.slice(1).reverse().map((article) => article.title));
    expect((await page.all('script[src]')).map((script) => script.attrs)).toEqual([{ async: '', src: `${origin}/embed.js` }]);
    expect(attr(await page.one('base'), 'target')).toBe('_blank');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/frame-ancestors \*(;|$)/);
    expect(csp, 'the carousel\'s <style> is allowed by its hash, not by unsafe-inline').toMatch(/style-src [^;]*'sha256-[^']+'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-frame-options')).toBeNull();
  });
});

describe('GET /frames/articles/:slug', () => {
  it('is a static card linking the canonical URL in a new tab', async () => {
    const article = makeArticle(3, { publishedAt: PUBLISHED, image: IMAGE });
    await seed([article]);

    const response = await fetchAt(freshOrigin(), `/frames/articles/${article.slug}`);
    const page = await readPage(response);

    expect(response.status).toBe(200);
    expectHtml(response);
    expect(response.headers.get('x-frame-options')).toBeNull();
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors \*(;|$)/);
    const links = (await page.all('a[href]')).filter((a) => a.attrs['href'] === article.url);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.attrs['target'] ?? attr(await page.one('base'), 'target')).toBe('_blank');
    const text = (await page.one('body')).text;
    expect(text).toContain(article.title);
    expect(text).toContain(article.source);
    expect(text).toContain('٢٠٢٦');
    expect(attr(await page.one('img'), 'src')).toBe(IMAGE.src);
    expect(await page.all('script')).toEqual([]);
  });

  it('has no picture when the article has none, and is a 404 page for an unknown slug', async () => {
    const article = makeArticle(4);
    await seed([article]);
    const origin = freshOrigin();

    const card = await readPage(await fetchAt(origin, `/frames/articles/${article.slug}`));
    const missing = await fetchAt(origin, '/frames/articles/no-such-article');

    expect(await card.all('img')).toEqual([]);
    expect(missing.status).toBe(404);
    expectHtml(missing);
  });
});

describe('GET /preview/partner', () => {
  // The snippet's style attribute, and nothing else inline, is allowed: by its hash, with 'unsafe-hashes'.
  const cspFor = async (embed: string) =>
    `default-src 'none'; script-src ${embed}; connect-src ${embed}; img-src https:; style-src 'self' 'unsafe-hashes' ${await sha256(RESERVE_STYLE)}; base-uri 'none'; form-action 'none'`;

  it.each([
    ['http://127.0.0.1:8787', 'http://localhost:8787'],
    ['http://localhost:8787', 'http://127.0.0.1:8787'],
    ['https://khabar-preview.example', 'https://khabar-preview.example'],
  ])('on %s hosts the snippet from %s under a strict CSP', async (here, embed) => {
    // As npm start serves it, plus an origin of another name, which has no twin to name.
    const worker = testWorker({ vars: { PUBLIC_ORIGINS: `${PREVIEW_ORIGINS},https://khabar-preview.example` } });

    const response = await worker.fetch(`${here}/preview/partner?dir=ltr&limit=3&section=news&nonsense=1`);
    const page = await readPage(response);

    expect(response.status).toBe(200);
    expectHtml(response);
    expect(response.headers.get('content-security-policy')).toBe(await cspFor(embed));
    expect(page.raw).toContain(`<script async src="${embed}/embed.js" data-limit="3" data-section="news"${RESERVE}></script>`);
    expect(await page.all('script')).toHaveLength(1);
  });

  it('is English left to right by default and Arabic right to left with dir=rtl, both with the hostile stylesheet', async () => {
    const origin = freshOrigin();
    for (const [query, lang, dir] of [
      ['', 'en', 'ltr'],
      ['?dir=ltr', 'en', 'ltr'],
      ['?dir=rtl', 'ar', 'rtl'],
    ] as const) {
      const page = await readPage(await fetchAt(origin, `/preview/partner${query}`));
      const html = await page.one('html');
      expect({ query, lang: attr(html, 'lang'), dir: attr(html, 'dir') }).toEqual({ query, lang, dir });
      expect((await page.all('link[rel="stylesheet"]')).map((link) => link.attrs['href'])).toEqual(['/preview/partner.css']);
      expect((await page.all('main p.partner')).length).toBeGreaterThan(0);
      expect(page.raw).toContain(`<script async src="${origin}/embed.js"${RESERVE}></script>`);
    }
  });

  it('serves its hostile stylesheet as CSS', async () => {
    const response = await fetchAt(freshOrigin(), '/preview/partner.css');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/css/);
    const css = await response.text();
    expect(css).toContain('* { all: unset; }');
    expect(css).toContain('main > p.partner { display: block !important; }');
  });
});

describe('revalidation', () => {
  // A browser that revalidates (a reload) merges the 304's headers into its cached page: a 304 with another CSP
  // would, e.g., forbid framing the configurator's live frame or loading the article page's stylesheet.
  it.each(['/', '/frames/carousel?limit=2', '/frames/articles/article-1', '/articles/article-1', '/preview/partner?dir=rtl'])(
    '%s answers a revalidation with the same CSP as the page',
    async (path) => {
      await seedWithIndexes([makeArticle(1)]);
      const origin = freshOrigin();

      const page = await fetchAt(origin, path);
      const etag = page.headers.get('etag');
      const again = await fetchWorker(`${origin}${path}`, { headers: { 'If-None-Match': etag ?? '' } });

      expect(page.status).toBe(200);
      expect(etag, 'an unchanged page is revalidated, not sent again').not.toBeNull();
      expect(again.status).toBe(304);
      // The 304 repeats the page's own CSP: without one, the app-wide default would be merged in and replace it.
      const csp = page.headers.get('content-security-policy');
      expect(csp).toMatch(/\S/);
      expect(again.headers.get('content-security-policy'), 'CSP of the 304').toBe(csp);
      // Framing is each page's CSP frame-ancestors: an X-Frame-Options on either would override the frames' `*`.
      expect(page.headers.get('x-frame-options'), 'X-Frame-Options of the page').toBeNull();
      expect(again.headers.get('x-frame-options'), 'X-Frame-Options of the 304').toBeNull();
    },
  );
});

describe('GET /preview/status', () => {
  afterEach(async () => {
    await env.ARTICLES.delete('preview:status');
  });

  it('is a 404 problem where no preview runs (no status record)', async () => {
    const response = await fetchAt(freshOrigin(), '/preview/status');

    expect(response.status).toBe(404);
    expect((await readProblem(response)).type).toBe(`${SITE_ORIGIN}/problems/not-found`);
  });

  it('answers the status the preview wrote, never cached', async () => {
    const status = {
      revision: 3,
      ok: false,
      at: '2026-11-25T10:00:00.000Z',
      problems: [{ file: 'content/articles/x.md', path: 'publishedAt', message: 'must be an ISO 8601 date-time' }],
    };
    await env.ARTICLES.put('preview:status', JSON.stringify(status));
    const origin = freshOrigin();

    const first = await fetchAt(origin, '/preview/status');
    const firstBody = await first.json();
    await env.ARTICLES.put('preview:status', JSON.stringify({ ...status, revision: 4, ok: true, problems: [] }));
    const second = await fetchAt(origin, '/preview/status');

    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(firstBody).toEqual(status);
    expect(await second.json()).toMatchObject({ revision: 4, ok: true, problems: [] });
  });

  it('with ?after=<revision> waits for the next revision instead of answering the same one', async () => {
    const status = { revision: 5, ok: true, at: '2026-11-25T10:00:00.000Z', problems: [] };
    await env.ARTICLES.put('preview:status', JSON.stringify(status));
    const origin = freshOrigin();
    const { kv, state } = instrumentedKv();
    const worker = testWorker({ kv });

    const waiting = worker.fetch(`${origin}/preview/status?after=5`);
    let answered = false;
    void waiting.then(() => (answered = true));
    // Not a fixed sleep: until the request has read the same revision again, a second time after its first.
    await vi.waitFor(() => expect(state.reads).toBeGreaterThanOrEqual(3), { timeout: 10_000, interval: 20 });
    const answeredEarly = answered;
    await env.ARTICLES.put('preview:status', JSON.stringify({ ...status, revision: 6 }));
    const response = await waiting;

    expect(answeredEarly, 'nothing changed yet, so no answer').toBe(false);
    expect(await response.json()).toMatchObject({ revision: 6 });
    // A client behind (it saw 4) is answered at once.
    expect(await (await fetchAt(origin, '/preview/status?after=4')).json()).toMatchObject({ revision: 6 });
  });
});

describe('LINK_ORIGIN (set by npm start)', () => {
  it('points links under SITE_ORIGIN at the preview in lists, articles and pages, and leaves others alone', async () => {
    const ours = makeArticle(1, { url: `${SITE_ORIGIN}/articles/article-1` });
    const theirs = makeArticle(2, { url: 'https://news.example/story-2' });
    await seedWithIndexes([ours, theirs]);
    const worker = testWorker({ vars: { LINK_ORIGIN: 'http://localhost:8787' } });
    const origin = freshOrigin();

    const list = (await (await worker.fetch(`${origin}/v1/headlines`)).json()) as { items: Array<{ slug: string; url: string }> };
    const article = (await (await worker.fetch(`${origin}/v1/articles/article-1`)).json()) as { url: string };
    const page = await readPage(await worker.fetch(`${origin}/articles/article-1`));

    expect(Object.fromEntries(list.items.map((item) => [item.slug, item.url]))).toEqual({
      'article-1': 'http://localhost:8787/articles/article-1',
      'article-2': 'https://news.example/story-2',
    });
    expect(article.url).toBe('http://localhost:8787/articles/article-1');
    expect((await page.one('link[rel="canonical"]')).attrs['href']).toBe('http://localhost:8787/articles/article-1');
  });

  it('is empty in wrangler.toml: a deploy serves URLs exactly as written', async () => {
    await seedWithIndexes([makeArticle(1, { url: `${SITE_ORIGIN}/articles/article-1` })]);

    const article = (await (await fetchAt(freshOrigin(), '/v1/articles/article-1')).json()) as { url: string };

    expect(article.url).toBe(`${SITE_ORIGIN}/articles/article-1`);
  });
});

// ——— helpers ———

const DEFAULTS = { limit: '6', section: '', theme: 'auto', autoplay: '0', digits: 'arab', refresh: '300', partner: '', lang: 'ar' };
type Options = typeof DEFAULTS;
const OPTION_NAMES = Object.keys(DEFAULTS) as Array<keyof Options>;

/** Every option's value in a query string, defaults filled in for the ones left out. */
function optionsOf(params: URLSearchParams): Options {
  return Object.fromEntries(OPTION_NAMES.map((name) => [name, params.get(name) ?? DEFAULTS[name]])) as Options;
}

/** The options the live frame runs with: its src must be /preview/embed on this origin, running `code`. */
function liveOptions(frame: HtmlNode, origin: string, code = 'script'): Options {
  const src = new URL(frame.attrs['src']!, origin);
  expect(`${src.origin}${src.pathname}`).toBe(`${origin}/preview/embed`);
  expect(src.searchParams.get('code')).toBe(code);
  return optionsOf(src.searchParams);
}

/** A CSP source for `text`: 'sha256-<base64 of its SHA-256>'. */
async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return `'sha256-${btoa(String.fromCharCode(...digest))}'`;
}

/** What the form would submit: each control's value (a select's selected option, else its first). */
async function formValues(page: Awaited<ReturnType<typeof readPage>>): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const input of await page.all('#options input[name]')) values[input.attrs['name']!] = input.attrs['value'] ?? '';
  for (const select of await page.all('#options select[name]')) {
    const name = select.attrs['name']!;
    const options = await page.all(`#options select[name="${name}"] option`);
    const chosen = options.find((option) => 'selected' in option.attrs) ?? options[0];
    values[name] = chosen?.attrs['value'] ?? chosen?.text ?? '';
  }
  return values;
}

/** Open Graph and article:* meta tags, by property, in order. */
async function openGraph(page: Awaited<ReturnType<typeof readPage>>): Promise<Record<string, string[]>> {
  const tags: Record<string, string[]> = {};
  for (const meta of await page.all('meta[property]')) (tags[meta.attrs['property']!] ??= []).push(meta.attrs['content'] ?? '');
  return tags;
}
