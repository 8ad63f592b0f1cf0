/**
 * Partners (content/partners/<id>.yaml, pushed in the `v1:state` record): the worker resolves `?partner=` once, from
 * the state record, with real Miniflare KV and Cache API. Unknown ids are served as if no id were given; a paused
 * partner gets nothing and costs no KV read; a partner with origins is refused on other sites; defaults apply when
 * the request leaves them out.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PartnerRecord } from '../../content/partner-schema.ts';
import { freshOrigin, instrumentedKv, makeArticle, readPage, readProblem, seed, testWorker, useFaultLog } from './support.ts';

const captureFaults = useFaultLog();

const PARTNERS: Record<string, PartnerRecord> = {
  open: { id: 'open', name: 'Open', status: 'active' },
  quiet: { id: 'quiet', name: 'Quiet', status: 'paused', origins: ['https://quiet.example'] },
  gated: { id: 'gated', name: 'Gated', status: 'active', origins: ['https://gated.example', 'https://www.gated.example'] },
  sporty: { id: 'sporty', name: 'Sporty', status: 'active', defaults: { section: 'sport', limit: 2, theme: 'dark', lang: 'en' } },
  brief: { id: 'brief', name: 'Brief', status: 'active', defaults: { limit: 3 } },
};

beforeAll(async () => {
  const articles = Array.from({ length: 8 }, (_, i) => makeArticle(i + 1, { section: i % 2 === 0 ? 'news' : 'sport' }));
  await seed(articles);
  await env.ARTICLES.put('v1:state', JSON.stringify({ version: 'partners-test', partners: { ...PARTNERS, broken: { id: 'broken', status: 'on' } } }));
});

interface ListBody {
  items: Array<{ slug: string; section: string }>;
  updatedAt: string | null;
  paused?: boolean;
  partner?: { theme?: string; lang?: string };
}

/** A worker with counted KV on an origin of its own. */
function setup() {
  const { kv, state } = instrumentedKv();
  const worker = testWorker({ kv });
  const origin = freshOrigin();
  const get = (path: string, headers: Record<string, string> = {}) => worker.fetch(`${origin}${path}`, { headers });
  return { worker, origin, get, kv: state };
}

describe('an unknown partner id', () => {
  it('is served exactly as no id, from the same cache entry: ids nobody pushed make no entries and cost no reads', async () => {
    const { worker, get, kv } = setup();
    const plain = await get('/v1/headlines?partner=nobody');
    await worker.settle();
    const readsForFirst = kv.reads;

    for (const id of ['someone-else', 'ACME', 'x'.repeat(300), 'a%20b', '', '__proto__', 'constructor']) {
      const response = await get(`/v1/headlines?partner=${encodeURIComponent(id)}`);
      expect(response.status, id).toBe(200);
      expect(response.headers.get('etag'), id).toBe(plain.headers.get('etag'));
      expect(response.headers.get('cache-status'), id).toMatch(/hit/);
      expect(response.headers.get('access-control-allow-origin'), id).toBe('*');
      expect(response.headers.get('vary') ?? '', id).not.toMatch(/origin/i);
    }
    expect((await get('/v1/headlines')).headers.get('etag'), 'no id at all').toBe(plain.headers.get('etag'));
    expect(readsForFirst, 'the list').toBe(1);
    expect(kv.reads).toBe(readsForFirst);
    expect(kv.stateReads, 'the state record, once').toBe(1);
  });

  it('named twice is a 400 that says so', async () => {
    const { get } = setup();

    const response = await get('/v1/headlines?partner=open&partner=gated');

    expect(response.status).toBe(400);
    expect((await readProblem(response)).errors).toEqual([expect.objectContaining({ name: 'partner', detail: 'must be given at most once' })]);
  });
});

describe('a paused partner', () => {
  it('gets an empty list marked paused, and no KV read once the state record is known', async () => {
    const { worker, get, kv } = setup();
    const cold = await get('/v1/headlines?partner=quiet');
    await worker.settle();
    const readsWhenCold = { lists: kv.reads, state: kv.stateReads };

    const warm = await get('/v1/headlines?partner=quiet&limit=4', { Origin: 'https://elsewhere.example' });
    const fragment = await get('/fragments/carousel?partner=quiet');
    const frame = await get('/frames/carousel?partner=quiet');

    expect(cold.status).toBe(200);
    expect(await cold.json()).toEqual({ items: [], updatedAt: null, paused: true });
    expect(readsWhenCold, 'the state record only, never a list').toEqual({ lists: 0, state: 1 });
    expect(warm.status, 'paused says nothing about sites: it shows nothing anywhere').toBe(200);
    expect(((await warm.json()) as ListBody).paused).toBe(true);
    expect(fragment.status).toBe(200);
    expect(await fragment.text()).not.toMatch(/khabar-carousel|<script/);
    expect(frame.status).toBe(200);
    expect(await (await readPage(frame)).all('khabar-carousel')).toHaveLength(0);
    expect({ lists: kv.reads, state: kv.stateReads }, 'warm requests read nothing').toEqual(readsWhenCold);
  });
});

describe('a partner with allowed origins', () => {
  it('is refused with a 403 problem on another site, readable by that site, without reading the list', async () => {
    const { worker, get, kv } = setup();
    await get('/v1/headlines?partner=open');
    await worker.settle();
    const readsBefore = kv.reads;

    const response = await get('/v1/headlines?partner=gated', { Origin: 'https://evil.example' });

    expect(response.status).toBe(403);
    const problem = await readProblem(response);
    expect(problem.type).toMatch(/\/problems\/origin-not-allowed$/);
    expect(problem.detail).toContain('https://gated.example, https://www.gated.example');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://evil.example');
    expect(response.headers.get('vary')).toMatch(/\borigin\b/i);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(kv.reads).toBe(readsBefore);
  });

  it.each([
    ['a sandboxed frame or file: page', 'null'],
    ['a malformed header', 'gated.example'],
    ['a look-alike with a path', 'https://gated.example.evil.example'],
    ['the right host on another scheme', 'http://gated.example'],
    ['the right host on another port', 'https://gated.example:8443'],
  ])('is refused for %s', async (_, origin) => {
    const { get } = setup();

    const response = await get('/v1/headlines?partner=gated', { Origin: origin });

    expect(response.status).toBe(403);
  });

  it('is served on each of its own origins, named in Access-Control-Allow-Origin with Vary: Origin, 304s included', async () => {
    const { get } = setup();

    const own = await get('/v1/headlines?partner=gated', { Origin: 'https://gated.example' });
    const www = await get('/v1/headlines?partner=gated', { Origin: 'https://www.gated.example' });
    const revalidated = await get('/v1/headlines?partner=gated', { Origin: 'https://www.gated.example', 'If-None-Match': own.headers.get('etag')! });

    expect(own.status).toBe(200);
    expect(((await own.json()) as ListBody).items.length).toBeGreaterThan(0);
    expect(own.headers.get('access-control-allow-origin')).toBe('https://gated.example');
    expect(own.headers.get('vary')).toMatch(/\borigin\b/i);
    expect(www.headers.get('access-control-allow-origin')).toBe('https://www.gated.example');
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('access-control-allow-origin')).toBe('https://www.gated.example');
    expect(revalidated.headers.get('vary')).toMatch(/\borigin\b/i);
  });

  it('is served without an Origin header (servers, same-origin pages): the browser always sends one cross-origin', async () => {
    const { get } = setup();

    const response = await get('/v1/headlines?partner=gated');

    expect(response.status).toBe(200);
    expect(response.headers.get('vary')).toMatch(/\borigin\b/i);
  });

  it('refuses a fragment asked from another site, and limits who may frame its iframe to its origins', async () => {
    const { get, origin } = setup();

    const fragment = await get('/fragments/carousel?partner=gated', { Origin: 'https://evil.example' });
    const frame = await get('/frames/carousel?partner=gated');
    const openFrame = await get('/frames/carousel?partner=open');

    expect(fragment.status).toBe(403);
    expect(await fragment.text()).toContain('khabar: This partner&#39;s headlines are not served on this site.');
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-security-policy')).toMatch(
      new RegExp(`frame-ancestors ${origin.replace(/\./g, '\\.')} https://gated\\.example https://www\\.gated\\.example(;|$)`),
    );
    expect(openFrame.headers.get('content-security-policy')).toMatch(/frame-ancestors \*(;|$)/);
  });
});

describe("a partner's defaults", () => {
  it('give section and limit when the request leaves them out, and theme and lang back for the widget', async () => {
    const { get } = setup();

    const defaults = (await (await get('/v1/headlines?partner=sporty')).json()) as ListBody;
    const overridden = (await (await get('/v1/headlines?partner=sporty&section=news&limit=3')).json()) as ListBody;

    expect(defaults.items.map((item) => item.section)).toEqual(['sport', 'sport']);
    expect(defaults.partner).toEqual({ theme: 'dark', lang: 'en' });
    expect(overridden.items.map((item) => item.section)).toEqual(['news', 'news', 'news']);
    expect(overridden.partner).toEqual({ theme: 'dark', lang: 'en' });
  });

  it('without theme or lang share the cache entry of the same list asked for without a partner', async () => {
    const { worker, get, kv } = setup();
    await get('/v1/headlines?partner=open');
    const plain = await get('/v1/headlines?limit=3');
    await worker.settle();
    const reads = kv.reads;

    const partner = await get('/v1/headlines?partner=brief');

    expect(partner.headers.get('etag')).toBe(plain.headers.get('etag'));
    expect(partner.headers.get('cache-status')).toMatch(/hit/);
    expect(((await partner.json()) as ListBody).items).toHaveLength(3);
    expect(kv.reads).toBe(reads);
  });

  it('shape the carousel the worker renders, and its attributes, so the script that takes over asks the same', async () => {
    const { get } = setup();

    const frame = await readPage(await get('/frames/carousel?partner=sporty'));
    const carousel = await frame.one('khabar-carousel');
    const cards = await frame.all('a.card');

    expect(carousel.attrs).toMatchObject({ section: 'sport', limit: '2', theme: 'dark', lang: 'en', partner: 'sporty' });
    expect(cards).toHaveLength(2);
  });
});

describe('a partner record the worker cannot read', () => {
  it('is treated as unknown (open embedding) and logged, never a 500', async () => {
    const faults = captureFaults();
    const { get } = setup();

    const response = await get('/v1/headlines?partner=broken');

    expect(response.status).toBe(200);
    expect(faults.events()).toContainEqual(expect.objectContaining({ event: 'corrupt-record', key: 'v1:state partners.broken' }));
  });
});

describe('the configurator', () => {
  it('offers the known partners, and fills in a chosen partner\'s defaults, which its embed code then leaves out', async () => {
    const { get } = setup();

    const page = await readPage(await get('/?partner=sporty'));
    const offered = await page.all('#known-partners option');
    const limit = await page.one('#option-limit');
    const theme = await page.one('#option-theme option[selected]');
    const snippet = (await page.one('#snippet code')).text;

    expect(offered.map((option) => option.attrs['value'])).toEqual(['brief', 'gated', 'open', 'quiet', 'sporty']);
    expect(offered.find((option) => option.attrs['value'] === 'quiet')!.attrs).toHaveProperty('data-paused');
    expect(limit.attrs['value']).toBe('2');
    expect(theme.attrs['value']).toBe('dark');
    expect(snippet).toContain('data-partner="sporty"');
    expect(snippet).not.toMatch(/data-(limit|theme|lang|section)=/);
    expect((await page.one('#partner-status')).attrs).toHaveProperty('hidden');
  });

  it('carries a value that differs from the partner\'s default, and says when the partner is paused', async () => {
    const { get } = setup();

    const changed = (await (await readPage(await get('/?partner=sporty&limit=5'))).one('#snippet code')).text;
    const paused = await readPage(await get('/?partner=quiet'));

    expect(changed).toContain('data-limit="5"');
    expect((await paused.one('#partner-status')).attrs).not.toHaveProperty('hidden');
  });
});
