/**
 * What a partner page fetches: /embed.js for the one-line snippet, /embed/<version>.js to pin a build with
 * Subresource Integrity, /embed/manifest.json to learn the current version and its integrity value.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { embedKey } from '../../content/records.ts';
import { fetchWorker, freshOrigin, instrumentedKv, makeArticle, readPage, readProblem, seed, testWorker, useFaultLog } from './support.ts';

interface Manifest {
  version: string;
  src: string;
  integrity: string;
  latest: string;
  snippet: string;
  bytes: { raw: number; gzip: number; brotli: number };
  extras: { src: string; integrity: string; bytes: { raw: number; brotli: number } };
  count: { src: string; integrity: string; bytes: { raw: number; brotli: number } };
  csp: { reserveStyle: string; carouselStyle: string };
}

const fetchPath = (path: string, init?: RequestInit) => fetchWorker(`${freshOrigin()}${path}`, init);

async function manifest(): Promise<Manifest> {
  return (await (await fetchPath('/embed/manifest.json')).json()) as Manifest;
}

/** A CSP hash source of a text, computed here, not by the worker. */
async function cspSha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return `'sha256-${btoa(String.fromCharCode(...digest))}'`;
}

async function sha384(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', bytes));
  return `sha384-${btoa(String.fromCharCode(...digest))}`;
}

describe('GET /embed.js', () => {
  it('is a script any partner page may load: JavaScript, CORS *, CORP cross-origin, nosniff', async () => {
    const response = await fetchPath('/embed.js', { headers: { Origin: 'https://partner.example' } });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('timing-allow-origin')).toBe('*');
    expect(await response.text()).toContain('khabar-carousel');
  });

  it('is cached briefly, so a deploy reaches partners within minutes', async () => {
    const response = await fetchPath('/embed.js');

    expect(response.headers.get('cache-control')).toBe('public, max-age=300, stale-while-revalidate=86400');
  });

  it('answers a revalidation with 304 and no body, keeping CORS', async () => {
    const first = await fetchPath('/embed.js');
    const again = await fetchPath('/embed.js', {
      headers: { 'If-None-Match': first.headers.get('etag')!, Origin: 'https://partner.example' },
    });

    expect(first.headers.get('etag')).toBe(`"${(await manifest()).version}"`);
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('GET /embed/<version>.js', () => {
  it('serves the same bytes as /embed.js, cached for a year as immutable', async () => {
    const { version } = await manifest();
    const latest = await (await fetchPath('/embed.js')).text();
    const pinned = await fetchPath(`/embed/${version}.js`);

    expect(pinned.status).toBe(200);
    expect(pinned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(pinned.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(pinned.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(await pinned.text()).toBe(latest);
  });

  it('answers an unknown version with a 404 problem naming the current one', async () => {
    const { version } = await manifest();
    const response = await fetchPath('/embed/000000000000.js');
    const problem = await readProblem(response);

    expect(response.status).toBe(404);
    expect(problem.detail).toContain(`/embed/${version}.js`);
  });
});

/**
 * A module embed.js imports only where it is used (`extras`, `count`), as a partner page gets it: its path from the
 * manifest, embed.js, the response and its text; and the checks every such module passes (named in the embed,
 * immutable, CORS *, its integrity published).
 */
async function lazyModule(name: 'extras' | 'count') {
  const published = await manifest();
  const embed = await (await fetchPath('/embed.js')).text();
  const path = new URL(published[name].src).pathname;
  const response = await fetchPath(path, { headers: { Origin: 'https://partner.example' } });
  const bytes = await response.arrayBuffer();
  const source = new TextDecoder().decode(bytes);

  expect(path).toMatch(new RegExp(`^/embed/${name}-[0-9a-f]{12}\\.js$`));
  expect(embed).toContain(`"${path}"`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  expect(published[name].integrity).toBe(await sha384(bytes));
  expect(source).toMatch(/\bexport\b/);
  return { published, embed, bytes, source };
}

describe('GET /embed/extras-<version>.js', () => {
  it('is the module embed.js imports for autoplay and English: named in the embed, immutable, CORS *, its integrity published', async () => {
    const { published, embed, bytes, source } = await lazyModule('extras');

    expect(published.extras.bytes.raw).toBe(bytes.byteLength);
    expect(source).toContain('Latest headlines');
    expect(embed).not.toContain('Latest headlines');
  });
});

describe('GET /embed/count-<version>.js', () => {
  it('is the counting module embed.js imports for a partner: named in the embed, immutable, CORS *, its integrity published', async () => {
    const { embed, source } = await lazyModule('count');

    // The counting (its keepalive fetch to /v1/events) is in this file, not in embed.js.
    expect(source).toContain('keepalive');
    expect(embed).not.toContain('keepalive');
  });
});

describe('GET /embed/manifest.json', () => {
  it('publishes an integrity value that matches the served bytes, and a snippet that uses it', async () => {
    const published = await manifest();
    const bytes = await (await fetchPath(`/embed/${published.version}.js`)).arrayBuffer();

    expect(published.integrity).toBe(await sha384(bytes));
    expect(published.bytes.raw).toBe(bytes.byteLength);
    expect(published.snippet).toContain(`integrity="${published.integrity}"`);
    expect(published.snippet).toContain('crossorigin="anonymous"');
  });

  it("gives the CSP hashes of the snippet's reserving style and of a server-rendered carousel's stylesheet", async () => {
    await seed([makeArticle(1)]);
    const origin = freshOrigin();
    const published = (await (await fetchWorker(`${origin}/embed/manifest.json`)).json()) as Manifest;
    const configurator = await readPage(await fetchWorker(`${origin}/`));
    const snippet = (await configurator.one('#snippet code')).text;
    const fragment = await (await fetchWorker(`${origin}/fragments/carousel`)).text();

    const reserve = /style="([^"]+)"/.exec(snippet)?.[1];
    const carouselStyle = /<style>([^<]+)<\/style>/.exec(fragment)?.[1];
    expect(reserve).toBeDefined();
    expect(carouselStyle).toBeDefined();
    expect(published.csp.reserveStyle).toBe(await cspSha256(reserve!));
    expect(published.csp.carouselStyle).toBe(await cspSha256(carouselStyle!));
    expect(published.snippet).toContain(`style="${reserve}"`);
  });

  it('names URLs on the host it was asked on', async () => {
    const origin = freshOrigin();
    const response = await fetchWorker(`${origin}/embed/manifest.json`);
    const published = (await response.json()) as Manifest;

    expect(published.src).toBe(`${origin}/embed/${published.version}.js`);
    expect(published.latest).toBe(`${origin}/embed.js`);
    expect(published.snippet).toContain(`src="${published.src}"`);
  });
});

describe('GET /embed/<past version>.js', () => {
  const captureFaults = useFaultLog();

  it('serves a build archived in KV at an earlier deploy, immutable, so SRI pins survive later deploys', async () => {
    const past = '/* an earlier build */ void 0;';
    await env.ARTICLES.put(embedKey('0123456789ab'), past);

    const response = await fetchPath('/embed/0123456789ab.js');

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe(past);
  });

  it('reads KV only for a well-formed version', async () => {
    const { kv, state } = instrumentedKv();
    const worker = testWorker({ kv });

    const response = await worker.fetch(`${freshOrigin()}/embed/..%2Fv1%3Aarticle%3Aarticle-1.js`);

    expect(response.status).toBe(404);
    expect(state.reads).toBe(0);
  });

  it('answers 503 with Retry-After when KV fails, not a 404 that a CDN would keep', async () => {
    const faults = captureFaults();
    const { kv, state } = instrumentedKv();
    state.mode = 'throw';
    const worker = testWorker({ kv });

    const response = await worker.fetch(`${freshOrigin()}/embed/0123456789ab.js`);

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(faults.events()).toEqual([expect.objectContaining({ event: 'kv-unavailable', key: embedKey('0123456789ab') })]);
  });
});
