/**
 * What the embed costs a partner's page in Chromium (Debian's, never a downloaded one), two ways:
 *
 * 1. Lighthouse with its default mobile settings, which are PageSpeed's (simulated throttling: 4x CPU slowdown,
 *    slow 4G), on the partner page without and with the snippet, in interleaved pairs: TBT, CLS, FCP, LCP, long tasks,
 *    bytes transferred, and the embed's own main-thread time. "Added" figures are taken within each pair.
 * 2. Real 4x CPU throttling (DevTools' Emulation.setCPUThrottlingRate, through Playwright) for what a simulation
 *    cannot give: time from navigation to the carousel's first render and to its headlines being painted, read from
 *    user-timing marks the page sets (bench/fixtures/partner-page.html).
 *
 * The embed and /v1/headlines come from the real worker on workerd, behind a local edge that compresses like
 * Cloudflare's (bench/partner-site.ts), seeded with synthetic text-only articles (no pictures: the run is offline).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from 'chrome-launcher';
import lighthouse, { type Config, type Result } from 'lighthouse';
import { chromium } from 'playwright';
import { buildRecords } from './content-records.ts';
import { startEdge, wranglerSettings } from './edge-server.ts';
import { CHROMIUM } from './machine.ts';
import { startPartnerSite } from './partner-site.ts';
import { type Summary, summarize } from './stats.ts';
import { writeSyntheticArticles } from './synthetic-content.ts';

/**
 * Lighthouse's bootup-time lists a script only from 50 ms of main-thread time; the embed hovers around that, so some
 * runs would not list it and the run would fail. Listing every script makes its time always readable.
 */
const BOOTUP_EVERY_SCRIPT: Config = { extends: 'lighthouse:default', audits: [{ path: 'bootup-time', options: { thresholdInMs: 0 } }] };

export interface RenderSettings {
  /** Lighthouse runs of each page, interleaved (without, with, without, with…). */
  pairs: number;
  /** Throttled runs for the render times, after one that warms the browser and is not counted. */
  throttledRuns: number;
  /** Articles in KV; the embed shows its default 6. */
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

export interface PageFigures {
  without: Record<Metric, Summary>;
  with: Record<Metric, Summary>;
  /** Per pair, with minus without. */
  added: Record<Metric, Summary>;
}

export interface RenderCost {
  lighthouse: PageFigures & {
    settings: { throttlingMethod: string; cpuSlowdownMultiplier: number; rttMs: number; throughputKbps: number; formFactor: string };
    /** Bytes on the wire for the embed's two requests, and its main-thread time (Lighthouse's bootup-time). */
    embedScriptBytes: Summary;
    headlinesBytes: Summary;
    embedMainThreadMs: Summary;
  };
  throttled: { cpuSlowdown: number; firstRenderMs: Summary; headlinesPaintedMs: Summary; cards: number };
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
  embedScriptBytes?: number;
  headlinesBytes?: number;
  embedMainThreadMs?: number;
}

/** One Lighthouse run, checked: the page with the embed must have painted headlines, the other must not load it. */
function readRun(lhr: Result, withEmbed: boolean): LighthouseRun {
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  if (lhr.runWarnings.length > 0) throw new Error(`Lighthouse warned: ${lhr.runWarnings.join('; ')}`);
  const metrics = { longTasks: items(lhr, 'long-tasks').length } as Record<Metric, number>;
  for (const [name, id] of Object.entries(METRICS)) metrics[name as Metric] = numeric(lhr, id);
  const requests = items(lhr, 'network-requests');
  const request = (path: RegExp) => requests.find((r) => typeof r['url'] === 'string' && path.test(new URL(r['url']).pathname));
  const embed = request(/^\/embed\.js$/);
  const feed = request(/^\/v1\/headlines$/);
  if (!withEmbed) {
    if (embed || feed) throw new Error('the page without the embed loaded it');
    return { metrics };
  }
  const marks = items(lhr, 'user-timings').map((item) => String(item['name']));
  if (marks.includes('khabar:error')) throw new Error('the embed showed its error state under Lighthouse');
  const cards = Number(/^khabar:cards=(\d+)$/.exec(marks.find((m) => m.startsWith('khabar:cards=')) ?? '')?.[1] ?? 0);
  if (cards === 0 || !marks.includes('khabar:headlines-painted')) throw new Error(`no headlines painted under Lighthouse (marks: ${marks.join(', ') || 'none'})`);
  for (const [name, found] of [['embed.js', embed], ['/v1/headlines', feed]] as const) {
    if (!found || found['statusCode'] !== 200 || typeof found['transferSize'] !== 'number') throw new Error(`Lighthouse saw no successful ${name} request`);
  }
  const bootup = items(lhr, 'bootup-time').find((item) => typeof item['url'] === 'string' && item['url'].endsWith('/embed.js'));
  if (typeof bootup?.['total'] !== 'number') throw new Error("Lighthouse's bootup-time does not list embed.js");
  return { metrics, embedScriptBytes: embed!['transferSize'] as number, headlinesBytes: feed!['transferSize'] as number, embedMainThreadMs: bootup['total'] };
}

async function lighthouseRuns(page: (withEmbed: boolean) => string, pairs: number, log: (line: string) => void) {
  const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', '--no-sandbox'] });
  try {
    // One unmeasured visit, so the first measured run does not pay for a cold browser (DevTools' HTTP endpoint).
    const devtools = `http://127.0.0.1:${chrome.port}/json`;
    const tab = (await (await fetch(`${devtools}/new?${page(true)}`, { method: 'PUT' })).json()) as { id: string };
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await fetch(`${devtools}/close/${tab.id}`);

    const runs = { without: [] as LighthouseRun[], with: [] as LighthouseRun[] };
    let settings: RenderCost['lighthouse']['settings'] | undefined;
    for (let pair = 1; pair <= pairs; pair += 1) {
      for (const withEmbed of [false, true]) {
        const result = await lighthouse(page(withEmbed), {
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
        const run = readRun(result.lhr, withEmbed);
        (withEmbed ? runs.with : runs.without).push(run);
        log(`  lighthouse pair ${pair} ${withEmbed ? 'with' : 'without'} embed: TBT ${run.metrics.tbtMs} ms, CLS ${run.metrics.cls.toFixed(3)}, ${run.metrics.totalBytes} B`);
      }
    }
    return { runs, settings: settings! };
  } finally {
    chrome.kill();
  }
}

async function throttledRuns(url: string, runs: number) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const firstRender: number[] = [];
    const headlines: number[] = [];
    let cards = 0;
    for (let run = 0; run <= runs; run += 1) {
      // Lighthouse's mobile screen; a fresh context each time, so nothing is cached.
      const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
      const tab = await context.newPage();
      const cdp = await context.newCDPSession(tab);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
      await tab.goto(url);
      await tab.waitForFunction(() => performance.getEntriesByName('khabar:headlines-painted').length + performance.getEntriesByName('khabar:error').length > 0, undefined, { timeout: 20_000 });
      const marks = await tab.evaluate(() => performance.getEntriesByType('mark').map((m) => ({ name: m.name, at: m.startTime })));
      await context.close();
      const at = (name: string) => marks.find((m) => m.name === name)?.at;
      if (at('khabar:error') !== undefined) throw new Error('the embed showed its error state in a throttled run');
      const painted = at('khabar:headlines-painted');
      const rendered = at('khabar:first-render');
      if (painted === undefined || rendered === undefined) throw new Error(`throttled run lacks marks: ${marks.map((m) => m.name).join(', ')}`);
      cards = Number(/=(\d+)$/.exec(marks.find((m) => m.name.startsWith('khabar:cards='))?.name ?? '')?.[1] ?? 0);
      if (run === 0) continue; // the warm-up
      firstRender.push(rendered);
      headlines.push(painted);
    }
    return { firstRender, headlines, cards };
  } finally {
    await browser.close();
  }
}

export async function measureRenderCost(workerModule: string, settings: RenderSettings, log: (line: string) => void): Promise<RenderCost> {
  const articlesDir = await mkdtemp(join(tmpdir(), 'khabar-bench-render-'));
  const { vars, compatibilityDate } = wranglerSettings();
  const edge = await startEdge([{ name: 'khabar', module: workerModule, kv: 'render', text: vars }], compatibilityDate);
  try {
    await writeSyntheticArticles(articlesDir, settings.articles, { pictures: false });
    await edge.seed('khabar', (await buildRecords(articlesDir)).entries);
    const site = await startPartnerSite(edge.url('khabar'));
    try {
      const { runs, settings: lhSettings } = await lighthouseRuns(site.page, settings.pairs, log);
      const throttled = await throttledRuns(site.page(true), settings.throttledRuns);
      if (throttled.cards === 0) throw new Error('throttled runs painted no headline cards');
      if (edge.errors().length > 0) throw new Error(`the worker logged faults:\n${edge.errors().slice(0, 5).join('\n')}`);
      const figures = (pick: (run: LighthouseRun) => number | undefined, what: string, list: LighthouseRun[]) =>
        summarize(list.map((run) => pick(run) ?? NaN), what);
      const byMetric = (f: (metric: Metric) => Summary) =>
        Object.fromEntries((['tbtMs', 'cls', 'fcpMs', 'lcpMs', 'totalBytes', 'longTasks'] as const).map((m) => [m, f(m)])) as Record<Metric, Summary>;
      return {
        lighthouse: {
          settings: lhSettings,
          without: byMetric((m) => figures((r) => r.metrics[m], `render ${m} without embed`, runs.without)),
          with: byMetric((m) => figures((r) => r.metrics[m], `render ${m} with embed`, runs.with)),
          added: byMetric((m) => summarize(runs.with.map((r, i) => r.metrics[m] - runs.without[i]!.metrics[m]), `render ${m} added`)),
          embedScriptBytes: figures((r) => r.embedScriptBytes, 'embed.js bytes transferred', runs.with),
          headlinesBytes: figures((r) => r.headlinesBytes, '/v1/headlines bytes transferred', runs.with),
          embedMainThreadMs: figures((r) => r.embedMainThreadMs, 'embed.js main-thread time', runs.with),
        },
        throttled: {
          cpuSlowdown: CPU_SLOWDOWN,
          firstRenderMs: summarize(throttled.firstRender, 'first render at 4x CPU'),
          headlinesPaintedMs: summarize(throttled.headlines, 'headlines painted at 4x CPU'),
          cards: throttled.cards,
        },
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
