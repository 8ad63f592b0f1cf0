/**
 * The benchmark's report: a run with any figure missing must fail, naming what is missing, and never be written as
 * if it were whole. Tested on a complete report built here, then broken one figure at a time.
 */
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../bench/stats.ts';
import { type BenchReport, type Expected, IncompleteReport, checkComplete, missingFigures, renderMarkdown, withRatios } from '../../bench/report.ts';

const s = (median: number): Summary => ({ median, min: median * 0.9, max: median * 1.1, n: 3 });
const bytes = (brotli: number) => ({ raw: brotli * 3, gzip: brotli + 1000, brotli });
const download = (name: string, brotli: number) => ({ name, files: [{ file: `${name}.js`, ...bytes(brotli) }], total: bytes(brotli) });
const metrics = (scale: number) => ({ tbtMs: s(10 * scale), cls: s(0.1 * scale), fcpMs: s(600), lcpMs: s(700 + scale), totalBytes: s(3000 + scale), longTasks: s(scale) });

const EXPECTED: Expected = { baselines: ['Lit alone', 'Splide'], edgeVariants: ['constant', 'khabar-warm'], scalingSizes: [100, 10_000], embedModes: ['snippet', 'fragment'] };

const mode = (name: 'snippet' | 'iframe' | 'fragment', cls: number, afterFcp: number) => ({
  mode: name,
  label: `${name} label`,
  lighthouse: {
    with: metrics(1),
    added: { ...metrics(0.5), cls: s(cls) },
    edgeBytes: s(11_000),
    edgeRequests: s(2),
    headlinesRequests: s(name === 'snippet' ? 1 : 0),
    mainThreadMs: s(70),
  },
  throttled: { fcpMs: s(550), firstRenderMs: s(900), headlinesPaintedMs: s(550 + afterFcp), headlinesFrameAfterFcpMs: s(afterFcp), headlinesInFirstPaintRuns: afterFcp <= 0 ? 3 : 0, cards: 6 },
});

function completeReport(): BenchReport {
  const variant = (name: string, label: string, rps: number) => ({
    name,
    label,
    rps: s(rps),
    p50Ms: s(2),
    p99Ms: s(9),
    idleP50Ms: s(0.4),
    idleP99Ms: s(1.2),
    rpsVsConstant: s(rps / 20_000),
    rpsVsPlainHono: s(rps / 4000),
    kvReadsPerRequest: 0,
    underLoad: { reads: 0, requests: 60_000 },
    cacheStatus: 'none',
    bodyBytes: 1116,
  });
  const point = (articles: number) => ({
    articles,
    records: articles + 6,
    buildSeconds: articles / 4000,
    seedSeconds: articles / 1300,
    rps: s(400),
    p50Ms: s(110),
    p99Ms: s(180),
    p50VsSmallest: s(1),
    kvReadsPerRequest: 1,
  });
  return {
    machine: {
      cpu: 'AMD EPYC',
      cores: 2,
      memoryGiB: 23.5,
      os: 'Debian GNU/Linux 12 (bookworm)',
      kernel: '6.18.0',
      node: '24.21.0',
      chromium: 'Chromium 156.0.8078.108',
      workerd: '1.20261117.1',
      packages: { lighthouse: '13.5.0', miniflare: '5.20261117.0-beta' },
      commit: 'abc1234',
      date: '2026-11-25T15:00:00.000Z',
      scratch: '/dev/shm/khabar-bench-x',
    },
    runSeconds: 250,
    embedSize: withRatios(download('embed', 8976), [download('Lit alone', 5015), download('Splide', 12534)]),
    workerBundle: { raw: 153_893, gzip: 42_170 },
    edge: {
      settings: { seconds: 3, connections: 50, repetitions: 3, warmupSeconds: 1, path: '/v1/headlines' },
      variants: [variant('constant', 'constant response (ceiling)', 20_000), variant('khabar-warm', 'khabar, warm cache', 8000)],
    },
    workerStartup: { activeMs: s(19), plainHonoActiveMs: s(13), activeVsPlainHono: s(1.46), bundleKiB: { raw: 227.09, gzip: 63.24 }, repetitions: 3 },
    render: {
      lighthouse: {
        settings: { throttlingMethod: 'simulate', cpuSlowdownMultiplier: 4, rttMs: 150, throughputKbps: 1638.4, formFactor: 'mobile' },
        without: metrics(0.5),
        rounds: 3,
      },
      modes: [mode('snippet', 0, 500), mode('fragment', 0, -150)],
      throttled: { cpuSlowdown: 4, runs: 3 },
      articles: 12,
    },
    scaling: {
      settings: { sizes: [100, 10_000], seconds: 2, connections: 50, repetitions: 3, warmupSeconds: 1, path: '/v1/headlines', cache: 'cold' },
      points: [point(100), point(10_000)],
    },
  };
}

/** The message of what `checkComplete` throws, or undefined when it passes. */
function failureOf(report: Partial<BenchReport>): IncompleteReport | undefined {
  try {
    checkComplete(report, EXPECTED);
    return undefined;
  } catch (error) {
    if (error instanceof IncompleteReport) return error;
    throw error;
  }
}

describe('checkComplete', () => {
  it('passes a report with every figure and every expected row', () => {
    const report = completeReport();

    expect(checkComplete(report, EXPECTED)).toBe(report);
  });

  it('fails on a figure that is NaN, naming where it is', () => {
    const report = completeReport();
    report.edge.variants[1]!.p99Ms.median = Number.NaN;

    const failure = failureOf(report);

    expect(failure?.missing).toEqual(['report.edge.variants[1].p99Ms.median is NaN']);
    expect(failure?.message).toContain('the benchmark is missing 1 figure(s)');
  });

  it('fails on Infinity, null and undefined figures, listing each of them', () => {
    const report = completeReport();
    report.workerBundle.gzip = Number.POSITIVE_INFINITY;
    (report.render.modes[0]!.throttled as { cards: number | null }).cards = null;
    (report.scaling.points[0] as { buildSeconds?: number }).buildSeconds = undefined;

    expect(failureOf(report)?.missing).toEqual([
      'report.workerBundle.gzip is Infinity',
      'report.render.modes[0].throttled.cards is null',
      'report.scaling.points[0].buildSeconds is undefined',
    ]);
  });

  it('fails when a whole section was never measured', () => {
    const { render: _render, ...withoutRender } = completeReport();

    expect(failureOf(withoutRender)?.missing).toContain('report.render was not measured');
  });

  it('fails when a baseline, a worker or a size has no row, even if every other figure is there', () => {
    const report = completeReport();
    report.embedSize.baselines = report.embedSize.baselines.filter((b) => b.name !== 'Splide');
    report.edge.variants = report.edge.variants.filter((v) => v.name !== 'constant');
    report.scaling.points = report.scaling.points.slice(0, 1);
    report.render.modes = report.render.modes.filter((m) => m.mode !== 'fragment');

    expect(failureOf(report)?.missing).toEqual([
      'report.embedSize.baselines: no row for Splide',
      'report.edge.variants: no row for constant',
      'report.scaling.points: no row for 10000',
      'report.render.modes: no row for fragment',
    ]);
  });

  it('fails when the worker start-up was not measured, or measured as no time at all', () => {
    const { workerStartup: _startup, ...withoutStartup } = completeReport();
    const zero = completeReport();
    zero.workerStartup.activeMs = s(0);

    expect(failureOf(withoutStartup)?.missing).toContain('report.workerStartup was not measured');
    expect(failureOf(zero)?.missing).toEqual(['report.workerStartup.activeMs is 0, which no real measurement gives']);
  });

  it('refuses an embed code whose headlines were never painted', () => {
    const report = completeReport();
    report.render.modes[1]!.throttled.headlinesPaintedMs = s(0);

    expect(failureOf(report)?.missing).toEqual(['report.render.modes(fragment).throttled.headlinesPaintedMs is 0, which no real measurement gives']);
  });

  it('fails on an empty list, where a measurement’s results should be', () => {
    const report = completeReport();
    report.embedSize.khabar.files = [];

    expect(failureOf(report)?.missing).toEqual(['report.embedSize.khabar.files is empty']);
  });
});

describe('missingFigures', () => {
  it('accepts zero, false and non-empty text as figures', () => {
    expect(missingFigures({ tbtMs: 0, ok: false, status: 'none' })).toEqual([]);
  });

  it('rejects empty text', () => {
    expect(missingFigures({ cacheStatus: ' ' })).toEqual(['report.cacheStatus is an empty string']);
  });
});

describe('withRatios', () => {
  it('divides khabar’s bytes by each baseline’s, per encoding', () => {
    const { baselines } = withRatios(download('embed', 9000), [download('Splide', 12_000)]);

    expect(baselines[0]!.khabarRatio).toEqual({ raw: 0.75, gzip: 10_000 / 13_000, brotli: 0.75 });
  });
});

describe('renderMarkdown', () => {
  it('refuses a zero no real measurement gives: an empty embed would otherwise read as the smallest', () => {
    const report = completeReport();
    report.embedSize = withRatios(download('embed', 0), [download('Lit alone', 5015)]);

    expect(() => checkComplete(report, EXPECTED)).toThrow(/report\.embedSize\.khabar\.total\.brotli is 0/);
  });

  it('puts ratios first in each table, with medians and their spread', () => {
    const markdown = renderMarkdown(completeReport());

    expect(markdown).toContain('| Lit alone | 1.79 | 5,015 |');
    expect(markdown).toContain('| khabar, warm cache | 0.40 [0.36, 0.44] | 2.00 [1.80, 2.20] | 8,000 [7,200, 8,800] | 0.40 / 1.20 |');
    expect(markdown).toContain('AMD EPYC, 2 cores, 23.5 GiB memory');
  });

  it('gives each embed code its row: layout shift added, and whether headlines were in the first contentful paint', () => {
    const markdown = renderMarkdown(completeReport());

    expect(markdown).toContain('| snippet label | 0.000 [0.000, 0.000] | +701 [630, 771] |');
    expect(markdown).toContain('| fragment label | 550 [495, 605] | 400 [360, 440] | -150 [-135, -165] | 3 of 3 runs |');
    expect(markdown).toContain('| snippet label | 550 [495, 605] | 1,050 [945, 1,155] | 500 [450, 550] | 0 of 3 runs |');
  });

  it('reports the worker start-up against plain Hono', () => {
    const markdown = renderMarkdown(completeReport());

    expect(markdown).toContain('| khabar | 19.0 [17.1, 20.9] | 1.46 [1.31, 1.61] | 227.09 KiB / gzip 63.24 KiB |');
  });
});

describe('the publish rows', () => {
  const point = (articles: number, seconds: number, measured = 'this run') => ({
    articles,
    firstPushSeconds: articles / 1000,
    firstPushPeakMiB: 800,
    publishSeconds: s(seconds),
    publishPeakMiB: s(420),
    measured,
  });

  it('fails when the committed million-article row is missing, and shows each row against the smallest', () => {
    const report = completeReport();
    report.publish = { settings: { sizes: [1_000, 100_000], repetitions: 3 }, points: [point(1_000, 4), point(100_000, 4.4)] };
    const expected = { ...EXPECTED, publishSizes: [1_000, 100_000, 1_000_000] };

    expect(() => checkComplete(report, expected)).toThrow(/report\.publish\.points: no row for 1000000/);
    report.publish.points.push(point(1_000_000, 5, 'publish-1000000.json (measured alone on 2026-12-01)'));
    const markdown = renderMarkdown(checkComplete(report, expected));
    expect(markdown).toContain('| 100,000 | 4.40 [3.96, 4.84] | 1.10 | 420 [378, 462] | 100.0 | 800 | this run |');
    expect(markdown).toContain('| 1,000,000 | 5.00 [4.50, 5.50] | 1.25 |');
  });
});
