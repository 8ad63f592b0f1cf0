/**
 * The benchmark's report: one object, checked once for completeness, then written as bench/results/latest.json and
 * latest.md. The check is the only place that decides whether a run may be reported: any figure that is missing,
 * null, NaN or infinite, and any section or row that did not come back, fails the run with a message naming it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bytes, Download } from './embed-size.ts';
import type { EdgeThroughput } from './edge-throughput.ts';
import type { Machine } from './machine.ts';
import type { RenderCost } from './render-cost.ts';
import type { Publish } from './publish.ts';
import type { PushToBadge } from './push-to-badge.ts';
import type { Scaling } from './scaling.ts';
import type { WorkerStartup } from './worker-startup.ts';
import { type Summary, ratio } from './stats.ts';

export interface EmbedSizeReport {
  khabar: Download;
  baselines: Array<Download & { khabarRatio: Bytes }>;
}

export interface BenchReport {
  machine: Machine;
  /** Wall-clock seconds of the whole run. */
  runSeconds: number;
  embedSize: EmbedSizeReport;
  workerBundle: { raw: number; gzip: number };
  workerStartup: WorkerStartup;
  edge: EdgeThroughput;
  render: RenderCost;
  scaling: Scaling;
  /** Publishing one story into archives of growing size (bench/publish.ts). */
  publish?: Publish;
  /** A breaking story from content:push to its badge on an open partner page (bench/push-to-badge.ts). */
  pushToBadge?: PushToBadge;
}

/** What a complete run must contain, beyond every value being present: the rows each section must have. */
export interface Expected {
  baselines: readonly string[];
  edgeVariants: readonly string[];
  scalingSizes: readonly number[];
  /** Embed codes the render section must have a row for. */
  embedModes: readonly string[];
  /** Rows of the publish table (this run's and committed ones). */
  publishSizes?: readonly number[];
  /** The push-to-badge row must be there. */
  pushToBadge?: boolean;
}

export class IncompleteReport extends Error {
  readonly missing: string[];
  constructor(missing: string[]) {
    super(`the benchmark is missing ${missing.length} figure(s):\n  ${missing.join('\n  ')}`);
    this.missing = missing;
  }
}

/** Every path in `value` that holds no usable figure: null, undefined, NaN, ±Infinity, or an empty list. */
export function missingFigures(value: unknown, path = 'report'): string[] {
  if (value === null || value === undefined) return [`${path} is ${value}`];
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} is ${value}`];
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${path} is empty`];
    return value.flatMap((item, i) => missingFigures(item, `${path}[${i}]`));
  }
  if (typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => missingFigures(item, `${path}.${key}`));
  if (typeof value === 'string' && value.trim() === '') return [`${path} is an empty string`];
  return [];
}

/**
 * Figures that can be 0 only when their measurement failed (an empty embed.js would make khabar "the smallest of
 * all"): sizes, rates, latencies and durations. Layout shift, blocking time or KV reads may well be 0.
 */
export function impossibleZeros(report: Partial<BenchReport>): string[] {
  const positive: Array<[string, number | undefined]> = [
    ['report.runSeconds', report.runSeconds],
    ['report.workerBundle.gzip', report.workerBundle?.gzip],
    ...(['raw', 'gzip', 'brotli'] as const).map((e): [string, number | undefined] => [`report.embedSize.khabar.total.${e}`, report.embedSize?.khabar.total[e]]),
    ...(report.embedSize?.baselines ?? []).map((b): [string, number | undefined] => [`report.embedSize.baselines(${b.name}).total.brotli`, b.total.brotli]),
    ...(report.edge?.variants ?? []).flatMap((v): Array<[string, number | undefined]> => [
      [`report.edge.variants(${v.name}).rps`, v.rps?.median],
      [`report.edge.variants(${v.name}).idleP50Ms`, v.idleP50Ms?.median],
      [`report.edge.variants(${v.name}).bodyBytes`, v.bodyBytes],
    ]),
    ...(report.scaling?.points ?? []).flatMap((p): Array<[string, number | undefined]> => [
      [`report.scaling.points(${p.articles}).rps`, p.rps?.median],
      [`report.scaling.points(${p.articles}).buildSeconds`, p.buildSeconds],
    ]),
    ['report.workerStartup.activeMs', report.workerStartup?.activeMs.median],
    ['report.workerStartup.plainHonoActiveMs', report.workerStartup?.plainHonoActiveMs.median],
    ...(report.render?.modes ?? []).flatMap((m): Array<[string, number | undefined]> => [
      [`report.render.modes(${m.mode}).lighthouse.edgeBytes`, m.lighthouse.edgeBytes.median],
      [`report.render.modes(${m.mode}).throttled.fcpMs`, m.throttled.fcpMs.median],
      [`report.render.modes(${m.mode}).throttled.firstRenderMs`, m.throttled.firstRenderMs.median],
      [`report.render.modes(${m.mode}).throttled.headlinesPaintedMs`, m.throttled.headlinesPaintedMs.median],
    ]),
  ];
  return positive.filter(([, value]) => value !== undefined && !(value > 0)).map(([path, value]) => `${path} is ${value}, which no real measurement gives`);
}

/** Throws `IncompleteReport` naming everything missing; returns the report when it is whole. */
export function checkComplete(report: Partial<BenchReport>, expected: Expected): BenchReport {
  const missing: string[] = [];
  for (const section of ['machine', 'runSeconds', 'embedSize', 'workerBundle', 'workerStartup', 'edge', 'render', 'scaling'] as const) {
    if (report[section] === undefined) missing.push(`report.${section} was not measured`);
  }
  const rows = <T>(list: T[] | undefined, key: (item: T) => string | number, want: readonly (string | number)[], where: string) => {
    const got = new Set((list ?? []).map(key));
    for (const name of want) if (!got.has(name)) missing.push(`${where}: no row for ${name}`);
  };
  rows(report.embedSize?.baselines, (b) => b.name, expected.baselines, 'report.embedSize.baselines');
  rows(report.edge?.variants, (v) => v.name, expected.edgeVariants, 'report.edge.variants');
  rows(report.scaling?.points, (p) => p.articles, expected.scalingSizes, 'report.scaling.points');
  rows(report.render?.modes, (m) => m.mode, expected.embedModes, 'report.render.modes');
  if (expected.pushToBadge && report.pushToBadge === undefined) missing.push('report.pushToBadge was not measured');
  if (expected.publishSizes) rows(report.publish?.points, (p) => p.articles, expected.publishSizes, 'report.publish.points');
  missing.push(...missingFigures(report));
  missing.push(...impossibleZeros(report));
  if (missing.length > 0) throw new IncompleteReport(missing);
  return report as BenchReport;
}

/** khabar's bytes over each baseline's, per encoding: below 1 means khabar is smaller. */
export function withRatios(khabar: Download, baselines: Download[]): EmbedSizeReport {
  return {
    khabar,
    baselines: baselines.map((b) => ({
      ...b,
      khabarRatio: {
        raw: ratio(khabar.total.raw, b.total.raw, `embed raw vs ${b.name}`),
        gzip: ratio(khabar.total.gzip, b.total.gzip, `embed gzip vs ${b.name}`),
        brotli: ratio(khabar.total.brotli, b.total.brotli, `embed brotli vs ${b.name}`),
      },
    })),
  };
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, digits: number) => n.toFixed(digits);
/** Figures with no decimals get thousands separators. */
const figure = (n: number, digits: number) => (digits === 0 ? int(n) : fixed(n, digits));
/** "median [min, max]". */
const spread = (s: Summary, digits: number) => `${figure(s.median, digits)} [${figure(s.min, digits)}, ${figure(s.max, digits)}]`;
const spreadInt = (s: Summary) => spread(s, 0);
/** A Markdown table; columns named in `left` are text, the others figures (right-aligned). */
const table = (head: string[], rows: string[][], left: readonly string[] = []) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map((name, i) => (i === 0 || left.includes(name) ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

export function renderMarkdown(r: BenchReport): string {
  const m = r.machine;
  const packages = Object.entries(m.packages).map(([name, version]) => `${name} ${version}`).join(', ');
  const lh = r.render.lighthouse;
  const edge = r.edge.settings;
  const scale = r.scaling.settings;
  const rt = r.render.throttled;
  const startup = r.workerStartup;
  const signed = (n: number, digits: number) => `${n > 0 ? '+' : ''}${figure(n, digits)}`;
  const added = (x: Summary, digits: number) => `${signed(x.median, digits)} [${figure(x.min, digits)}, ${figure(x.max, digits)}]`;
  return `# khabar benchmark results

Written by \`npm run bench\` (bench/run.ts); do not edit.
Every ratio is taken against a baseline measured in the same run, since absolute times on a shared machine swing from one minute to the next.
Figures are medians, followed by the spread over repetitions as [min, max].

- **Measured:** ${m.date}, commit ${m.commit}; the whole run took ${int(r.runSeconds)} s.
- **Machine:** ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB memory; ${m.os}, Linux ${m.kernel}; scratch files and Miniflare's storage in ${m.scratch}.
- **Runtimes:** Node ${m.node}; workerd ${m.workerd} (through Miniflare); ${m.chromium}.
- **Packages:** ${packages}.

## Embed size: what a partner page downloads

${table(
  ['carousel', 'khabar ÷ it, brotli', 'brotli, B', 'gzip, B', 'raw, B', 'files'],
  [
    ['**khabar embed** (Lit, component, styles, headline loading)', '1.00', int(r.embedSize.khabar.total.brotli), int(r.embedSize.khabar.total.gzip), int(r.embedSize.khabar.total.raw), r.embedSize.khabar.files.map((f) => f.file).join(' + ')],
    ...r.embedSize.baselines.map((b) => [b.name, fixed(b.khabarRatio.brotli, 2), int(b.total.brotli), int(b.total.gzip), int(b.total.raw), b.files.map((f) => f.file).join(' + ')]),
  ],
  ['files'],
)}

Below 1.00, khabar is smaller.
Each baseline is set up as its docs tell a partner (bench/fixtures/carousels/) and bundled exactly as the embed is (esbuild IIFE, then terser; gzip level 9, brotli quality 11); a stylesheet the partner must load counts as a second file.
The baselines are carousel mechanics only: none fetches or renders headlines.

## Edge: GET ${edge.path} on local workerd

${table(
  ['worker', 'req/s ÷ constant', 'req/s ÷ plain Hono', 'req/s', 'one request alone: p50 / p99, ms', 'under load: p50 / p99, ms', 'KV reads / request'],
  r.edge.variants.map((v) => [
    v.label,
    spread(v.rpsVsConstant, 2),
    spread(v.rpsVsPlainHono, 2),
    spreadInt(v.rps),
    `${fixed(v.idleP50Ms.median, 2)} / ${fixed(v.idleP99Ms.median, 2)}`,
    `${fixed(v.p50Ms.median, 1)} / ${fixed(v.p99Ms.median, 1)}`,
    fixed(v.kvReadsPerRequest, 2),
  ]),
)}

${edge.repetitions} interleaved repetitions of ${edge.seconds} s per worker (after ${edge.warmupSeconds} s of warm-up each): autocannon with ${edge.connections} connections on loopback, straight into each worker's own socket (Miniflare's \`unsafeDirectSockets\`).
Latency percentiles come from every response's own time (sub-millisecond). "Alone" is a run of one connection after each loaded run: a single request's latency. "Under load" is the saturating run's, which is mostly time queued behind the other connections (about connections ÷ req/s).
Lists are full: the content is 300 synthetic articles, and each request asks for what the embed asks for, six headlines.
The run fails unless the constant worker read no KV, the plain handler one record a request, the warm run none (served from isolate memory; under load, at most one in a thousand: the content state is re-read once its Cache API copy is 30 s old) and the cold runs one a request, under load too.
KV reads are counted inside the isolate, by a wrapper around the KV binding, over sequential requests after the load.
Cold: HEADLINES_MAX_AGE, STALE_WHILE_REVALIDATE and STALE_IF_ERROR set to 0, so every request misses isolate memory and the Cache API, reads KV, and writes the Cache API back.
Local KV and Cache API are Miniflare's SQLite-and-file simulations: cold figures say more about Miniflare than about Cloudflare's edge.

## Render cost in Chromium

Lighthouse ${m.packages['lighthouse']} with its default mobile settings, which are PageSpeed's (simulated throttling: ${lh.settings.cpuSlowdownMultiplier}x CPU, ${lh.settings.rttMs} ms RTT, ${int(lh.settings.throughputKbps)} kbit/s), on a partner's article page without the embed and with each embed code exactly as the configurator writes it; ${lh.rounds} interleaved rounds (without, snippet, iframe, fragment). "Added" is each round's page with the code minus the same round's page without it.

${table(
  ['embed code', 'CLS added', 'LCP added, ms', 'TBT added, ms', 'long tasks added', 'bytes added', "from khabar's edge: B (requests)", '/v1/headlines requests', "khabar's main-thread time, ms"],
  r.render.modes.map((x) => [
    x.label,
    added(x.lighthouse.added.cls, 3),
    added(x.lighthouse.added.lcpMs, 0),
    added(x.lighthouse.added.tbtMs, 0),
    added(x.lighthouse.added.longTasks, 0),
    added(x.lighthouse.added.totalBytes, 0),
    `${int(x.lighthouse.edgeBytes.median)} (${int(x.lighthouse.edgeRequests.median)})`,
    int(x.lighthouse.headlinesRequests.median),
    spread(x.lighthouse.mainThreadMs, 0),
  ]),
)}

The page without the embed: CLS ${fixed(lh.without.cls.median, 3)}, FCP ${int(lh.without.fcpMs.median)} ms, LCP ${int(lh.without.lcpMs.median)} ms, TBT ${int(lh.without.tbtMs.median)} ms, ${int(lh.without.totalBytes.median)} B.

With the CPU really throttled ${rt.cpuSlowdown}x (DevTools emulation, Lighthouse's mobile screen, ${rt.runs} interleaved runs of each code after one warm-up round), times from the partner page's navigation:

${table(
  ['embed code', "page's first contentful paint, ms", 'headlines painted, ms', "headlines' frame − page's FCP, ms", 'headlines in the first contentful paint', "element's first render painted, ms", 'cards'],
  r.render.modes.map((x) => [
    x.label,
    spread(x.throttled.fcpMs, 0),
    spread(x.throttled.headlinesPaintedMs, 0),
    spread(x.throttled.headlinesFrameAfterFcpMs, 0),
    `${x.throttled.headlinesInFirstPaintRuns} of ${x.throttled.headlinesPaintedMs.n} runs`,
    spread(x.throttled.firstRenderMs, 0),
    int(x.throttled.cards),
  ]),
)}

- Headlines count as painted at the first frame showing headline cards (not placeholders) in a carousel's shadow root, checked in \`requestAnimationFrame\` before every frame (bench/fixtures/khabar-marks.js; for the iframe, added to the frame's page and moved onto the partner page's clock). A frame that began before the page's first contentful paint is that paint: ≤ 0 in the fourth column means the headlines were in it.
- "Element's first render" is the custom element's own render after embed.js arrives: for the fragment and the iframe, its takeover of the server's markup.
- The snippet reserves the carousel's height in its \`style\`; the iframe has a \`height\` attribute; the fragment is the carousel itself, painted by the edge. The site includes the fragment on every page request, fetched from the edge (whose cache serves it), and compresses its pages with brotli as the edge does.

## Scaling with the number of articles

${table(
  ['articles', 'cold p50 ÷ smallest', 'p50, ms', 'p99, ms', 'req/s', 'KV reads / request', 'content build, s', 'records in KV'],
  r.scaling.points.map((p) => [int(p.articles), spread(p.p50VsSmallest, 2), spread(p.p50Ms, 2), spread(p.p99Ms, 2), spreadInt(p.rps), fixed(p.kvReadsPerRequest, 2), fixed(p.buildSeconds, 2), int(p.records)]),
)}

Synthetic valid articles (bench/synthetic-content.ts), built by the real content build (one run per size, canonical-URL index included) and loaded into KV: every article, list and the section index; the canonical-URL index, which only /oembed reads, is left out to keep the run under five minutes.
${scale.cache[0]!.toUpperCase()}${scale.cache.slice(1)} cache as above, ${scale.repetitions} interleaved repetitions of ${scale.seconds} s, ${scale.connections} connections.

${r.publish ? publishSection(r.publish) : ''}${r.pushToBadge ? pushToBadgeSection(r.pushToBadge) : ''}## Worker bundle and start-up

${int(r.workerBundle.raw)} B, ${int(r.workerBundle.gzip)} B gzip: what \`wrangler deploy --dry-run\` would upload, with gzip counted as wrangler and Cloudflare's size limit count it.

${table(
  ['worker', 'start-up active CPU, ms', '÷ plain Hono', 'bundle as wrangler check startup prints it'],
  [
    ['khabar', spread(startup.activeMs, 1), spread(startup.activeVsPlainHono, 2), `${startup.bundleKiB.raw} KiB / gzip ${startup.bundleKiB.gzip} KiB`],
    ['plain Hono, KV read per request (bench/fixtures/workers/plain-hono-kv.ts)', spread(startup.plainHonoActiveMs, 1), '1.00', ''],
  ],
)}

\`wrangler check startup\`, ${startup.repetitions} interleaved runs of each worker: wrangler builds the worker, starts it on local workerd under a CPU profiler and prints the start-up phase's active CPU time. The profile samples every few milliseconds, so single runs move by several ms; the ratio to a plain Hono worker started in the same run is the steadier figure.
`;
}

function publishSection(p: Publish): string {
  const smallest = p.points[0]!;
  return `## Publishing one story into N articles

${table(
  ['articles', 'publish one story, s', '÷ smallest', 'peak memory, MiB', 'first push, s', 'first push peak, MiB', 'measured'],
  p.points.map((x) => [int(x.articles), spread(x.publishSeconds, 2), fixed(x.publishSeconds.median / smallest.publishSeconds.median, 2), spreadInt(x.publishPeakMiB), fixed(x.firstPushSeconds, 1), int(x.firstPushPeakMiB), x.measured]),
  ['measured'],
)}

\`content:push --local\` as the command runs it (incremental build, then push: lease, manifest shard, lists' reserve, one article), in its own process, after the archive's first push; ${p.settings.repetitions} new stories per size. Memory is the push's process tree (Node and the local KV's workerd), sampled every 50 ms. Rows read from a file were measured alone (\`node --experimental-strip-types bench/publish.ts N\`), on the date the file gives; a size with no file yet has no row.

`;
}

function pushToBadgeSection(p: PushToBadge): string {
  return `## Breaking news on an open page

${table(['measure', 'seconds', 'goal'], [
    ['push to badge on an open page (s)', spread(p.seconds, 1), '≤ 10'],
    ['the push itself (content:push --local), s', spread(p.pushSeconds, 1), ''],
  ])}

\`LIFETIMES=deploy npm start\` (wrangler.toml's lifetimes: lists fresh 60 s), the simulated partner page open in Chromium; ${p.settings.repetitions} \`breaking: true\` stories, each older than every other story, written and pushed one after another with \`npm run content:push -- --local\`. Timed from the push command's exit to the carousel's first card being that story with its badge, the page untouched. In production KV's own propagation (up to 60 s) comes on top.

`;
}

export async function writeReport(report: BenchReport, dir: string): Promise<{ json: string; markdown: string }> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, 'latest.json');
  const markdown = join(dir, 'latest.md');
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(markdown, renderMarkdown(report));
  return { json, markdown };
}
