/**
 * The carousel rendered at the edge (GET /fragments/carousel, GET /frames/carousel), read from real (Miniflare)
 * KV and parsed with workerd's HTML parser: every text from KV is escaped, bad input is refused as the JSON API
 * refuses it, and the page is exactly as fresh as the list it shares with GET /v1/headlines.
 */
import { describe, expect, it } from 'vitest';
import {
  cachedOnce,
  fetchWorker,
  freshOrigin,
  instrumentedKv,
  lifetimes,
  makeArticle,
  readPage,
  readProblem,
  seedWithIndexes,
  testWorker,
  useFaultLog,
} from './support.ts';

const ROUTES = ['/fragments/carousel', '/frames/carousel'] as const;
const captureFaults = useFaultLog();

/** The widget's XSS payloads (test/widget/fixtures.ts), in every text field KV holds. */
const HOSTILE = [
  makeArticle(1, { title: '<img src=x onerror=alert(1)>', source: '"><img src=x onerror=alert(2)>' }),
  makeArticle(2, { title: '<script>alert("t")</script> عنوان', source: '</template><script>alert(3)</script>' }),
  makeArticle(3, { title: 'عنوان &amp; <b>عريض</b>', url: 'https://news.example/a?q="><img src=x onerror=alert(4)>' }),
  makeArticle(4, { title: '"><svg onload=alert(1)>', source: "' onmouseover='alert(5)" }),
  makeArticle(5, { title: '</script><!-- <script>alert(6)</script>', url: 'https://news.example/b#</script><script>alert(7)</script>' }),
];
/** Newest first, as the carousel lists them. */
const NEWEST_FIRST = [...HOSTILE].reverse();

const fetchAt = (origin: string, path: string, init?: RequestInit) => fetchWorker(`${origin}${path}`, init);

describe.each(ROUTES)('%s', (route) => {
  it('carries every headline\'s title, source and link as text and attribute values, never as markup', async () => {
    await seedWithIndexes(HOSTILE);
    const origin = freshOrigin();

    const response = await fetchAt(origin, route);
    const page = await readPage(response);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await page.all('.title')).map((title) => title.text)).toEqual(NEWEST_FIRST.map((article) => article.title));
    // Links as the worker serves them in the JSON API: canonical (percent-encoded) URLs.
    expect((await page.all('a.card')).map((card) => card.attrs['href'])).toEqual(NEWEST_FIRST.map((article) => new URL(article.url).href));
    const metas = (await page.all('.meta')).map((meta) => meta.text);
    NEWEST_FIRST.forEach((article, n) => expect(metas[n]).toContain(article.source));
    // No payload became an element or an attribute.
    expect(await page.all('img, svg, b, [onerror], [onload], [onmouseover]')).toEqual([]);
    const scripts = await page.all('script');
    expect(scripts.map((script) => script.attrs)).toEqual([{ type: 'application/json' }, { async: '', src: `${origin}/embed.js` }]);
    // The data island embed.js adopts is the list GET /v1/headlines answers, whole: no text in it ends the script early.
    const island = dataIsland(page.raw) as { items: unknown[]; stale: boolean };
    const api = (await (await fetchAt(origin, '/v1/headlines?limit=6')).json()) as { items: unknown[] };
    expect(island.items).toEqual(api.items);
    expect(island.stale).toBe(false);
    expect((await page.all('template[shadowrootmode="open"]')).length).toBe(1);
  });

  it('answers with an ETag, and a revalidation of the unchanged carousel with a 304', async () => {
    await seedWithIndexes([makeArticle(1), makeArticle(2)]);
    const origin = freshOrigin();

    const first = await fetchAt(origin, `${route}?limit=2`);
    const etag = first.headers.get('etag');
    const again = await fetchAt(origin, `${route}?limit=2`, { headers: { 'If-None-Match': etag ?? '' } });

    expect(first.status).toBe(200);
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });
});

describe('bad input, as GET /v1/headlines refuses it', () => {
  it.each([
    ['a limit of 0', '?limit=0', 400],
    ['a limit over 50', '?limit=51', 400],
    ['a limit that is not a number', '?limit=six', 400],
    ['an unknown section', '?section=no-such-section', 404],
  ])('/fragments/carousel refuses %s with a problem document when JSON is asked for', async (_, query, status) => {
    await seedWithIndexes([makeArticle(1)]);
    const origin = freshOrigin();

    const fragment = await fetchAt(origin, `/fragments/carousel${query}`, { headers: { Accept: 'application/json' } });
    const api = await fetchAt(origin, `/v1/headlines${query}`);

    expect(fragment.status).toBe(status);
    expect(api.status).toBe(status);
    const problem = await readProblem(fragment);
    expect({ ...problem }).toEqual({ ...(await readProblem(api)) });
  });

  it.each([
    ['a limit of 0', '?limit=0', 400, /limit/],
    ['an unknown section', '?section=no-such-section', 404, /no-such-section/],
  ])('/fragments/carousel refuses %s with a line of HTML for a page that includes it', async (_, query, status, names) => {
    await seedWithIndexes([makeArticle(1)]);

    const response = await fetchAt(freshOrigin(), `/fragments/carousel${query}`, { headers: { Accept: 'text/html' } });
    const page = await readPage(response);

    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const error = await page.one('p.khabar-error');
    expect(error.text).toMatch(names);
    expect(page.raw).not.toMatch(/<script|khabar-carousel/);
  });

  it('escapes the refused value in the HTML error', async () => {
    await seedWithIndexes([makeArticle(1)]);

    const response = await fetchAt(freshOrigin(), `/fragments/carousel?limit=${encodeURIComponent('<img src=x onerror=alert(1)>')}`, {
      headers: { Accept: 'text/html' },
    });
    const page = await readPage(response);

    expect(response.status).toBe(400);
    expect(await page.all('img')).toEqual([]);
  });

  it.each([
    ['a limit of 0', '?limit=0', 400],
    ['an unknown section', '?section=no-such-section', 404],
  ])('/frames/carousel refuses %s with an HTML page of that status', async (_, query, status) => {
    await seedWithIndexes([makeArticle(1)]);

    const response = await fetchAt(freshOrigin(), `/frames/carousel${query}`, { headers: { Accept: 'text/html' } });
    const page = await readPage(response);

    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.all('khabar-carousel')).toEqual([]);
    expect((await page.one('body')).text).toMatch(/\S/);
  });
});

describe('freshness: the carousel shares the JSON API\'s cache entry', () => {
  it.each(ROUTES)('%s passes on the list\'s Cache-Control, Cache-Status and Age', async (route) => {
    await seedWithIndexes([makeArticle(1), makeArticle(2)]);
    const origin = freshOrigin();

    const api = await fetchAt(origin, '/v1/headlines?limit=2');
    const page = await fetchAt(origin, `${route}?limit=2`);
    const apiAgain = await fetchAt(origin, '/v1/headlines?limit=2');

    expect(page.headers.get('cache-control')).toBe(api.headers.get('cache-control'));
    expect(page.headers.get('cache-control')).toMatch(/max-age=\d+/);
    // The page was the list's second reader: a hit, as the API's next answer is.
    expect(page.headers.get('cache-status')).toMatch(/^khabar; hit/);
    expect(page.headers.get('cache-status')).toBe(apiAgain.headers.get('cache-status'));
    expect(page.headers.get('age')).toBe(apiAgain.headers.get('age'));
  });

  it('reads KV at most once for a fragment and the JSON API with the same limit and section', async () => {
    await seedWithIndexes([makeArticle(1, { section: 'sport' }), makeArticle(2, { section: 'sport' }), makeArticle(3)]);
    const { kv, state } = instrumentedKv();
    const worker = testWorker({ kv });
    const origin = freshOrigin();

    const fragment = await worker.fetch(`${origin}/fragments/carousel?limit=2&section=sport`);
    await worker.settle();
    const readsForFragment = state.reads;
    const api = await worker.fetch(`${origin}/v1/headlines?limit=2&section=sport`);
    const frame = await worker.fetch(`${origin}/frames/carousel?section=sport&limit=2`);
    await worker.settle();

    expect([fragment.status, api.status, frame.status]).toEqual([200, 200, 200]);
    expect(readsForFragment).toBe(1);
    expect(state.reads, 'the API and the frame answered from the fragment\'s cache entry').toBe(1);
    const list = (await api.json()) as { items: unknown[] };
    expect(dataIsland(await fragment.text())).toMatchObject({ items: list.items, etag: api.headers.get('etag') });
  });

  it('a carousel\'s default limit is 6: the same entry as GET /v1/headlines?limit=6', async () => {
    await seedWithIndexes([1, 2, 3, 4, 5, 6, 7, 8].map((n) => makeArticle(n)));
    const { kv, state } = instrumentedKv();
    const worker = testWorker({ kv });
    const origin = freshOrigin();

    const fragment = await readPage(await worker.fetch(`${origin}/fragments/carousel`));
    await worker.settle();
    await worker.fetch(`${origin}/v1/headlines?limit=6`);

    expect(await fragment.all('a.card')).toHaveLength(6);
    expect(state.reads).toBe(1);
  });
});

describe('when KV fails', () => {
  it.each(ROUTES)('%s with no copy to fall back on: the error state, 503, no stack', async (route) => {
    const faults = captureFaults();
    await seedWithIndexes([makeArticle(1)]);
    const { kv, state } = instrumentedKv();
    state.mode = 'throw';
    const worker = testWorker({ kv });
    const origin = freshOrigin();

    const response = await worker.fetch(`${origin}${route}`);
    const page = await readPage(response);

    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await page.one('khabar-carousel')).attrs['state']).toBe('error');
    expect(await page.all('a.card')).toEqual([]);
    // embed.js still comes, to retry; there is no list for it to adopt.
    expect((await page.all('script')).map((script) => script.attrs['src'])).toEqual([`${origin}/embed.js`]);
    expect(page.raw).not.toMatch(/KV GET failed|Error:|at .*\.ts/);
    expect(faults.events()).toContainEqual(expect.objectContaining({ event: 'kv-unavailable' }));
  });

  it.each(ROUTES)('%s after one good read: the last good copy, marked stale, within stale-if-error', async (route) => {
    captureFaults();
    await seedWithIndexes([makeArticle(1), makeArticle(2)]);
    const { clock, kv, url, worker, first } = await cachedOnce(`${route}?limit=2`);
    const firstPage = await readPage(first);
    kv.mode = 'throw';
    clock.advance(lifetimes.headlinesMaxAge + lifetimes.staleWhileRevalidate + 60);

    const response = await worker.fetch(url);
    const page = await readPage(response);

    expect(first.status).toBe(200);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-status')).toMatch(/detail=stale-if-error/);
    expect((await page.all('.title')).map((title) => title.text)).toEqual((await firstPage.all('.title')).map((title) => title.text));
    expect((await page.all('.title')).length).toBe(2);
    const island = dataIsland(page.raw) as { stale: boolean };
    expect(island.stale).toBe(true);
  });
});

/**
 * The JSON a server-rendered carousel carries for embed.js, as a browser reads it: the raw text up to the first
 * `</script>` (script text has no entities).
 */
function dataIsland(html: string): unknown {
  const match = /<script type="application\/json">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no data island');
  return JSON.parse(match[1]!);
}
