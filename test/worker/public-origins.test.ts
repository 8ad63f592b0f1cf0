/**
 * Absolute URLs come from PUBLIC_ORIGINS, never from the Host header: the snippet, the manifest, CSP sources,
 * iframe `src` and oEmbed discovery are built on the configured origin the request was made to, and a request
 * for a host the worker does not serve is refused with 421 before anything is built on it. With wrangler.toml's
 * lifetimes: the manifest and frames are `public, max-age=300`, so a page built on a spoofed host would be kept.
 */
import { RESERVE_STYLE } from '../../widget/embed-options.ts';
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { PREVIEW_ORIGINS, instrumentedKv, makeArticle, readPage, readProblem, seedWithIndexes, testWorker } from './support.ts';

/** PUBLIC_ORIGINS in wrangler.toml. */
const DEPLOYED = 'https://khabar.example';
/** A deploy on a custom domain that also keeps its workers.dev address. */
const API = 'https://news-api.example';
const DEV_ADDRESS = 'https://khabar.acme.workers.dev';
const ARTICLE = makeArticle(1, { slug: 'border-crossing-reopens' });

/** Every route that puts the worker's own origin into what it answers. */
const ROUTES_WITH_URLS = [
  '/embed/manifest.json',
  '/',
  '/frames/carousel?limit=3',
  `/frames/articles/${ARTICLE.slug}`,
  '/preview/partner?dir=rtl',
  `/articles/${ARTICLE.slug}`,
  `/oembed?url=${encodeURIComponent(`${API}/articles/${ARTICLE.slug}`)}`,
];

const deployed = () => testWorker({ vars: { PUBLIC_ORIGINS: `${API}, ${DEV_ADDRESS}` } });

describe('a host the worker does not serve', () => {
  it.each([
    ['Host: evil.example', 'https://evil.example'],
    ['Host: evil.example:8443', 'https://evil.example:8443'],
    ['Host: localhost:8787@evil.example (the runtime makes it user info)', 'http://localhost:8787@evil.example'],
    ['user info before a served host', `https://user:pass@${new URL(API).host}`],
    ['a served name on another port', `${API}:8443`],
  ])('%s gets a 421 problem, not a page built on it', async (_, origin) => {
    await seedWithIndexes([ARTICLE]);
    const worker = deployed();

    for (const path of ROUTES_WITH_URLS) {
      const response = await worker.fetch(`${origin}${path}`);
      const text = await response.clone().text();

      expect(response.status, path).toBe(421);
      expect(response.headers.get('cache-control'), path).toBe('no-store');
      const problem = await readProblem(response);
      expect(problem.type).toBe('https://khabar.example/problems/misdirected-request');
      expect(problem.detail, 'says where the worker does answer').toContain(API);
      expect(text, `${path}: no URL on the asked host`).not.toMatch(/\/\/(evil\.example|user:pass@)/);
    }
  });

  it('is refused by the deployed worker as wrangler.toml configures it, which serves its own origin', async () => {
    const served = await exports.default.fetch(`${DEPLOYED}/embed/manifest.json`);
    const refused = await exports.default.fetch('https://evil.example/embed/manifest.json');

    expect(served.status).toBe(200);
    expect(((await served.json()) as { src: string }).src).toMatch(new RegExp(`^${DEPLOYED}/embed/[0-9a-f]{12}\\.js$`));
    expect(refused.status).toBe(421);
    await readProblem(refused);
  });

  it('costs no KV read', async () => {
    const { kv, state } = instrumentedKv();
    const worker = testWorker({ kv, vars: { PUBLIC_ORIGINS: API } });

    const responses = [await worker.fetch('https://evil.example/v1/headlines'), await worker.fetch(`https://evil.example/articles/${ARTICLE.slug}`)];

    expect(responses.map((response) => response.status)).toEqual([421, 421]);
    expect(state.reads).toBe(0);
  });
});

describe('a served host', () => {
  it('builds every absolute URL on the configured origin it was asked at, each of several', async () => {
    await seedWithIndexes([ARTICLE]);
    const worker = deployed();

    for (const origin of [API, DEV_ADDRESS]) {
      const manifest = (await (await worker.fetch(`${origin}/embed/manifest.json`)).json()) as { src: string; latest: string; snippet: string };
      const frame = await worker.fetch(`${origin}/frames/carousel?limit=3`);
      const page = await readPage(await worker.fetch(`${origin}/articles/${ARTICLE.slug}`));
      const discovery = new URL((await page.one('link[type="application/json+oembed"]')).attrs['href']!);

      expect(manifest.src.startsWith(`${origin}/embed/`), manifest.src).toBe(true);
      expect(manifest.latest).toBe(`${origin}/embed.js`);
      expect(frame.headers.get('content-security-policy')).toContain(`script-src ${origin};`);
      const frameHtml = await frame.text();
      expect(frameHtml).toContain(`<khabar-carousel api="${origin}" limit="3"`);
      expect(frameHtml).toContain(`<script async src="${origin}/embed.js"></script>`);
      expect(`${discovery.origin}${discovery.pathname}`).toBe(`${origin}/oembed`);
      expect(discovery.searchParams.get('url')).toBe(`${origin}/articles/${ARTICLE.slug}`);
    }
  });

  it('takes the scheme from the configuration, not from the request', async () => {
    const worker = deployed();

    const manifest = (await (await worker.fetch(`http://${new URL(API).host}/embed/manifest.json`)).json()) as { latest: string };

    expect(manifest.latest).toBe(`${API}/embed.js`);
  });

  it('under npm start, serves both loopback names, each naming the other for the partner preview', async () => {
    const worker = testWorker({ vars: { PUBLIC_ORIGINS: PREVIEW_ORIGINS } });

    const fromLocalhost = await worker.fetch('http://localhost:8787/preview/partner');
    const from127 = await worker.fetch('http://127.0.0.1:8787/preview/partner');
    const elsewhere = await worker.fetch('http://192.168.1.20:8787/preview/partner');

    expect(await fromLocalhost.text()).toContain(`<script async src="http://127.0.0.1:8787/embed.js" style="${RESERVE_STYLE}"></script>`);
    expect(await from127.text()).toContain(`<script async src="http://localhost:8787/embed.js" style="${RESERVE_STYLE}"></script>`);
    expect(elsewhere.status).toBe(421);
  });
});
