/// <reference lib="dom" />
/**
 * Partners and counting (issue 14) in real Chromium, under `npm start`: partner pages on another site
 * (http://127.0.0.1:<port>) paste the one-line embed of the worker at http://localhost:<port>. The copy of the
 * project holds four partners: acme (the sample, active: kept for the one real session whose numbers /stats must
 * show), gazette (active: the timing and privacy checks), walled (only on https://news.walled.example) and dormant
 * (paused). Time on the partner page is Playwright's clock, installed before navigation and paused: the viewability
 * second is run, never slept. Events ("beacons": keepalive fetches, widget/count.ts) are seen twice: in the page, as
 * `fetch` is called (wrapped, still sending), and on the wire, as the worker receives them.
 *
 * Deploy mode (stats behind STATS_TOKEN) is a second `npm start` in its own copy whose STATS_SOURCE is
 * analytics-engine, as deployed: it must answer 401 without the token.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page, type Request, chromium } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_ENTRIES, type Preview, type StaticSite, copyProject, freePort, launchChromium, startPreview, startStaticSite, type Watched } from './support.ts';

const WALLED_ORIGIN = 'https://news.walled.example';
const PARTNERS: Record<string, string> = {
  gazette: 'name: Gazette\nstatus: active\n',
  walled: `name: Walled Garden\nstatus: active\norigins:\n  - ${WALLED_ORIGIN}\n`,
  dormant: 'name: Dormant Daily\nstatus: paused\n',
};
const STATS_TOKEN = 'e2e-stats-token-0123456789abcdef';

let projects: string[] = [];
let worker: Preview | undefined;
let deployed: Preview | undefined;
let site: StaticSite | undefined;
let browser: Browser | undefined;
/** The worker as the partner's browser names it: another site than the partner pages' 127.0.0.1. */
let api: string;

beforeAll(async () => {
  const [project, deployProject] = await Promise.all([copyProject(PREVIEW_ENTRIES, 'khabar-partners-'), copyProject(PREVIEW_ENTRIES, 'khabar-partners-deploy-')]);
  projects = [project, deployProject];
  await Promise.all(Object.entries(PARTNERS).map(([id, yaml]) => writeFile(join(project, 'content/partners', `${id}.yaml`), yaml)));
  const [port, deployPort] = [await freePort(), await freePort()];
  // Each is kept as it starts, so afterAll stops whatever did start when another fails.
  await Promise.all([
    startPreview(project, port, 90_000).then((started) => (worker = started)),
    // As deployed: stats from Analytics Engine's SQL API, behind the token (no account: a right token gets a 503).
    startPreview(deployProject, deployPort, 90_000, { STATS_TOKEN }, ['--var', 'STATS_SOURCE:analytics-engine']).then((started) => (deployed = started)),
    startStaticSite().then((started) => (site = started)),
    launchChromium().then((started) => (browser = started)),
  ]);
  api = `http://localhost:${port}`;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await Promise.all([worker?.stop(), deployed?.stop()]);
  await Promise.all(projects.map((project) => rm(project, { recursive: true, force: true })));
});

const visits: Visit[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  await Promise.all(visits.splice(0).map((visit) => visit.close()));
});

describe('counting on a partner page on another site', () => {
  it('counts an impression after one continuous second at least half on screen, not after 0.9 s, once', async () => {
    // The carousel far below the fold: nothing is fetched until the test scrolls it into view.
    const visit = await open();
    await pausedClock(visit.page);
    await visit.page.goto(site!.serve(partnerHtml(`<div style="height:3000px">Partner copy.</div>${snippet({ partner: 'gazette' })}<div style="height:3000px"></div>`)));
    const carousel = visit.page.locator('khabar-carousel');

    await showShare(visit.page, 0.6);
    await ready(visit, carousel);
    const share = await viewabilityChecked(visit.page, true);
    await visit.page.clock.runFor(900);
    const after900 = [...visit.beacons];
    // Away before the second is up: the 0.9 s must not add up with what follows.
    await showShare(visit.page, 0);
    await viewabilityChecked(visit.page, false);
    await visit.page.clock.runFor(5_000);
    const whileAway = [...visit.beacons];
    await showShare(visit.page, 0.6);
    await viewabilityChecked(visit.page, true);
    await visit.page.clock.runFor(900);
    const afterAnother900 = [...visit.beacons];
    await visit.page.clock.runFor(200);
    const after1100 = [...visit.beacons];
    await visit.page.clock.runFor(10_000);
    const wire = await visit.wire(1);

    expect(share, 'share of the carousel on screen').toBeGreaterThanOrEqual(0.5);
    expect(share, 'share of the carousel on screen').toBeLessThan(0.7);
    expect(after900, 'beacons after 0.9 s half on screen').toEqual([]);
    expect(whileAway, 'beacons while off screen').toEqual([]);
    expect(afterAnother900, 'beacons after another 0.9 s on screen: the first 0.9 s did not count').toEqual([]);
    expect(after1100).toHaveLength(1);
    expect(visit.beacons, 'once per page view').toEqual(after1100);
    const impression = JSON.parse(after1100[0]!.body) as { type: string; partner: string; headlines: string[] };
    expect(after1100[0]!.url).toBe(`${api}/v1/events`);
    expect(Object.keys(impression).sort()).toEqual(['headlines', 'partner', 'type']);
    expect(impression).toMatchObject({ type: 'impression', partner: 'gazette' });
    expect(impression.headlines.length, 'the headlines on screen').toBeGreaterThan(0);
    expect(await slugs(carousel)).toEqual(expect.arrayContaining(impression.headlines));
    expect(wire.map((beacon) => beacon.body)).toEqual([after1100[0]!.body]);
    expect(wire[0]!.status).toBe(204);
    expect(problemsOf(visit)).toEqual(NO_PROBLEMS);
  });

  it('counts nothing while the tab is in the background, and counts once it is in front again', async () => {
    const tabbed = await tabbedChromium();
    cleanups.push(tabbed.close);
    const visit = await open({}, tabbed.context);
    await pausedClock(visit.page);
    await visit.page.goto(site!.serve(partnerHtml(`${snippet({ partner: 'gazette' })}<div style="height:3000px"></div>`)));
    const carousel = visit.page.locator('khabar-carousel');
    await ready(visit, carousel);
    await viewabilityChecked(visit.page, true);
    await visit.page.clock.runFor(500);

    // Another tab in front: this one's document becomes hidden, as a reader's background tab.
    const other = await visit.context.newPage();
    await other.bringToFront();
    await expect.poll(() => visit.page.evaluate(() => document.visibilityState)).toBe('hidden');
    await visit.page.clock.runFor(5_000);
    const whileHidden = [...visit.beacons];
    await visit.page.bringToFront();
    // Counting hears visibilitychange in the same task that makes the document visible.
    await expect.poll(() => visit.page.evaluate(() => document.visibilityState)).toBe('visible');
    await visit.page.clock.runFor(900);
    const after900InFront = [...visit.beacons];
    await visit.page.clock.runFor(200);

    expect(whileHidden, 'beacons from the background tab').toEqual([]);
    expect(after900InFront, 'beacons 0.9 s after coming back: the 0.5 s before the tab was hidden does not count').toEqual([]);
    expect(visit.beacons.map((beacon) => JSON.parse(beacon.body).type)).toEqual(['impression']);
    expect((await visit.wire(1)).map((beacon) => beacon.status)).toEqual([204]);
    expect(problemsOf(visit)).toEqual(NO_PROBLEMS);
  });

  it('counts a click once, and the beacon carries nothing about the reader or the page', async () => {
    const visit = await open();
    // The reader has a cookie for the worker's host (say, from the newsroom's own site): it must not go along.
    await visit.context.addCookies([
      { name: 'newsroom-session', value: 'reader-42', domain: 'localhost', path: '/', sameSite: 'None', secure: true },
      { name: 'newsroom-prefs', value: 'dark', url: api, sameSite: 'Lax' },
    ]);
    expect((await visit.context.cookies()).map((cookie) => cookie.name).sort(), 'the cookies the beacon could carry').toEqual(['newsroom-prefs', 'newsroom-session']);
    const opened = await openArticlesAfter(visit, 1);
    await pausedClock(visit.page);
    const pageUrl = site!.serve(partnerHtml(`${snippet({ partner: 'gazette' })}<div style="height:3000px"></div>`));
    await visit.page.goto(`${pageUrl}?reader=42#top`);
    const carousel = visit.page.locator('khabar-carousel');
    await ready(visit, carousel);
    const [first] = await slugs(carousel);

    await carousel.locator('a[part~=card]').first().click();
    await expect.poll(() => opened).toHaveLength(1);
    const wire = await visit.wire(1);

    expect(visit.beacons.map((beacon) => JSON.parse(beacon.body))).toEqual([{ type: 'click', partner: 'gazette', headline: first }]);
    expect(wire).toHaveLength(1);
    const [click] = wire;
    expect(click!.body).toBe(visit.beacons[0]!.body);
    expect(click!.status).toBe(204);
    expect(click!.headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect(click!.headers['cookie'], 'Cookie header on the beacon').toBeUndefined();
    expect(click!.headers['origin']).toBe(site!.origin);
    // The page's address (path, query, fragment) goes nowhere: no Referer at all (Origin is what the allowlist needs).
    expect(click!.headers['referer'], 'Referer header on the beacon').toBeUndefined();
    expect(JSON.stringify(click!.headers)).not.toContain('reader');
    expect(click!.body).not.toContain('reader');
    expect(problemsOf(visit)).toEqual(NO_PROBLEMS);
  });
});

describe('the numbers of a real session', () => {
  it('a reader sees the carousel and opens a headline: /v1/stats and /stats show 1 impression and 1 click for acme, and nothing was stored', async () => {
    const visit = await open();
    const opened = await openArticlesAfter(visit, 2);
    const before = await statsFor('acme');
    // The configurator's line for acme, in real time: the reader looks, then opens a headline.
    await visit.page.goto(site!.serve(partnerHtml(`<h1>Acme News</h1>${snippet({ partner: 'acme' })}<p>More partner copy.</p>`)));
    const carousel = visit.page.locator('khabar-carousel');
    await ready(visit, carousel);
    await visit.wire(1, 10_000);
    const storedOnPartner = await storageOf(visit.page);
    const [first] = await slugs(carousel);
    await carousel.locator('a[part~=card]').first().click();
    await expect.poll(() => opened).toHaveLength(1);
    const wire = await visit.wire(2);
    // The worker's own origin, in the same browser: nothing was stored there either.
    const workerPage = await visit.context.newPage();
    await workerPage.goto(`${api}/healthz`);
    const storedOnWorker = await storageOf(workerPage);

    const after = await statsFor('acme');
    const statsPage = await visit.context.newPage();
    const shown = await statsPage.goto(`${api}/stats?partner=acme`);
    const totals = {
      impressions: await statsPage.locator('dd[data-count=impressions]').textContent(),
      clicks: await statsPage.locator('dd[data-count=clicks]').textContent(),
    };
    const headlineRow = await statsPage.locator('table[data-table=headlines] tr', { hasText: first! }).locator('td').allTextContents();

    expect(before).toMatchObject({ impressions: 0, clicks: 0 });
    expect(wire.map((beacon) => [JSON.parse(beacon.body).type, beacon.status])).toEqual([
      ['impression', 204],
      ['click', 204],
    ]);
    expect(after).toMatchObject({ partner: 'acme', impressions: 1, clicks: 1, ctr: 1 });
    expect(after.byPartner).toEqual([{ partner: 'acme', impressions: 1, clicks: 1, ctr: 1 }]);
    expect(after.byHeadline.find((row) => row.headline === first)).toMatchObject({ clicks: 1, impressions: 1 });
    expect(shown!.status()).toBe(200);
    expect(totals).toEqual({ impressions: '1', clicks: '1' });
    expect(headlineRow.slice(0, 2)).toEqual(['1', '1']);
    expect(await visit.context.cookies(), 'cookies in the reader\'s browser').toEqual([]);
    expect(storedOnPartner).toEqual(NOTHING_STORED);
    expect(storedOnWorker).toEqual(NOTHING_STORED);
    expect(problemsOf(visit)).toEqual(NO_PROBLEMS);
  });

  it('deployed, the stats answer 401 with no data without the token', async () => {
    const stats = `${deployed!.origin}/v1/stats?partner=acme`;
    const [none, wrong, right] = await Promise.all([
      fetch(stats),
      fetch(stats, { headers: { Authorization: 'Bearer not-the-token' } }),
      fetch(stats, { headers: { Authorization: `Bearer ${STATS_TOKEN}` } }),
    ]);
    const page = await fetch(`${deployed!.origin}/stats?partner=acme`);
    const posted = await fetch(`${deployed!.origin}/stats`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'partner=acme&token=not-the-token',
    });
    const noneBody = (await none.json()) as Record<string, unknown>;
    const wrongBody = await wrong.text();
    const pageHtml = await page.text();
    const postedHtml = await posted.text();

    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(noneBody).toMatchObject({ status: 401 });
    expect(Object.keys(noneBody)).not.toContain('impressions');
    expect(wrong.status).toBe(401);
    expect(wrongBody).not.toContain('impressions');
    // The token opens the door; with no Analytics Engine account here the SQL API cannot be reached.
    expect(right.status).toBe(503);
    expect(page.status, 'the page asks for the token first').toBe(200);
    expect(pageHtml).toContain('name="token"');
    expect(pageHtml).not.toContain('data-count=');
    expect(posted.status).toBe(401);
    expect(postedHtml).not.toContain('data-count=');
  });
});

describe('who may embed', () => {
  it("refuses an allowlisted partner's headlines on another site: a 403 on the wire, no headlines, no uncaught error", async () => {
    const visit = await open();
    const answered = visit.page.waitForResponse((response) => isHeadlinesRequest(new URL(response.url())));

    await visit.page.goto(site!.serve(partnerHtml(snippet({ partner: 'walled' }))));
    const list = await answered;
    // The same request as the browser made it, for its body (the browser's copy is gone once the widget has read it).
    const body = await (await fetch(list.url(), { headers: { Origin: site!.origin } })).text();
    const carousel = visit.page.locator('khabar-carousel');
    await expect.poll(() => carousel.getAttribute('state')).toBe('error');

    expect(new URL(list.url()).searchParams.get('partner')).toBe('walled');
    expect(list.status()).toBe(403);
    expect(list.headers()['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(body)).toMatchObject({ status: 403 });
    expect(body).not.toContain('"items"');
    expect(await carousel.locator('[part~=title]').count()).toBe(0);
    expect(visit.pageErrors).toEqual([]);
    // Chromium logs every 4xx resource load; that one line is all.
    expect(visit.consoleErrors).toEqual([expect.stringContaining('403')]);
    expect(visit.beacons).toEqual([]);
  });

  it("shows nothing for a paused partner, whose list says it is paused (that it reads no KV: test/worker/partners.test.ts)", async () => {
    const visit = await open();
    const answered = visit.page.waitForResponse((response) => isHeadlinesRequest(new URL(response.url())));

    await visit.page.goto(site!.serve(partnerHtml(snippet({ partner: 'dormant' }))));
    const list = await answered;
    const carousel = visit.page.locator('khabar-carousel');
    await expect.poll(() => carousel.getAttribute('state')).toBe('paused');
    const box = await carousel.boundingBox();

    expect(list.status()).toBe(200);
    expect(await list.json()).toMatchObject({ items: [], paused: true });
    expect(await carousel.locator('[part~=title]').count()).toBe(0);
    expect(box?.height ?? 0, 'the paused carousel takes no space').toBe(0);
    expect(visit.beacons, 'nothing shown, nothing counted').toEqual([]);
    expect(problemsOf(visit)).toEqual(NO_PROBLEMS);
  });
});

// ——— the partner's side ———

function partnerHtml(body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Partner page</title><style>body{margin:0}</style></head><body>${body}</body></html>`;
}

function snippet(data: Record<string, string>): string {
  const options = Object.entries(data).map(([name, value]) => ` data-${name}="${value}"`).join('');
  return `<script async src="${api}/embed.js"${options}></script>`;
}

/**
 * Headline links open a stub article page, once `beacons` events have been answered: the click's beacon is sent as
 * the link is followed, and Playwright loses sight of a request whose page has gone (it reports net::ERR_ABORTED
 * even when the beacon is delivered). Returns the articles opened.
 */
async function openArticlesAfter(visit: Visit, beacons: number): Promise<string[]> {
  const opened: string[] = [];
  await visit.context.route(`${api}/articles/**`, async (route) => {
    if (!route.request().isNavigationRequest()) return route.continue();
    await visit.wire(beacons).catch(() => undefined); // if it never comes, the test's own wait says so
    opened.push(route.request().url());
    await route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>article</title>' });
  });
  return opened;
}

function isHeadlinesRequest(url: URL): boolean {
  return url.origin === api && url.pathname === '/v1/headlines';
}

/** Scrolls so that `share` of the carousel's height is inside the viewport, from the bottom (0: just below it). */
async function showShare(page: Page, share: number): Promise<void> {
  await page.evaluate((share) => {
    const carousel = document.querySelector('khabar-carousel')!;
    const box = carousel.getBoundingClientRect();
    window.scrollTo(0, Math.round(box.top + window.scrollY - innerHeight + share * box.height) + (share === 0 ? -200 : 0));
  }, share);
}

// ——— the browser's side ———

/**
 * Chromium whose tabs hide as a reader's do. Playwright keeps every page it opens visible (it turns on DevTools focus
 * emulation for each, microsoft/playwright#2286), except in a browser it attaches to with `noDefaults`, in that
 * browser's own context: so this one is started here and attached to over CDP.
 */
async function tabbedChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'khabar-tabs-'));
  const child = spawn('/usr/bin/chromium', ['--headless', '--no-sandbox', '--remote-debugging-port=0', `--user-data-dir=${profile}`, '--window-size=1000,800', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const endpoint = await new Promise<string>((resolve, reject) => {
    let printed = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      printed += chunk;
      const found = /DevTools listening on (ws:\S+)/.exec(printed);
      if (found) resolve(found[1]!);
    });
    child.once('exit', () => reject(new Error(`chromium exited before listening:\n${printed}`)));
  });
  const tabs = await chromium.connectOverCDP(endpoint, { noDefaults: true });
  return {
    context: tabs.contexts()[0]!,
    async close() {
      await tabs.close();
      child.kill();
      await exited;
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Playwright's clock in the page from its first script, standing still: timers fire only as the test runs them. */
async function pausedClock(page: Page): Promise<void> {
  const start = Date.now();
  await page.clock.install({ time: start });
  await page.clock.pauseAt(start + 1_000);
}

interface Beacon {
  readonly url: string;
  readonly body: string;
}

interface WireBeacon extends Beacon {
  /** The worker's answer, or the failure Playwright reports (after the page navigated away it may see neither). */
  readonly status: number | string | null;
  readonly headers: Record<string, string>;
}

interface Visit extends Watched {
  close(): Promise<void>;
  /** Every event the page sent (a POST to /v1/events), in order, recorded as it is made. */
  readonly beacons: Beacon[];
  /** Waits until `count` POSTs to /v1/events have been answered; returns what went over the wire and the answers. */
  wire(count: number, timeout?: number): Promise<WireBeacon[]>;
}

/**
 * A fresh context (no cookies, no storage) and page, recording problems, beacons and event requests; or a page in
 * `shared`, a browser's own context (see tabbedChromium), closed with it.
 */
async function open(options: BrowserContextOptions = {}, shared?: BrowserContext): Promise<Visit> {
  const context = shared ?? (await browser!.newContext({ viewport: { width: 1000, height: 800 }, ...options }));
  context.setDefaultTimeout(10_000);
  const answered: Promise<WireBeacon>[] = [];
  const visit: Visit = {
    context,
    close: () => (shared ? Promise.resolve() : context.close()),
    page: await context.newPage(),
    pageErrors: [],
    consoleErrors: [],
    violations: [],
    beacons: [],
    async wire(count, timeout = 10_000) {
      await expect.poll(() => answered.length, { timeout }).toBeGreaterThanOrEqual(count);
      return Promise.all(answered);
    },
  };
  visits.push(visit);
  visit.page.on('pageerror', (error) => visit.pageErrors.push(error.message));
  visit.page.on('console', (message) => {
    if (message.type() === 'error') visit.consoleErrors.push(message.text());
  });
  context.on('request', (request) => {
    if (request.method() === 'POST' && request.url() === `${api}/v1/events`) answered.push(onTheWire(request));
  });
  // Bindings reach Node at once, so a beacon sent just before a navigation is still recorded.
  await context.exposeBinding('__e2eBeacon', (_source, url: string, body: string) => void visit.beacons.push({ url, body }));
  await context.exposeBinding('__e2eViolation', (_source, text: string) => void visit.violations.push(text));
  await context.addInitScript(() => {
    const page = window as unknown as E2eWindow;
    const send = window.fetch.bind(window);
    window.fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (init?.method === 'POST' && new URL(url, location.href).pathname === '/v1/events') page.__e2eBeacon?.(url, String(init.body));
      return send(input, init);
    };
    addEventListener('securitypolicyviolation', (event) => page.__e2eViolation?.(`${event.effectiveDirective} ${event.blockedURI}`), true);
    // Counting's observer (threshold 0.5) is the one whose verdicts the tests wait on; it is observed, not replaced.
    const Observer = IntersectionObserver;
    page.__e2eViewable = [];
    window.IntersectionObserver = class extends Observer {
      constructor(callback: IntersectionObserverCallback, init?: IntersectionObserverInit) {
        const counting = init?.threshold === 0.5;
        super((entries, observer) => {
          callback(entries, observer);
          if (counting) page.__e2eViewable.push(entries.at(-1)!.intersectionRatio);
        }, init);
      }
    };
  });
  return visit;
}

interface E2eWindow extends Window {
  __e2eBeacon?: (url: string, body: string) => void;
  __e2eViolation?: (text: string) => void;
  /** Each share of the carousel on screen that counting's IntersectionObserver reported, after counting acted on it. */
  __e2eViewable: number[];
}

/**
 * Waits until counting's observer has last said the carousel is (or is not) at least half on screen, and counting has
 * acted on it; returns the share it reported.
 */
async function viewabilityChecked(page: Page, viewable: boolean): Promise<number> {
  const share = () => page.evaluate(() => (window as unknown as E2eWindow).__e2eViewable.at(-1) ?? -1);
  await expect.poll(async () => (await share()) >= 0.5).toBe(viewable);
  return share();
}

async function onTheWire(request: Request): Promise<WireBeacon> {
  const sent = { url: request.url(), body: request.postData() ?? '' };
  try {
    const response = await request.response();
    return { ...sent, status: response?.status() ?? request.failure()?.errorText ?? null, headers: await request.allHeaders() };
  } catch (error) {
    // The page or browser closed first: only a test that never waited for this answer gets here.
    return { ...sent, status: (error as Error).message, headers: request.headers() };
  }
}

const NO_PROBLEMS = { pageErrors: [], consoleErrors: [], violations: [] };

function problemsOf(visit: Visit) {
  return { pageErrors: visit.pageErrors, consoleErrors: visit.consoleErrors, violations: visit.violations };
}

async function ready(visit: Visit, carousel: Locator): Promise<void> {
  const state = async () => ((await carousel.count()) === 0 ? 'not on the page' : await carousel.getAttribute('state'));
  try {
    await expect.poll(state, { timeout: 10_000 }).toBe('ready');
  } catch (error) {
    throw new Error(`the carousel is not ready: ${JSON.stringify({ state: await state(), ...problemsOf(visit) })}`, { cause: error });
  }
}

/** The slugs of the carousel's headlines, in order, from their links (`/articles/<slug>`). */
async function slugs(carousel: Locator): Promise<string[]> {
  const hrefs = await carousel.locator('a[part~=card]').evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
  return hrefs.map((href) => new URL(href).pathname.split('/').pop()!);
}

const NOTHING_STORED = { localStorage: 0, sessionStorage: 0, indexedDB: [], caches: [], cookie: '' };

/** What a page's origin holds on the reader's device. */
function storageOf(page: Page) {
  return page.evaluate(async () => ({
    localStorage: localStorage.length,
    sessionStorage: sessionStorage.length,
    indexedDB: (await indexedDB.databases()).map((database) => database.name),
    caches: 'caches' in window ? await caches.keys() : [],
    cookie: document.cookie,
  }));
}

interface StatsJson {
  partner: string;
  impressions: number;
  clicks: number;
  ctr: number | null;
  byPartner: { partner: string; impressions: number; clicks: number; ctr: number | null }[];
  byHeadline: { headline: string; impressions: number; clicks: number; ctr: number | null }[];
}

async function statsFor(partner: string): Promise<StatsJson> {
  const response = await fetch(`${api}/v1/stats?partner=${partner}`);
  expect(response.status).toBe(200);
  return (await response.json()) as StatsJson;
}
