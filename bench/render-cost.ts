/**
 * What each embed code costs a partner's page in Chromium (Debian's, never a downloaded one), two ways:
 *
 * 1. Lighthouse with its default mobile settings, which are PageSpeed's (simulated throttling: 4x CPU slowdown,
 *    slow 4G), on the partner page without the embed and with each code the configurator writes (the script
 *    snippet, the iframe, the server-rendered fragment), in interleaved rounds: TBT, CLS, FCP, LCP, long tasks, bytes
 *    transferred, what khabar's edge sent, and khabar's main-thread time. "Added" figures are taken within each round.
 * 2. Real 4x CPU throttling (DevTools' Emulation.setCPUThrottlingRate, through Playwright) for what a simulation
 *    cannot give: when the carousel's own first render and its headlines are painted, and whether the headlines were
 *    in the page's first contentful paint, read from user-timing marks (bench/fixtures/khabar-marks.js) in the page
 *    and, for the iframe, in the frame's page.
 *
 * The embed and /v1/headlines come from the real worker on workerd, behind a local edge that compresses like
 * Cloudflare's (bench/partner-site.ts), seeded with synthetic text-only articles (no pictures: the run is offline).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from 'chrome-launcher';
import lighthouse, { type Config, type Result } from 'lighthouse';
import { type Browser, type Frame, type Page, chromium } from 'playwright';
import { buildRecords } from './content-records.ts';
import { freePort, startEdge, wranglerSettings } from './edge-server.ts';
import { CHROMIUM } from './machine.ts';
import { EMBED_MODES, type EmbedMode, type PageVariant, marksScript, startPartnerSite } from './partner-site.ts';
import { type Summary, summarize } from './stats.ts';
import { writeSyntheticArticles } from './synthetic-content.ts';

/**
 * Lighthouse's bootup-time lists a script only from 50 ms of main-thread time; the embed hovers around that, so some
 * runs would not list it and the run would fail. Listing every script makes its time always readable.
 */
const BOOTUP_EVERY_SCRIPT: Config = { extends: 'lighthouse:default', audits: [{ path: 'bootup-time', options: { thresholdInMs: 0 } }] };

export interface RenderSettings {
  /** Lighthouse rounds: the page without the embed, then with each embed code, interleaved. */
  pairs: number;
  /** Throttled runs of each embed code, interleaved, after one round that warms the browser and is not counted. */
  throttledRuns: number;
  /** Articles in KV; the carousel shows its default 6. */
  articles: number;
}

/** Real CPU throttling for the render times; Lighthouse's simulation uses the same factor. */
export const CPU_SLOWDOWN = 4;

const METRICS = {
  tbtMs: 'total-blocking-time',
  cls: 'cumulative-layout-shift',
  fcpMs: 'first-contentful-paint',
  lcpMs: 'largest-contentful-paint',
  totalBytes: 'total-byte-weight',
} as const;

type Metric = keyof typeof METRICS | 'longTasks';
const ALL_METRICS = ['tbtMs', 'cls', 'fcpMs', 'lcpMs', 'totalBytes', 'longTasks'] as const;

export const MODE_LABELS: Record<EmbedMode, string> = {
  snippet: 'script snippet (as the configurator writes it, reserving its height)',
  iframe: 'iframe (/frames/carousel, painted at the edge)',
  fragment: 'fragment (/fragments/carousel included by the partner\'s server, with embed.js)',
};

export interface ModeCost {
  mode: EmbedMode;
  label: string;
  lighthouse: {
    with: Record<Metric, Summary>;
    /** Per round, with this code minus without the embed. */
    added: Record<Metric, Summary>;
    /** Bytes on the wire (brotli) and requests to khabar's edge: embed.js, the list, the frame. */
    edgeBytes: Summary;
    edgeRequests: Summary;
    /** Requests for /v1/headlines: a server-rendered carousel hands its list to embed.js, which need not ask again. */
    headlinesRequests: Summary;
    /** Main-thread time Lighthouse's bootup-time puts on khabar's files, at 4x. */
    mainThreadMs: Summary;
  };
  throttled: {
    /** The page's own first contentful paint. */
    fcpMs: Summary;
    /** The element's first render painted (for a server-rendered carousel, its takeover). */
    firstRenderMs: Summary;
    /** Headline cards first painted, from the partner page's navigation (the frame's time moved onto the page's). */
    headlinesPaintedMs: Summary;
    /** The frame that first showed headlines began this long after the page's first contentful paint (≤ 0: in it). */
    headlinesFrameAfterFcpMs: Summary;
    /** Runs in which headlines were in the page's first contentful paint. */
    headlinesInFirstPaintRuns: number;
    cards: number;
  };
}

export interface RenderCost {
  lighthouse: {
    settings: { throttlingMethod: string; cpuSlowdownMultiplier: number; rttMs: number; throughputKbps: number; formFactor: string };
    without: Record<Metric, Summary>;
    rounds: number;
  };
  modes: ModeCost[];
  throttled: { cpuSlowdown: number; runs: number };
  articles: number;
}

type Items = Array<Record<string, unknown>>;

function audit(lhr: Result, id: string) {
  const found = lhr.audits[id];
  if (!found) throw new Error(`Lighthouse ran no "${id}" audit`);
  return found;
}

function numeric(lhr: Result, id: string): number {
  const value = audit(lhr, id).numericValue;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`Lighthouse's "${id}" has no value (${audit(lhr, id).errorMessage ?? 'no error given'})`);
  return value;
}

/** An audit's table rows. An audit that errored has none, which must not read as "nothing found". */
function items(lhr: Result, id: string): Items {
  const found = audit(lhr, id);
  if (found.scoreDisplayMode === 'error') throw new Error(`Lighthouse's "${id}" failed: ${found.errorMessage ?? 'no error given'}`);
  const details = found.details as { items?: Items } | undefined;
  if (!details?.items && found.scoreDisplayMode !== 'notApplicable') throw new Error(`Lighthouse's "${id}" has no details`);
  return details?.items ?? [];
}

interface LighthouseRun {
  metrics: Record<Metric, number>;
  edgeBytes: number;
  edgeRequests: number;
  headlinesRequests: number;
  mainThreadMs: number;
}

/** What each code must have loaded from the edge, at least: proof the run measured the embed, not a broken page. */
const REQUIRED: Record<EmbedMode, RegExp[]> = {
  snippet: [/^\/embed\.js$/, /^\/v1\/headlines$/],
  iframe: [/^\/frames\/carousel$/],
  fragment: [/^\/embed\.js$/],
};

/** One Lighthouse run, checked: a page with the embed loaded what its code needs and showed no error. */
function readRun(lhr: Result, variant: PageVariant, edgeOrigin: string): LighthouseRun {
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  if (lhr.runWarnings.length > 0) throw new Error(`Lighthouse warned: ${lhr.runWarnings.join('; ')}`);
  const metrics = { longTasks: items(lhr, 'long-tasks').length } as Record<Metric, number>;
  for (const [name, id] of Object.entries(METRICS)) metrics[name as Metric] = numeric(lhr, id);
  const fromEdge = (url: unknown) => typeof url === 'string' && url.startsWith(`${edgeOrigin}/`);
  const edge = items(lhr, 'network-requests').filter((r) => fromEdge(r['url']));
  const path = (r: Record<string, unknown>) => new URL(String(r['url'])).pathname;
  const run = {
    metrics,
    edgeBytes: edge.reduce((sum, r) => sum + (typeof r['transferSize'] === 'number' ? r['transferSize'] : NaN), 0),
    edgeRequests: edge.length,
    headlinesRequests: edge.filter((r) => path(r) === '/v1/headlines').length,
    mainThreadMs: items(lhr, 'bootup-time').filter((item) => fromEdge(item['url'])).reduce((sum, item) => sum + Number(item['total']), 0),
  };
  if (variant === 'without') {
    if (edge.length > 0) throw new Error('the page without the embed loaded it');
    return run;
  }
  for (const required of REQUIRED[variant]) {
    const found = edge.find((r) => required.test(path(r)));
    if (!found || found['statusCode'] !== 200) throw new Error(`${variant}: Lighthouse saw no successful request for ${required}`);
  }
  const failed = edge.find((r) => typeof r['statusCode'] !== 'number' || r['statusCode'] >= 400);
  if (failed) throw new Error(`${variant}: ${String(failed['url'])} answered ${String(failed['statusCode'])}`);
  // The iframe's marks are the frame's, which Lighthouse's user-timings (the page's) do not list.
  if (variant !== 'iframe') {
    const marks = items(lhr, 'user-timings').map((item) => String(item['name']));
    if (marks.includes('khabar:error')) throw new Error(`${variant}: the embed showed its error state under Lighthouse`);
    if (!marks.some((m) => /^khabar:cards=[1-9]/.test(m)) || !marks.includes('khabar:headlines-painted')) {
      throw new Error(`${variant}: no headlines painted under Lighthouse (marks: ${marks.join(', ') || 'none'})`);
    }
  }
  return run;
}

async function lighthouseRuns(site: { page(variant: PageVariant): string; edgeOrigin: string }, rounds: number, log: (line: string) => void) {
  const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', '--no-sandbox'] });
  try {
    // One unmeasured visit, so the first measured run does not pay for a cold browser (DevTools' HTTP endpoint).
    const devtools = `http://127.0.0.1:${chrome.port}/json`;
    const tab = (await (await fetch(`${devtools}/new?${site.page('snippet')}`, { method: 'PUT' })).json()) as { id: string };
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await fetch(`${devtools}/close/${tab.id}`);

    const runs: Record<PageVariant, LighthouseRun[]> = { without: [], snippet: [], iframe: [], fragment: [] };
    let settings: RenderCost['lighthouse']['settings'] | undefined;
    for (let round = 1; round <= rounds; round += 1) {
      for (const variant of ['without', ...EMBED_MODES] as const) {
        const result = await lighthouse(site.page(variant), {
          port: chrome.port,
          logLevel: 'error',
          output: 'json',
          onlyCategories: ['performance'],
          // Screenshots cost seconds per run and measure nothing here.
          disableFullPageScreenshot: true,
          skipAudits: ['screenshot-thumbnails', 'final-screenshot'],
        }, BOOTUP_EVERY_SCRIPT);
        if (!result) throw new Error('Lighthouse returned no result');
        const { throttling, throttlingMethod, formFactor } = result.lhr.configSettings;
        settings = {
          throttlingMethod,
          cpuSlowdownMultiplier: throttling.cpuSlowdownMultiplier ?? NaN,
          rttMs: throttling.rttMs ?? NaN,
          throughputKbps: throttling.throughputKbps ?? NaN,
          formFactor,
        };
        if (throttlingMethod !== 'simulate' || settings.cpuSlowdownMultiplier !== CPU_SLOWDOWN) {
          throw new Error(`Lighthouse's defaults changed: ${throttlingMethod}, CPU ${settings.cpuSlowdownMultiplier}x; PageSpeed's are simulate, ${CPU_SLOWDOWN}x`);
        }
        const run = readRun(result.lhr, variant, site.edgeOrigin);
        runs[variant].push(run);
        log(`  lighthouse round ${round} ${variant}: TBT ${run.metrics.tbtMs} ms, CLS ${run.metrics.cls.toFixed(3)}, LCP ${Math.round(run.metrics.lcpMs)} ms, ${run.metrics.totalBytes} B`);
      }
    }
    return { runs, settings: settings! };
  } finally {
    chrome.kill();
  }
}

interface ThrottledRun {
  fcp: number;
  firstRender: number;
  headlinesPainted: number;
  headlinesFrameAfterFcp: number;
  cards: number;
}

type Mark = { name: string; at: number };

/** A page's (or frame's) marks, on the partner page's clock. */
async function marksOf(target: { evaluate: Page['evaluate'] }, pageOrigin: number): Promise<Mark[]> {
  const { origin, marks } = await target.evaluate(() => ({
    origin: performance.timeOrigin,
    marks: performance.getEntriesByType('mark').map((m) => ({ name: m.name, at: m.startTime })),
  }));
  return marks.map((m) => ({ name: m.name, at: m.at + origin - pageOrigin }));
}

const PAINTED = () => performance.getEntriesByName('khabar:headlines-painted').length + performance.getEntriesByName('khabar:error').length > 0;

async function throttledRun(browser: Browser, url: string, mode: EmbedMode, marks: string): Promise<ThrottledRun> {
  // Lighthouse's mobile screen; a fresh context each time, so nothing is cached.
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
  try {
    // The iframe's page is khabar's: the bench adds the same instrumentation to it (the partner page has its own).
    await context.addInitScript(`if (self !== top) {${marks}}`);
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await tab.goto(url);
    let carouselFrame: Frame = tab.mainFrame();
    if (mode === 'iframe') {
      const frame = await (await tab.waitForSelector('iframe', { timeout: 20_000 })).contentFrame();
      if (!frame) throw new Error('the iframe has no frame');
      carouselFrame = frame;
    }
    await carouselFrame.waitForFunction(PAINTED, undefined, { timeout: 20_000 });
    await carouselFrame.waitForFunction(() => performance.getEntriesByName('khabar:first-render').length > 0, undefined, { timeout: 20_000 });
    await tab.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, undefined, { timeout: 20_000 });
    const pageOrigin = await tab.evaluate(() => performance.timeOrigin);
    const fcp = await tab.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]!.startTime);
    const found = await marksOf(carouselFrame, pageOrigin);
    const at = (name: string) => found.find((m) => m.name === name)?.at;
    if (at('khabar:error') !== undefined) throw new Error(`${mode}: the embed showed its error state in a throttled run`);
    const painted = at('khabar:headlines-painted');
    const frame = at('khabar:headlines-frame');
    const rendered = at('khabar:first-render');
    if (painted === undefined || frame === undefined || rendered === undefined) throw new Error(`${mode}: throttled run lacks marks: ${found.map((m) => m.name).join(', ')}`);
    const cards = Number(/=(\d+)$/.exec(found.find((m) => m.name.startsWith('khabar:cards='))?.name ?? '')?.[1] ?? 0);
    return { fcp, firstRender: rendered, headlinesPainted: painted, headlinesFrameAfterFcp: frame - fcp, cards };
  } finally {
    await context.close();
  }
}

async function throttledRuns(site: { page(variant: PageVariant): string }, runs: number) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const marks = await marksScript();
  try {
    const results: Record<EmbedMode, ThrottledRun[]> = { snippet: [], iframe: [], fragment: [] };
    for (let run = 0; run <= runs; run += 1) {
      for (const mode of EMBED_MODES) {
        const result = await throttledRun(browser, site.page(mode), mode, marks);
        if (result.cards === 0) throw new Error(`${mode}: a throttled run painted no headline cards`);
        if (run > 0) results[mode].push(result); // round 0 warms the browser up
      }
    }
    return results;
  } finally {
    await browser.close();
  }
}

export async function measureRenderCost(workerModule: string, settings: RenderSettings, log: (line: string) => void): Promise<RenderCost> {
  const articlesDir = await mkdtemp(join(tmpdir(), 'khabar-bench-render-'));
  const { vars, compatibilityDate } = wranglerSettings();
  // The partner site's edge keeps the reader's Host, as Cloudflare does: the worker must answer at its origin too.
  const edgePort = await freePort();
  const edge = await startEdge(
    [{ name: 'khabar', module: workerModule, kv: 'render', text: vars, alsoServes: [`http://127.0.0.1:${edgePort}`] }],
    compatibilityDate,
  );
  try {
    await writeSyntheticArticles(articlesDir, settings.articles, { pictures: false });
    await edge.seed('khabar', (await buildRecords(articlesDir)).entries);
    const site = await startPartnerSite(edge.url('khabar'), edgePort);
    try {
      const { runs, settings: lhSettings } = await lighthouseRuns(site, settings.pairs, log);
      const throttled = await throttledRuns(site, settings.throttledRuns);
      if (edge.errors().length > 0) throw new Error(`the worker logged faults:\n${edge.errors().slice(0, 5).join('\n')}`);
      const byMetric = (f: (metric: Metric) => Summary) => Object.fromEntries(ALL_METRICS.map((m) => [m, f(m)])) as Record<Metric, Summary>;
      const without = runs.without;
      return {
        lighthouse: {
          settings: lhSettings,
          without: byMetric((m) => summarize(without.map((r) => r.metrics[m]), `render ${m} without embed`)),
          rounds: settings.pairs,
        },
        modes: EMBED_MODES.map((mode): ModeCost => {
          const list = runs[mode];
          const sum = (pick: (run: LighthouseRun) => number, what: string) => summarize(list.map(pick), `${mode}: ${what}`);
          const timed = throttled[mode];
          const times = (pick: (run: ThrottledRun) => number, what: string) => summarize(timed.map(pick), `${mode}: ${what} at 4x CPU`);
          return {
            mode,
            label: MODE_LABELS[mode],
            lighthouse: {
              with: byMetric((m) => sum((r) => r.metrics[m], m)),
              added: byMetric((m) => summarize(list.map((r, i) => r.metrics[m] - without[i]!.metrics[m]), `${mode}: ${m} added`)),
              edgeBytes: sum((r) => r.edgeBytes, 'bytes from the edge'),
              edgeRequests: sum((r) => r.edgeRequests, 'requests to the edge'),
              headlinesRequests: sum((r) => r.headlinesRequests, '/v1/headlines requests'),
              mainThreadMs: sum((r) => r.mainThreadMs, 'main-thread time'),
            },
            throttled: {
              fcpMs: times((r) => r.fcp, 'first contentful paint'),
              firstRenderMs: times((r) => r.firstRender, 'first render'),
              headlinesPaintedMs: times((r) => r.headlinesPainted, 'headlines painted'),
              headlinesFrameAfterFcpMs: times((r) => r.headlinesFrameAfterFcp, 'headlines frame after FCP'),
              headlinesInFirstPaintRuns: timed.filter((r) => r.headlinesFrameAfterFcp <= 0).length,
              cards: Math.min(...timed.map((r) => r.cards)),
            },
          };
        }),
        throttled: { cpuSlowdown: CPU_SLOWDOWN, runs: settings.throttledRuns },
        articles: settings.articles,
      };
    } finally {
      await site.close();
    }
  } finally {
    await edge.dispose();
    await rm(articlesDir, { recursive: true, force: true });
  }
}
