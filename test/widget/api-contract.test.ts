/**
 * The worker's answers, as recorded from it (test/fixtures/api-contract.json, re-checked against the real
 * worker by test/worker/api-contract.test.ts): the scripted API gives the browser exactly those, and the
 * element does the right thing with each: first load, a 304 refresh, a stale copy served because KV failed,
 * a 400 for a bad `limit`, a 404 for an unknown `section`, a 503.
 */
import { describe, expect, it } from 'vitest';
import { byForm, type CaseName, CONTRACT, recorded } from '../fixtures/api-contract.ts';
import { headlinesFor, type Scenario } from './fixtures.ts';
import { apiFor, collect, fakeClock, MESSAGES, maybePart, mount, nextRefresh, part, requestsTo, settled, statusOf, titles } from './support.ts';

/** The scenario whose answer to the recorded request is that case. */
const SCENARIO_OF: Record<CaseName, Scenario> = {
  'first-load': 'arabic',
  'not-modified': 'arabic',
  'stale-if-error': 'stale',
  refreshed: 'refreshed',
  'bad-limit': 'arabic',
  'unknown-section': 'arabic',
  unavailable: 'error',
};

/** The recorded headers a script on another origin can read (the CORS ones decide that, and are not readable). */
function readable(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith('access-control-')));
}

/** What this page's script reads of a cross-origin response, as the element would (no Content-Length: transport). */
function readHeaders(response: Response): Record<string, string> {
  return Object.fromEntries([...response.headers].filter(([name]) => name !== 'content-length'));
}

describe('the scripted API answers as the worker was recorded answering', () => {
  it.each(Object.keys(SCENARIO_OF) as CaseName[])('%s: status, readable headers and problem body', async (name) => {
    const { request, response: expected } = CONTRACT.cases[name];
    const api = apiFor(SCENARIO_OF[name]);
    let ifNoneMatch = request.headers['If-None-Match'];
    if (ifNoneMatch !== undefined) {
      // The ETag of this run's list: the browser revalidates the copy it was given.
      ifNoneMatch = (await fetch(`${api}${request.path}`, { cache: 'no-store' })).headers.get('etag') ?? '';
    }

    // An explicit If-None-Match makes the browser hand the 304 itself to the script, not its cached copy.
    const response = await fetch(`${api}${request.path}`, { cache: 'no-store', ...(ifNoneMatch !== undefined && { headers: { 'If-None-Match': ifNoneMatch } }) });

    expect(response.status).toBe(expected.status);
    expect(byForm(readHeaders(response))).toEqual(byForm(readable(expected.headers)));
    const text = await response.text();
    if (expected.status >= 400) expect(JSON.parse(text)).toEqual(expected.body);
    else if (expected.status === 304) expect(text).toBe('');
  });
});

describe('what the reader gets from each recorded answer', () => {
  it('first load: the headlines, said to be fresh', async () => {
    const loads = collect<{ count: number; stale: boolean }>('khabar-load');
    const element = mount({ api: apiFor('arabic') });

    await settled(element);
    loads.stop();

    expect(titles(element)).toEqual(headlinesFor('arabic', 0)!.items.map((h) => h.title));
    expect(statusOf(element)).toContain(MESSAGES.ar.updated);
    expect(loads.details).toEqual([expect.objectContaining({ count: 6, stale: false })]);
  });

  it('a 304 refresh: the same headlines, in the same cards, and no new khabar-load', async () => {
    fakeClock();
    const loads = collect('khabar-load');
    const api = apiFor('arabic');
    const element = mount({ api, refresh: '30' });
    await settled(element);
    const firstCard = part(element, '[part~=card]');

    // Refreshes follow one another: the next is planned only after the one before (a 304) was handled.
    await nextRefresh();
    await nextRefresh();
    await expect.poll(async () => (await requestsTo(api)).requests).toBeGreaterThanOrEqual(3);
    loads.stop();

    expect((await requestsTo(api)).notModified).toBeGreaterThanOrEqual(1);
    expect(loads.events).toHaveLength(1);
    expect(part(element, '[part~=card]')).toBe(firstCard);
    expect(statusOf(element)).toContain(MESSAGES.ar.updated);
  });

  it('stale-if-error: the headlines, and a word that they may not be the latest', async () => {
    const loads = collect<{ stale: boolean }>('khabar-load');
    const element = mount({ api: apiFor('stale') });

    await settled(element);
    loads.stop();

    expect(recorded('stale-if-error').headers['cache-status']).toContain('stale-if-error');
    expect(titles(element)).toHaveLength(6);
    expect(statusOf(element)).toBe(MESSAGES.ar.stale);
    expect(loads.details).toEqual([expect.objectContaining({ stale: true })]);
  });

  it.each([
    ['a bad limit (400)', 'bad-limit', 400],
    ['an unknown section (404)', 'unknown-section', 404],
    ['no copy while KV fails (503)', 'unavailable', 503],
  ] as const)('%s: the error state with a retry, and khabar-error with that status', async (_, name, status) => {
    const errors = collect<{ status: number | null }>('khabar-error');
    const api = apiFor(SCENARIO_OF[name]);
    const query = new URLSearchParams(CONTRACT.cases[name].request.path.split('?')[1]);
    const element = mount({ api, ...Object.fromEntries(query) });

    await settled(element, 'error');
    errors.stop();

    expect(recorded(name).status).toBe(status);
    expect((await requestsTo(api)).lastSearch).toBe(`?${query}`);
    expect(errors.details).toEqual([{ status }]);
    expect(element.shadowRoot!.textContent).toContain(MESSAGES.ar.error);
    expect(maybePart(element, '[part~=retry]')).not.toBeNull();
    expect(titles(element)).toEqual([]);
  });
});
