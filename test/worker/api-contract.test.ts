/**
 * The recording the widget tests' scripted API answers from (test/fixtures/api-contract.json), checked
 * against the real worker: each case produced here, on real (Miniflare) KV and Cache API, with
 * wrangler.toml's lifetimes and a hand-moved clock. When a case differs, the test fails and prints the
 * whole recording as the worker answers now: if the change is meant, that output replaces the file (and the
 * widget tests then run against it).
 */
import { beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { type CaseName, CASE_NAMES, CONTRACT, type ContractCase, type Recording, browserView, byForm, FORMS } from '../fixtures/api-contract.ts';
import { freshOrigin, instrumentedKv, lifetimes, makeArticle, manualClock, seed, testWorker, useFaultLog } from './support.ts';

/** What a partner page's `fetch` sends that matters here: it is cross-origin. */
const BROWSER = { Origin: 'https://partner.example' };

/** The seconds into the list's freshness at which the widget revalidates it: half-way. */
const REVALIDATE_AFTER = lifetimes.headlinesMaxAge / 2;
/** How long past stale-while-revalidate the stale-if-error and refreshed cases come: a minute. */
const PAST_REVALIDATION = lifetimes.headlinesMaxAge + lifetimes.staleWhileRevalidate + 60;

const captureFaults = useFaultLog();

interface Produced {
  given: string;
  path: string;
  headers?: Record<string, string>;
  response: Response;
}

/** Every case, in order, from one worker (its memory tier and clock) and one origin (its edge cache). */
async function produceAll(): Promise<Recording> {
  await seed([makeArticle(1), makeArticle(2, { section: 'sport' }), makeArticle(3)]);
  const clock = manualClock();
  const { kv, state } = instrumentedKv();
  const worker = testWorker({ kv, now: clock.now });
  const origin = freshOrigin();
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await worker.fetch(`${origin}${path}`, { headers: { ...BROWSER, ...headers } });
    await worker.settle();
    return response;
  };

  const produced: Record<CaseName, Produced> = {} as Record<CaseName, Produced>;
  const firstLoad = await get('/v1/headlines?limit=6');
  produced['first-load'] = { given: 'nothing cached yet; KV answers', path: '/v1/headlines?limit=6', response: firstLoad };

  clock.advance(REVALIDATE_AFTER);
  const etag = firstLoad.headers.get('etag') ?? '';
  produced['not-modified'] = {
    given: `${REVALIDATE_AFTER} s after first-load, the browser revalidating its copy (If-None-Match: first-load's ETag)`,
    path: '/v1/headlines?limit=6',
    headers: { 'If-None-Match': etag },
    response: await get('/v1/headlines?limit=6', { 'If-None-Match': etag }),
  };

  clock.advance(PAST_REVALIDATION - REVALIDATE_AFTER);
  state.mode = 'throw';
  produced['stale-if-error'] = {
    given: `${PAST_REVALIDATION} s after first-load (past max-age and stale-while-revalidate), KV failing`,
    path: '/v1/headlines?limit=6',
    response: await get('/v1/headlines?limit=6'),
  };
  state.mode = 'ok';
  produced['refreshed'] = {
    given: 'the same moment, KV answering again: the copy too old to serve is replaced by a fresh read',
    path: '/v1/headlines?limit=6',
    response: await get('/v1/headlines?limit=6'),
  };
  produced['bad-limit'] = { given: 'any: the query is refused before KV is read', path: '/v1/headlines?limit=100', response: await get('/v1/headlines?limit=100') };
  produced['unknown-section'] = {
    given: 'KV answers; no article is in that section',
    path: '/v1/headlines?limit=6&section=opinion',
    response: await get('/v1/headlines?limit=6&section=opinion'),
  };
  state.mode = 'throw';
  produced['unavailable'] = { given: 'KV failing, and no copy of this list cached', path: '/v1/headlines?limit=5', response: await get('/v1/headlines?limit=5') };
  state.mode = 'ok';

  const cases = {} as Record<CaseName, ContractCase>;
  for (const name of CASE_NAMES) {
    const { given, path, headers = {}, response } = produced[name];
    const text = await response.text();
    cases[name] = { given, request: { path, headers }, response: { status: response.status, headers: browserView(response.headers), body: text ? JSON.parse(text) : null } };
  }
  return { $comment: CONTRACT.$comment, cases };
}

/** A case as compared: varying header values by their form. */
function comparable(recorded: ContractCase): ContractCase {
  const request = { ...recorded.request, headers: byForm(recorded.request.headers) };
  return { ...recorded, request, response: { ...recorded.response, headers: byForm(recorded.response.headers) } };
}

describe('test/fixtures/api-contract.json', () => {
  let observed: Recording;

  beforeAll(async () => {
    captureFaults(); // the failing-KV cases log faults, as they should
    observed = await produceAll();
  });

  it.each(CASE_NAMES)('records what the worker answers: %s', (name) => {
    onTestFailed(() => {
      console.log(
        `test/fixtures/api-contract.json differs from what the worker answers (case "${name}"). ` +
          `If the worker's change is meant, replace the file with:\n${JSON.stringify(observed, null, 2)}\n`,
      );
    });

    expect(comparable(observed.cases[name])).toEqual(comparable(CONTRACT.cases[name]));
  });

  it('has values of the recorded form wherever it compares by form', () => {
    const checked = CASE_NAMES.flatMap((name) => Object.entries(CONTRACT.cases[name].response.headers).filter(([header]) => FORMS[header]));

    expect(checked.length).toBeGreaterThan(0);
    for (const [header, value] of checked) expect(value).toMatch(FORMS[header]!.pattern);
  });
});
