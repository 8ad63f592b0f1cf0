/**
 * A scripted stand-in for the khabar worker's `GET /v1/headlines`, for the widget's browser tests. The
 * element under test is real; only the API it talks to is scripted, so a test can choose what the network
 * does (slow, failing, stale, hostile) and count what the element asked for.
 *
 * Each test uses an origin of its own, `http://<scenario>--<run>.localhost:<port>` (Chromium sends every
 * `*.localhost` name to the loopback address): the scenario picks the answer, the run (a fresh random id per
 * test) keeps counters, ETags and "first request" state apart between tests and between test files running
 * in parallel. An origin is what the element's `api` attribute is, so nothing here relies on how the element
 * joins a path to it.
 *
 *   GET  <any path>/v1/headlines?limit=N&section=S  the scenario's answer, with CORS, ETag and 304s
 *   GET  /_count                                     a RequestCount for that run
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HEADLINES_MAX } from '../../../content/records.ts';
import { headlinesFor, parseHost, type RequestCount, SLOW_MS, STALE_CACHE_STATUS, REFRESHED_CACHE_STATUS } from '../fixtures.ts';

/** What the worker sends with a fresh headline list (wrangler.toml's defaults). */
const HEADLINES_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600, stale-if-error=86400';

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag, Cache-Status',
} as const;

interface Run {
  /** The moment every timestamp of this run is relative to: its first request. */
  now: number;
  count: RequestCount;
}

export interface HeadlineApi {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

export async function startHeadlineApi(): Promise<HeadlineApi> {
  const runs = new Map<string, Run>();
  const server = createServer((request, response) => {
    handle(runs, request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { 'Content-Type': 'text/plain' }, String(error));
      else response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function handle(runs: Map<string, Run>, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
  const target = parseHost(url.hostname);
  if (request.method === 'OPTIONS') {
    // The element should send simple requests only, but a preflight must not be what fails a test.
    return send(response, 204, { 'Access-Control-Allow-Methods': 'GET', 'Access-Control-Allow-Headers': '*', 'Access-Control-Max-Age': '600' });
  }
  const route = url.pathname === '/_count' ? 'count' : url.pathname.endsWith('/v1/headlines') ? 'headlines' : null;
  if (!target || !route || request.method !== 'GET') {
    return send(response, 404, { 'Content-Type': 'text/plain' }, `no such scenario route: ${request.method} ${url.href}`);
  }
  const { scenario } = target;
  const key = `${scenario}/${target.run}`;
  let run = runs.get(key);
  if (!run) {
    run = { now: Date.now(), count: { requests: 0, notModified: 0, lastSearch: null, lastPath: null, searches: [] } };
    runs.set(key, run);
  }
  if (route === 'count') {
    return send(response, 200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }, JSON.stringify(run.count));
  }

  run.count.requests += 1;
  run.count.lastSearch = url.search;
  run.count.lastPath = url.pathname;
  run.count.searches.push(url.search);
  const attempt = run.count.requests;

  if (scenario === 'slow' || scenario === 'slow-images' || (scenario === 'slow-first' && attempt === 1)) {
    await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
  }
  if (scenario === 'garbage') {
    return send(response, 200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }, '<!doctype html><title>Sign in to the Wi-Fi</title>');
  }
  const full = headlinesFor(scenario, run.now, attempt);
  if (!full) {
    const problem = {
      type: 'https://khabar.example/problems/unavailable',
      title: 'The headlines are temporarily unavailable',
      status: 503,
      detail: 'The article store did not answer in time.',
    };
    return send(response, 503, { 'Content-Type': 'application/problem+json; charset=utf-8', 'Cache-Control': 'no-store', 'Retry-After': '1' }, JSON.stringify(problem));
  }

  // Validated as the worker does (worker/routes/headlines-query.ts): a bad limit is a 400, not a guess.
  const limitParam = url.searchParams.get('limit') ?? '10';
  const limit = Number(limitParam);
  if (!/^[1-9][0-9]{0,2}$/.test(limitParam) || limit > HEADLINES_MAX) {
    const problem = {
      type: 'https://khabar.example/problems/invalid-request',
      title: 'The request is not valid',
      status: 400,
      detail: 'The query has 1 invalid parameter.',
      errors: [{ in: 'query', name: 'limit', detail: `must be a whole number from 1 to ${HEADLINES_MAX}`, value: limitParam }],
    };
    return send(response, 400, { 'Content-Type': 'application/problem+json; charset=utf-8', 'Cache-Control': 'no-store' }, JSON.stringify(problem));
  }
  const section = url.searchParams.get('section');
  const items = full.items.filter((item) => section === null || item.section === section).slice(0, Math.max(0, limit));
  const body = JSON.stringify({ items, updatedAt: items.length > 0 ? full.updatedAt : null });
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const headers: Record<string, string> = { ETag: etag, 'Cache-Control': HEADLINES_CACHE_CONTROL, Vary: 'Accept-Encoding' };
  if (scenario === 'stale') headers['Cache-Status'] = STALE_CACHE_STATUS;
  else if (scenario === 'refreshed') headers['Cache-Status'] = REFRESHED_CACHE_STATUS;
  else headers['Cache-Status'] = 'khabar; hit; ttl=42; detail=memory';

  if (ifNoneMatch(request.headers['if-none-match'], etag)) {
    run.count.notModified += 1;
    return send(response, 304, headers);
  }
  send(response, 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' }, body);
}

/** RFC 9110 §13.1.2: weak comparison, a list of tags or `*`. */
function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}

function send(response: ServerResponse, status: number, headers: Record<string, string>, body?: string): void {
  response.writeHead(status, { ...CORS, ...headers });
  response.end(body);
}
