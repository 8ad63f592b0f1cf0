/**
 * How khabar scales with the number of articles: for each size, synthetic articles are written to a temp folder, the
 * real content build is timed on them, its records are loaded into KV, and GET /v1/headlines is measured cold (every
 * request misses every cache tier and reads KV, as in bench/edge-throughput.ts), with KV reads per request counted.
 * A warm cache answers from isolate memory whatever the size, so only the cold path can show growth.
 * Sizes run side by side in one workerd, each with its own KV namespace, and load repetitions are interleaved.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KvEntry } from '../content/build/build-content.ts';
import { buildRecords } from './content-records.ts';
import { type Sample, coldVars, countKvReads, measure, probe, PATH } from './edge-throughput.ts';
import { startEdge, wranglerSettings } from './edge-server.ts';
import { CANONICAL_KEY_PREFIX } from '../content/records.ts';
import { load } from './load.ts';
import { type Summary, ratio, summarize } from './stats.ts';
import { writeSyntheticArticles } from './synthetic-content.ts';

export interface ScalingSettings {
  sizes: readonly number[];
  seconds: number;
  connections: number;
  repetitions: number;
  warmupSeconds: number;
}

export interface ScalingPoint {
  articles: number;
  /** Records loaded into KV: articles, headline lists and the section index (not the canonical-URL index). */
  records: number;
  /** One run of the content build (validation and KV records), seconds. */
  buildSeconds: number;
  /** Seconds to load the records into Miniflare's KV (a property of the local simulator, shown for the run time). */
  seedSeconds: number;
  rps: Summary;
  p50Ms: Summary;
  p99Ms: Summary;
  /** Per repetition, this size's p50 over the smallest size's p50 in the same repetition. */
  p50VsSmallest: Summary;
  kvReadsPerRequest: number;
}

export interface Scaling {
  settings: ScalingSettings & { path: string; cache: 'cold' };
  points: ScalingPoint[];
}

interface Prepared {
  articles: number;
  records: number;
  entries: KvEntry[];
  buildSeconds: number;
}

/** Writes and builds each size in turn; the build is timed alone, with nothing else running. */
async function prepare(sizes: readonly number[], log: (line: string) => void): Promise<Prepared[]> {
  const prepared: Prepared[] = [];
  for (const articles of sizes) {
    const dir = await mkdtemp(join(tmpdir(), `khabar-bench-${articles}-`));
    try {
      await writeSyntheticArticles(dir, articles);
      const built = await buildRecords(dir);
      if (built.manifest.articles !== articles) throw new Error(`content build of ${articles} synthetic articles built ${built.manifest.articles}`);
      // The canonical-URL index (one record per article, read only by /oembed) is built and timed but not loaded:
      // loading 100 000 more records into Miniflare's simulated KV would take over a minute of the 5-minute budget.
      const entries = built.entries.filter((entry) => !entry.key.startsWith(CANONICAL_KEY_PREFIX));
      prepared.push({ articles, records: entries.length, entries, buildSeconds: built.buildSeconds });
      log(`  scaling: built ${articles} articles in ${built.buildSeconds.toFixed(2)} s`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return prepared;
}

export async function measureScaling(workerModule: string, settings: ScalingSettings, log: (line: string) => void): Promise<Scaling> {
  const prepared = await prepare(settings.sizes, log);
  const { vars, compatibilityDate } = wranglerSettings();
  const name = (articles: number) => `cold-${articles}`;
  const edge = await startEdge(
    prepared.map((p) => ({ name: name(p.articles), module: workerModule, kv: `scale-${p.articles}`, text: coldVars(vars) })),
    compatibilityDate,
  );
  try {
    const seedSeconds = new Map<number, number>();
    for (const p of prepared) {
      const started = performance.now();
      await edge.seed(name(p.articles), p.entries);
      seedSeconds.set(p.articles, (performance.now() - started) / 1000);
      log(`  scaling: loaded ${p.entries.length} records into KV in ${seedSeconds.get(p.articles)!.toFixed(1)} s`);
      p.entries = []; // let 100 000 records go before the load runs
    }
    for (const p of prepared) {
      await probe(edge, name(p.articles));
      await load(new URL(PATH, edge.url(name(p.articles))).href, { seconds: settings.warmupSeconds, connections: settings.connections });
    }
    const samples = new Map<number, Sample[]>(prepared.map((p) => [p.articles, []]));
    for (let rep = 1; rep <= settings.repetitions; rep += 1) {
      for (const p of prepared) {
        const sample = await measure(edge, name(p.articles), settings.seconds, settings.connections);
        samples.get(p.articles)!.push(sample);
        log(`  scaling rep ${rep} ${p.articles} articles: ${Math.round(sample.rps)} req/s, p50 ${sample.p50Ms.toFixed(2)} ms`);
      }
    }
    const reads = new Map<number, number>();
    for (const p of prepared) reads.set(p.articles, (await countKvReads(edge, name(p.articles), 50)).readsPerRequest);
    if (edge.errors().length > 0) throw new Error(`the workers logged faults:\n${edge.errors().slice(0, 5).join('\n')}`);
    const smallest = samples.get(prepared[0]!.articles)!;
    return {
      settings: { ...settings, path: PATH, cache: 'cold' },
      points: prepared.map((p) => {
        const runs = samples.get(p.articles)!;
        const what = `scaling ${p.articles}`;
        return {
          articles: p.articles,
          records: p.records,
          buildSeconds: p.buildSeconds,
          seedSeconds: seedSeconds.get(p.articles)!,
          rps: summarize(runs.map((s) => s.rps), `${what} req/s`),
          p50Ms: summarize(runs.map((s) => s.p50Ms), `${what} p50`),
          p99Ms: summarize(runs.map((s) => s.p99Ms), `${what} p99`),
          p50VsSmallest: summarize(runs.map((s, i) => ratio(s.p50Ms, smallest[i]!.p50Ms, `${what} p50 vs smallest`)), `${what} p50 vs smallest`),
          kvReadsPerRequest: reads.get(p.articles)!,
        };
      }),
    };
  } finally {
    await edge.dispose();
  }
}
