/**
 * A scripted stand-in for the khabar worker's `GET /v1/headlines`, for the widget's browser tests. The
 * element under test is real; only the API it talks to is scripted, so a test can choose what the network
 * does (slow, failing, stale, hostile) and count what the element asked for.
 *
 * What it answers is the worker's, recorded: statuses, headers (CORS, Cache-Control, Cache-Status, Age) and
 * problem bodies come from test/fixtures/api-contract.json, which test/worker/api-contract.test.ts checks
 * against the real worker, and a query is refused by the worker's own validator. Only the headline lists
 * (and their ETags, computed as the worker does) are the scenario's. Which recorded case answers:
 *
 *   a bad `limit` (or any query the worker refuses)     bad-limit (400; `errors` name what was wrong)
 *   no list (error, flaky, fails-later)               unavailable (503)
 *   a `section` none of the scenario's headlines has  unknown-section (404)
 *   `If-None-Match` with the current ETag             not-modified (304)
 *   scenario `stale`                                  stale-if-error (200)
 *   scenario `refreshed`                              refreshed (200)
 *   any other list                                    first-load (200)
 *
 * Each test uses an origin of its own, `http://<scenario>--<run>.localhost:<port>` (Chromium sends every
 * `*.localhost` name to the loopback address): the scenario picks the answer, the run (a fresh random id per
 * test) keeps counters, ETags and "first request" state apart between tests and between test files running
 * in parallel. An origin is what the element's `api` attribute is, so nothing here relies on how the element
 * joins a path to it.
 *
 *   GET  <any path>/v1/headlines?limit=N&section=S  the scenario's answer, as above
 *   GET  /v1/version                                 `{"version":"1"}` (scenario `versioned`: the run's version), as
 *                                                    the worker answers it (contract C1): strong ETag, no-cache, 304
 *   GET  /_version?set=<v>                           sets the run's version; `set=fail`: 503 from then on
 *   POST /v1/events                                  recorded as sent (content type and body), 204
 *   GET  /embed.js, /embed/<name>.js                 the built embed and its lazily loaded files, from dist/embed
 *   GET  /_count                                     a RequestCount for that run
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { strongEtag } from '../../../worker/http/strong-etag.ts';
import { parseHeadlinesQuery } from '../../../worker/routes/headlines-query.ts';
import { type CaseName, CONTRACT, recorded } from '../../fixtures/api-contract.ts';
import { headlinesFor, parseHost, type RequestCount, type Scenario, SLOW_MS } from '../fixtures.ts';

/** For the scripted API's own answers (counts, its 404): the test page reads them from another origin. */
const CORS = { 'Access-Control-Allow-Origin': '*' } as const;

interface Run {
  /** The moment every timestamp of this run is relative to: its first request. */
  now: number;
  count: RequestCount;
  /** The content version `/v1/version` gives (`versioned`), or "fail". */
  version: string;
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
    return send(response, 204, { ...CORS, 'Access-Control-Allow-Methods': 'GET', 'Access-Control-Allow-Headers': '*', 'Access-Control-Max-Age': '600' });
  }
  const route =
    url.pathname === '/_count' ? 'count'
    : url.pathname === '/_version' ? 'set-version'
    : url.pathname === '/v1/version' ? 'version'
    : url.pathname === '/v1/events' ? 'events'
    : url.pathname === '/embed.js' || /^\/embed\/[a-z]+-[0-9a-f]{12}\.js$/.test(url.pathname) ? 'embed'
    : url.pathname.endsWith('/v1/headlines') ? 'headlines'
    : null;
  if (!target || !route || request.method !== (route === 'events' ? 'POST' : 'GET')) {
    return send(response, 404, { ...CORS, 'Content-Type': 'text/plain' }, `no such scenario route: ${request.method} ${url.href}`);
  }
  const { scenario } = target;
  const key = `${scenario}/${target.run}`;
  let run = runs.get(key);
  if (!run) {
    const count = { requests: 0, notModified: 0, done: 0, lastSearch: null, lastPath: null, searches: [], versionRequests: 0, versionNotModified: 0, events: [], files: [] };
    run = { now: Date.now(), count, version: '1' };
    runs.set(key, run);
  }
  if (route === 'count') {
    return send(response, 200, { ...CORS, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }, JSON.stringify(run.count));
  }
  if (route === 'set-version') {
    run.version = url.searchParams.get('set') ?? '1';
    return send(response, 204, { ...CORS, 'Cache-Control': 'no-store' });
  }
  if (route === 'version') return version(run, scenario, request, response);
  if (route === 'embed') {
    run.count.files.push(url.pathname);
    return embedFile(url.pathname, response);
  }
  if (route === 'events') {
    let body = '';
    for await (const chunk of request) body += String(chunk);
    run.count.events.push({ contentType: request.headers['content-type'] ?? null, cookie: request.headers.cookie ?? null, body });
    return send(response, 204, CORS);
  }

  run.count.requests += 1;
  run.count.lastSearch = url.search;
  run.count.lastPath = url.pathname;
  run.count.searches.push(url.search);
  // Answered in full, or given up by the browser: either way nothing more can come of it.
  const count = run.count;
  response.on('close', () => void (count.done += 1));
  const attempt = run.count.requests;

  if (scenario === 'slow' || scenario === 'slow-images' || (scenario === 'slow-first' && attempt === 1)) {
    await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
  }
  if (scenario === 'garbage') {
    return send(response, 200, { ...CORS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }, '<!doctype html><title>Sign in to the Wi-Fi</title>');
  }
  // As the worker does: the query is checked before anything is read.
  const parsed = parseHeadlinesQuery(url, url.origin);
  if (!parsed.ok) {
    const problem = recorded('bad-limit');
    return answer(response, 'bad-limit', {}, JSON.stringify({ ...(problem.body as object), errors: parsed.errors }));
  }
  const full = headlinesFor(scenario, run.now, attempt, run.version);
  if (!full) return answer(response, 'unavailable');
  const { limit, section } = parsed.query;
  if (section !== undefined && !full.items.some((item) => item.section === section)) {
    // The recorded detail names the recorded section: name this one instead.
    const problem = recorded('unknown-section').body as { detail: string };
    const detail = problem.detail.replace(`"${recordedSection('unknown-section')}"`, `"${section}"`);
    return answer(response, 'unknown-section', {}, JSON.stringify({ ...problem, detail }));
  }

  const items = full.items.filter((item) => section === undefined || item.section === section).slice(0, limit);
  const body = JSON.stringify({ items, updatedAt: items.length > 0 ? full.updatedAt : null, ...(full.partner ? { partner: full.partner } : {}), ...(full.paused ? { paused: true } : {}) });
  const etag = await strongEtag(body);
  if (ifNoneMatch(request.headers['if-none-match'], etag)) {
    run.count.notModified += 1;
    return answer(response, 'not-modified', { etag });
  }
  // The version the list was made under, as the worker says it (the one /v1/version gives now).
  answer(response, LIST_CASE[scenario] ?? 'first-load', { etag, 'khabar-version': versionOf(run, scenario) }, body);
}

/** The content version now: the test's own (`versioned`), else the one the worker's recording says. */
function versionOf(run: Run, scenario: Scenario): string {
  return scenario === 'versioned' ? run.version : recorded('first-load').headers['khabar-version']!;
}

/**
 * The built embed files (npm run build), as the worker serves them to other origins: CORS `*`. Which ones a page
 * asked for is counted per run (`files`), so a test sees whether a carousel loaded its counting file.
 */
async function embedFile(path: string, response: ServerResponse): Promise<void> {
  const dist = new URL('../../../dist/embed/', import.meta.url);
  const name = path === '/embed.js' ? 'embed' : path.slice('/embed/'.length).split('-')[0]!;
  const source = await readFile(new URL(`${name}.js`, dist), 'utf8').catch(() => null);
  if (source === null) return send(response, 404, { ...CORS, 'Content-Type': 'text/plain' }, `not built: ${path}`);
  send(response, 200, { ...CORS, 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' }, source);
}

/** GET /v1/version as the worker answers it (contract C1): the version, a strong ETag, `no-cache`, CORS `*`. */
async function version(run: Run, scenario: Scenario, request: IncomingMessage, response: ServerResponse): Promise<void> {
  run.count.versionRequests += 1;
  if (run.version === 'fail') return answer(response, 'unavailable');
  const body = JSON.stringify({ version: versionOf(run, scenario) });
  const headers = { ...CORS, 'Content-Type': 'application/json', 'Cache-Control': 'no-cache', ETag: await strongEtag(body) };
  if (ifNoneMatch(request.headers['if-none-match'], headers.ETag)) {
    run.count.versionNotModified += 1;
    return send(response, 304, headers);
  }
  send(response, 200, headers, body);
}

/** The recorded 200 a scenario's list is served with, when it is not first-load's. */
const LIST_CASE: Partial<Record<Scenario, CaseName>> = { stale: 'stale-if-error', refreshed: 'refreshed' };

/** The `section` a recorded case asked for. */
const recordedSection = (name: CaseName): string => new URLSearchParams(CONTRACT.cases[name].request.path.split('?')[1]).get('section') ?? '';

/**
 * Answers with a recorded case's status and headers (`replace` overrides some, e.g. this list's ETag) and
 * `body`, by default the recorded one.
 */
function answer(response: ServerResponse, name: CaseName, replace: Record<string, string> = {}, body?: string): void {
  const { status, headers, body: recordedBody } = recorded(name);
  send(response, status, { ...headers, ...replace }, body ?? (recordedBody === null ? undefined : JSON.stringify(recordedBody)));
}

/** RFC 9110 §13.1.2: weak comparison, a list of tags or `*`. */
function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}

function send(response: ServerResponse, status: number, headers: Record<string, string>, body?: string): void {
  response.writeHead(status, headers);
  response.end(body);
}
