/**
 * npm run bench: builds what partners and Cloudflare get, measures it against baselines taken in the same run, and
 * writes bench/results/latest.json and latest.md. Exits non-zero, naming what is missing, when any figure could not
 * be measured. Sized to finish in under five minutes on two cores; each stage prints its time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWidget } from '../widget/build/build-widget.ts';
import { useRamScratch } from './scratch.ts';
import { BASELINES, measureBaseline, measureEmbed } from './embed-size.ts';
import { EDGE_WORKERS, type EdgeSettings, measureEdgeThroughput } from './edge-throughput.ts';
import { buildRecords } from './content-records.ts';
import { writeSyntheticArticles } from './synthetic-content.ts';
import { ROOT, describeMachine } from './machine.ts';
import { type RenderSettings, measureRenderCost } from './render-cost.ts';
import { type BenchReport, checkComplete, withRatios, writeReport } from './report.ts';
import { type PublishSettings, measurePublish } from './publish.ts';
import { type PushToBadgeSettings, measurePushToBadge } from './push-to-badge.ts';
import { type ScalingSettings, measureScaling } from './scaling.ts';
import { buildWorkerBundle } from './worker-bundle.ts';
import { type StartupSettings, measureWorkerStartup } from './worker-startup.ts';
import { EMBED_MODES } from './partner-site.ts';

/** 50 connections saturate workerd's one thread; 2 s × 3 repetitions × 5 workers keeps the stage under a minute. */
const EDGE: EdgeSettings = { seconds: 2, connections: 50, repetitions: 3, warmupSeconds: 1 };
/** Enough for every headline list to be full (50), as on a live newsroom's. */
const EDGE_ARTICLES = 300;
/**
 * Three Lighthouse rounds of four pages (without, snippet, iframe, fragment; about 5 s a run), and three throttled
 * runs of each code; the carousel shows its default 6 of 12 articles.
 */
const RENDER: RenderSettings = { pairs: 3, throttledRuns: 3, articles: 12 };
/** `wrangler check startup` builds before it profiles: about 5 s a run, two workers. */
const STARTUP: StartupSettings = { repetitions: 3 };
/** Loading 100 000 records into Miniflare's KV dominates this stage, so its load runs are short. */
const SCALING: ScalingSettings = { sizes: [100, 10_000, 100_000], seconds: 1.5, connections: 50, repetitions: 3, warmupSeconds: 1 };

/** Publishing one story (bench/publish.ts) into 1,000 articles in this run; the larger archives' rows are read from
 * bench/results/publish-<N>.json, measured alone: their first pushes into Miniflare's KV take 5 minutes and more. */
const PUBLISH: PublishSettings = { sizes: [1_000], repetitions: 3 };
const PUBLISH_COMMITTED = [100_000, 1_000_000];

/** Three breaking stories into one open page (one npm start, about 30 s in all); the goal is 10 s each. */
const PUSH_TO_BADGE: PushToBadgeSettings = { repetitions: 3, timeoutMs: 60_000 };

/** One full run must fit in five minutes on two cores. */
const BUDGET_SECONDS = 300;

const removeScratch = useRamScratch();
const started = performance.now();
const log = (line: string) => console.log(line);

async function stage<T>(name: string, work: () => Promise<T>): Promise<T> {
  const at = performance.now();
  log(`${name}…`);
  const result = await work();
  log(`${name}: done in ${((performance.now() - at) / 1000).toFixed(1)} s`);
  return result;
}

try {
  const report: Partial<BenchReport> = {};
  report.machine = await describeMachine();
  log(`khabar bench on ${report.machine.cpu} (${report.machine.cores} cores), Node ${report.machine.node}, workerd ${report.machine.workerd}`);
  // The embed is measured as built, and the worker serves dist/embed: build both from the current sources.
  await stage('build embed', () => buildWidget());
  const worker = await stage('build worker bundle', () => buildWorkerBundle());
  report.workerBundle = worker.bytes;
  report.workerStartup = await stage('worker start-up', () => measureWorkerStartup(STARTUP, log));
  report.embedSize = await stage('embed size', async () => {
    const khabar = await measureEmbed();
    const baselines = [];
    for (const baseline of BASELINES) baselines.push(await measureBaseline(baseline));
    return withRatios(khabar, baselines);
  });
  report.edge = await stage('edge throughput', async () => {
    // Synthetic, not content/: full 50-headline lists, and figures that do not move when an editor adds an article.
    const dir = await mkdtemp(join(tmpdir(), 'khabar-bench-edge-'));
    try {
      await writeSyntheticArticles(dir, EDGE_ARTICLES);
      const content = await buildRecords(dir);
      return await measureEdgeThroughput(worker.source, content.entries, EDGE, log);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  report.render = await stage('render cost', () => measureRenderCost(worker.source, RENDER, log));
  report.scaling = await stage('scaling', () => measureScaling(worker.source, SCALING, log));
  report.publish = await stage('publish one story', () => measurePublish(PUBLISH, PUBLISH_COMMITTED, log));
  report.pushToBadge = await stage('push to badge on an open page', () => measurePushToBadge(PUSH_TO_BADGE, log));
  report.runSeconds = (performance.now() - started) / 1000;
  const complete = checkComplete(report, {
    baselines: BASELINES.map((b) => b.name),
    edgeVariants: EDGE_WORKERS,
    scalingSizes: SCALING.sizes,
    embedModes: EMBED_MODES,
    publishSizes: PUBLISH.sizes, // the committed rows are read when their files exist
    pushToBadge: true,
  });
  const written = await writeReport(complete, `${ROOT}bench/results`);
  log(`wrote ${written.markdown} and ${written.json} in ${complete.runSeconds.toFixed(0)} s`);
  if (complete.runSeconds > BUDGET_SECONDS) log(`warning: over the ${BUDGET_SECONDS / 60}-minute budget; trim the stages' settings above`);
} catch (error) {
  console.error(`\nbench failed: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && !error.message.startsWith('the benchmark is missing')) console.error(error.stack);
  process.exitCode = 1;
} finally {
  removeScratch();
}
