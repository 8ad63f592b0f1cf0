import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fetchWorker, freshOrigin, makeArticle, readProblem, seed, testWorker } from './support.ts';

const fetchPath = (path: string, init?: RequestInit) => fetchWorker(`${freshOrigin()}${path}`, init);
const ROUTES = ['/', '/v1', '/healthz', '/v1/headlines', '/v1/articles/article-1', '/embed.js', '/embed/manifest.json'];

beforeEach(async () => {
  await seed([makeArticle(1)]);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('methods', () => {
  it.each(ROUTES)('answers HEAD on %s like GET, without a body', async (path) => {
    // One origin for both: the embed manifest names URLs on the host it was asked on.
    const origin = freshOrigin();
    const get = await fetchWorker(`${origin}${path}`);
    const head = await fetchWorker(`${origin}${path}`, { method: 'HEAD' });

    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('answers %s with 405 and Allow', async (method) => {
    for (const path of ROUTES) {
      const response = await fetchPath(path, { method, body: method === 'DELETE' ? null : '{}' });

      expect(response.status, path).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
      expect((await readProblem(response)).detail).toContain(method);
    }
  });

  it('answers a CORS preflight from any origin', async () => {
    const response = await fetchPath('/v1/headlines', {
      method: 'OPTIONS',
      headers: { Origin: 'https://partner.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'if-none-match' },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET,HEAD,OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toBe('If-None-Match');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('answers an unknown route with 404 problem+json, never an HTML page', async () => {
    for (const path of ['/nope', '/v1/headlines/', '/v1/articles/', '/v1/articles/a/b', '/v2/headlines']) {
      const response = await fetchPath(path);

      expect(response.status, path).toBe(404);
      expect((await readProblem(response)).type).toMatch(/\/problems\/not-found$/);
    }
  });
});

describe('headers on every response', () => {
  const cases: Array<[string, string, RequestInit?]> = [
    ['a list', '/v1/headlines'],
    ['an article', '/v1/articles/article-1'],
    ['a 400', '/v1/headlines?limit=0'],
    ['a 404', '/nope'],
    ['a 405', '/v1/headlines', { method: 'POST' }],
    ['a 414', `/v1/articles/${'a'.repeat(3000)}`],
  ];

  it.each(cases)('%s is readable cross-origin and carries security headers', async (_, path, init) => {
    const response = await fetchPath(path, { ...init, headers: { Origin: 'https://partner.example' } });

    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toContain('ETag');
    expect(response.headers.get('access-control-expose-headers')).toContain('Cache-Status');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});

describe('GET /healthz and GET /v1', () => {
  it('reports health without caching it', async () => {
    const response = await fetchPath('/healthz');

    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('describes the API at /v1', async () => {
    const body = (await (await fetchPath('/v1')).json()) as { endpoints: Record<string, string> };

    expect(body.endpoints['headlines']).toBe('/v1/headlines{?limit,section}');
    expect(body.endpoints['oembed']).toBe('/oembed{?url,format,maxwidth,maxheight}');
  });
});

describe('request log', () => {
  function captureLog() {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    return lines;
  }

  it('writes nothing per request as deployed: the platform records requests itself', async () => {
    const lines = captureLog();
    const worker = testWorker();

    const responses = [await worker.fetch(`${freshOrigin()}/v1/headlines?limit=2`), await worker.fetch(`${freshOrigin()}/nope`)];

    expect(responses.map((response) => response.status)).toEqual([200, 404]);
    expect(lines).toEqual([]);
  });

  it('with LOG_REQUESTS=true writes one JSON line per request with method, path, status, cache status and duration', async () => {
    const lines = captureLog();
    const worker = testWorker({ vars: { LOG_REQUESTS: 'true' } });

    await worker.fetch(`${freshOrigin()}/v1/headlines?limit=2`);
    await worker.fetch(`${freshOrigin()}/nope`);

    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ method: 'GET', path: '/v1/headlines', status: 200, cache: expect.stringMatching(/^khabar; fwd=miss/) });
    expect(entries[0]!['durationMs']).toEqual(expect.any(Number));
    expect(entries[1]).toMatchObject({ method: 'GET', path: '/nope', status: 404 });
  });
});
