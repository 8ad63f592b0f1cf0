import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPage, readProblem, useFaultLog } from './support.ts';
import { beacon, eventsWorker, freshPartner, seedPartners, today } from './events-support.ts';

beforeAll(seedPartners);

const STATS_TOKEN = 'stats-token-for-tests-0123456789';
const local = eventsWorker();

/** Events posted through the worker, so both the local store and the deployed reading see real rows. */
async function countSomething(partner: string) {
  await local.fetch('/v1/events', beacon({ type: 'impression', partner, headlines: ['slug-a', 'slug-b'] }));
  await local.fetch('/v1/events', beacon({ type: 'impression', partner, headlines: ['slug-a'] }));
  await local.fetch('/v1/events', beacon({ type: 'click', partner, headline: 'slug-a' }));
}

/**
 * Analytics Engine's SQL API as the deployed worker reaches it: it takes the SQL text the worker sends and runs it on
 * the rows the worker wrote (the local store's SQLite, same table and columns), answering in the API's JSON shape,
 * 64-bit sums as strings. It records what was asked.
 */
function sqlApi(status = 200) {
  const asked: Array<{ url: string; authorization: string | null; sql: string }> = [];
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const sql = await request.text();
    asked.push({ url: request.url, authorization: request.headers.get('authorization'), sql });
    if (status !== 200) return new Response(`error near SELECT ... account secret internals`, { status });
    const rows = await env.LOCAL_EVENTS.get(env.LOCAL_EVENTS.idFromName('events')).query(sql);
    const data = rows.map((row) => ({ ...row, n: String(row['n']) }));
    return Response.json({ meta: [], data, rows: data.length, rows_before_limit_at_least: data.length });
  }) as typeof fetch;
  return { asked, fetcher };
}

const captureFaults = useFaultLog();
const deployVars = { STATS_SOURCE: 'analytics-engine', STATS_TOKEN, CF_ACCOUNT_ID: 'acc0123', CF_ANALYTICS_TOKEN: 'cf-analytics-read-token' };

describe('GET /v1/stats under npm start (the local store)', () => {
  it('needs no token, and defaults to the last 30 days ending today', async () => {
    const response = await local.fetch('/v1/stats');
    const body = (await response.json()) as { from: string; to: string; byDay: unknown[] };

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body.to).toBe(today());
    expect(body.byDay).toHaveLength(30);
  });

  it('counts only the days asked for', async () => {
    const partner = freshPartner();
    await countSomething(partner);

    const before = (await (await local.fetch(`/v1/stats?partner=${partner}&from=2020-01-01&to=2020-12-31`)).json()) as { impressions: number; byDay: unknown[] };
    const now = (await (await local.fetch(`/v1/stats?partner=${partner}&from=${today()}&to=${today()}`)).json()) as { impressions: number; clicks: number };

    expect(before.impressions).toBe(0);
    expect(before.byDay).toHaveLength(366);
    expect(now).toMatchObject({ impressions: 2, clicks: 1, ctr: 0.5 });
  });

  it.each([
    ['from=2026-02-30', 'from'],
    ['to=2026-13-01', 'to'],
    ['from=yesterday', 'from'],
    ['from=2026-1-5', 'from'],
    ['from=2026-03-02&to=2026-03-01', 'from'],
    ['from=2025-01-01&to=2026-01-02', 'from'],
    ['partner=ACME', 'partner'],
    ['partner=%3Cscript%3E', 'partner'],
    ["partner=acme'%20OR%201=1", 'partner'],
    ['partner=a&partner=b', 'partner'],
  ])('refuses ?%s with a 400 naming %s', async (query, name) => {
    const response = await local.fetch(`/v1/stats?${query}`);

    expect(response.status).toBe(400);
    expect((await readProblem(response)).errors?.map((error) => error.name)).toContain(name);
  });

  it('takes a range of exactly 366 days', async () => {
    expect((await local.fetch('/v1/stats?from=2024-01-01&to=2024-12-31')).status).toBe(200);
  });
});

describe('GET /v1/stats deployed (Analytics Engine SQL API)', () => {
  it.each([
    ['no Authorization', {}],
    ['a wrong token', { Authorization: 'Bearer not-the-token' }],
    ['the token, not as Bearer', { Authorization: STATS_TOKEN }],
    ['the token with a prefix', { Authorization: `Bearer x${STATS_TOKEN}` }],
  ])('answers %s with 401 and no data, asking the SQL API nothing', async (_, headers) => {
    const api = sqlApi();
    const deployed = eventsWorker({ vars: deployVars, analyticsFetch: api.fetcher });

    const response = await deployed.fetch('/v1/stats', { headers });

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const problem = await readProblem(response);
    expect(problem.type).toMatch(/\/problems\/unauthorized$/);
    expect(JSON.stringify(problem)).not.toMatch(/impressions|clicks/);
    expect(api.asked).toEqual([]);
  });

  it('opens nothing when STATS_TOKEN is unset, even to an empty Bearer', async () => {
    const deployed = eventsWorker({ vars: { ...deployVars, STATS_TOKEN: '' }, analyticsFetch: sqlApi().fetcher });

    expect((await deployed.fetch('/v1/stats', { headers: { Authorization: 'Bearer ' } })).status).toBe(401);
    expect((await deployed.fetch('/v1/stats')).status).toBe(401);
  });

  it('with the token, sends the same SQL to the account SQL API and reads its answer', async () => {
    const partner = freshPartner();
    await countSomething(partner);
    const api = sqlApi();
    const deployed = eventsWorker({ vars: deployVars, analyticsFetch: api.fetcher });

    const response = await deployed.fetch(`/v1/stats?partner=${partner}`, { headers: { Authorization: `Bearer ${STATS_TOKEN}` } });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ partner, impressions: 2, clicks: 1, ctr: 0.5, byHeadline: [{ headline: 'slug-a', impressions: 2, clicks: 1, ctr: 0.5 }, { headline: 'slug-b', impressions: 1, clicks: 0 }] });
    expect(api.asked).toHaveLength(2);
    for (const asked of api.asked) {
      expect(asked.url).toBe('https://api.cloudflare.com/client/v4/accounts/acc0123/analytics_engine/sql');
      expect(asked.authorization).toBe('Bearer cf-analytics-read-token');
      expect(asked.sql).toMatch(/FROM khabar_events/);
      expect(asked.sql).toContain(`index1 = '${partner}'`);
    }
  });

  it('answers 503 when the SQL API fails, without its text', async () => {
    const deployed = eventsWorker({ vars: deployVars, analyticsFetch: sqlApi(500).fetcher });
    const faults = captureFaults();

    const response = await deployed.fetch('/v1/stats', { headers: { Authorization: `Bearer ${STATS_TOKEN}` } });

    expect(response.status).toBe(503);
    const text = JSON.stringify(await readProblem(response));
    expect(text).not.toContain('secret');
    expect(text).not.toContain('SELECT');
    expect(faults.events()).toEqual([expect.objectContaining({ event: 'stats', message: expect.stringContaining('answered 500') })]);
  });
});

describe('/stats, the page', () => {
  it('under npm start shows the totals, a plot and the tables, with no script', async () => {
    const partner = freshPartner();
    await countSomething(partner);

    const response = await local.fetch(`/stats?partner=${partner}`);
    const page = await readPage(response);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(response.headers.get('content-security-policy')).not.toMatch(/script-src/);
    expect(await page.all('script')).toEqual([]);
    expect((await page.one('html')).attrs).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect((await page.one('dd[data-count="impressions"]')).text).toBe('2');
    expect((await page.one('dd[data-count="clicks"]')).text).toBe('1');
    expect((await page.all('svg polyline'))).toHaveLength(2);
    const headlineRows = await page.all('table[data-table="headlines"] tbody tr');
    expect(headlineRows.map((row) => row.text)).toEqual([expect.stringContaining('slug-a'), expect.stringContaining('slug-b')]);
    expect((await page.all('input[name="token"]'))).toEqual([]);
    expect((await page.all('datalist option')).map((option) => option.attrs['value'])).toContain(partner);
  });

  it('deployed, GET is the form with a token field and no numbers', async () => {
    const api = sqlApi();
    const deployed = eventsWorker({ vars: deployVars, analyticsFetch: api.fetcher });

    const page = await readPage(await deployed.fetch('/stats'));

    expect((await page.one('form')).attrs).toMatchObject({ method: 'post', action: '/stats' });
    expect((await page.one('input[name="token"]')).attrs).toMatchObject({ type: 'password', autocomplete: 'off' });
    expect(await page.all('dd[data-count]')).toEqual([]);
    expect(await page.all('datalist option')).toEqual([]);
    expect(api.asked).toEqual([]);
  });

  it('deployed, a POST with the wrong token is a 401 page without numbers; with the token, the stats, not the token', async () => {
    const partner = freshPartner();
    await countSomething(partner);
    const deployed = eventsWorker({ vars: deployVars, analyticsFetch: sqlApi().fetcher });
    const post = (token: string) =>
      deployed.fetch('/stats', { method: 'POST', body: new URLSearchParams({ partner, from: '', to: '', token }), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });

    const refused = await post('wrong');
    const shown = await post(STATS_TOKEN);

    expect(refused.status).toBe(401);
    expect(await (await readPage(refused)).all('dd[data-count]')).toEqual([]);
    expect(shown.status).toBe(200);
    const page = await readPage(shown);
    expect((await page.one('dd[data-count="impressions"]')).text).toBe('2');
    expect(page.raw).not.toContain(STATS_TOKEN);
    expect(shown.headers.get('cache-control')).toBe('no-store');
  });
});
