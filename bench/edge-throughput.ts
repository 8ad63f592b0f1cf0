/**
 * Requests per second and p50/p99 latency of GET /v1/headlines on local workerd, with KV reads per request counted,
 * for the real worker (warm cache; cold cache) against two baselines run in the same process in the same minute:
 * a constant response (the ceiling) and a plain Hono handler reading KV on every request (the tutorial way).
 *
 * Cold means nothing is cached anywhere, on every request: the real worker with HEADLINES_MAX_AGE,
 * STALE_WHILE_REVALIDATE and STALE_IF_ERROR set to 0, so each request misses the memory tier and the Cache API, reads
 * KV, and writes the Cache API again. (A cache-busting query cannot do it: the worker drops unknown parameters from
 * its cache key on purpose.) A second cold variant runs without the Cache API (as on *.workers.dev) to show how much
 * of that is the Cache API's write. Repetitions are interleaved (A, B, C…, A, B, C…) and every ratio is taken within
 * one repetition, because absolute rates here swing by a third between minutes.
 */
import type { KvEntry } from '../content/build/build-content.ts';
import { headlinesKey } from '../content/records.ts';
import { type BenchWorker, type EdgeServer, bundleWorker, startEdge, wranglerSettings } from './edge-server.ts';
import { load } from './load.ts';
import { ROOT } from './machine.ts';
import { type Summary, ratio, summarize } from './stats.ts';

export const PATH = '/v1/headlines';
/** Sequential requests over which KV reads are counted. */
const KV_COUNT_REQUESTS = 50;

export interface EdgeSettings {
  seconds: number;
  connections: number;
  repetitions: number;
  /** Seconds of load per worker before the measured repetitions (JIT, connections, and priming the warm cache). */
  warmupSeconds: number;
}

export interface VariantResult {
  name: string;
  label: string;
  rps: Summary;
  p50Ms: Summary;
  p99Ms: Summary;
  /** Per repetition, this variant's req/s over the constant worker's in the same repetition. */
  rpsVsConstant: Summary;
  /** KV reads per request, counted in the isolate over sequential requests after the load (exact). */
  kvReadsPerRequest: number;
  /** Reads and requests the worker counted during the measured load (requests cut off at the end included). */
  underLoad: { reads: number; requests: number };
  /** What a response after the load said about caching (`none`: no Cache-Status header), and its size. */
  cacheStatus: string;
  bodyBytes: number;
}

export interface EdgeThroughput {
  settings: EdgeSettings & { path: string };
  variants: VariantResult[];
}

/** The real worker's [vars] with nothing cacheable: every request goes to KV. */
export function coldVars(vars: Record<string, string>): Record<string, string> {
  return { ...vars, HEADLINES_MAX_AGE: '0', STALE_WHILE_REVALIDATE: '0', STALE_IF_ERROR: '0' };
}

/** The workers compared, in the order each repetition runs them; the report must have a row for each. */
export const EDGE_WORKERS = ['constant', 'hono-kv', 'khabar-warm', 'khabar-cold', 'khabar-cold-no-cache-api'] as const;

interface Variant {
  label: string;
  worker: BenchWorker & { name: (typeof EDGE_WORKERS)[number] };
}

export async function edgeVariants(workerModule: string, entries: readonly KvEntry[], kv: string): Promise<Variant[]> {
  const { vars } = wranglerSettings();
  const list = entries.find((entry) => entry.key === headlinesKey());
  if (!list) throw new Error(`the content build has no ${headlinesKey()} record`);
  const fixture = (name: string) => bundleWorker(`${ROOT}bench/fixtures/workers/${name}`);
  return [
    { label: 'constant response (ceiling)', worker: { name: 'constant', module: await fixture('constant.ts'), kv, text: { BODY: list.value } } },
    { label: 'plain Hono, KV read per request', worker: { name: 'hono-kv', module: await fixture('plain-hono-kv.ts'), kv } },
    { label: 'khabar, warm cache', worker: { name: 'khabar-warm', module: workerModule, kv, text: vars } },
    { label: 'khabar, cold cache (every tier misses)', worker: { name: 'khabar-cold', module: workerModule, kv, text: coldVars(vars) } },
    {
      label: 'khabar, cold, no Cache API (as on workers.dev)',
      worker: { name: 'khabar-cold-no-cache-api', module: workerModule, kv, text: coldVars(vars), cacheApi: false },
    },
  ];
}

/** One GET that must succeed with a non-empty headline list; returns what the report shows of it. */
export async function probe(edge: EdgeServer, worker: string): Promise<{ cacheStatus: string; bodyBytes: number }> {
  const response = await fetch(new URL(PATH, edge.url(worker)), { headers: { 'Accept-Encoding': 'identity' } });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${worker} ${PATH}: ${response.status} ${body.slice(0, 200)}`);
  const items = (JSON.parse(body) as { items?: unknown[] }).items;
  if (!Array.isArray(items) || items.length === 0) throw new Error(`${worker} ${PATH}: no headlines in ${body.slice(0, 200)}`);
  return { cacheStatus: response.headers.get('cache-status') ?? 'none', bodyBytes: Buffer.byteLength(body) };
}

/**
 * KV reads per request, counted inside the isolate over `requests` sequential GETs: exact, unlike a count taken under
 * load, where requests still in flight when the load stops are counted by the worker but never finish. Also returns
 * what the last of them said about caching, and its size.
 */
export async function countKvReads(edge: EdgeServer, worker: string, requests: number) {
  await edge.resetKvReads(worker);
  let last = { cacheStatus: '', bodyBytes: 0 };
  for (let i = 0; i < requests; i += 1) last = await probe(edge, worker);
  const counted = await edge.kvReads(worker);
  if (counted.requests !== requests) throw new Error(`${worker}: counted ${counted.requests} requests, sent ${requests}`);
  return { readsPerRequest: counted.reads / requests, ...last };
}

export interface Sample {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  reads: number;
  requests: number;
}

/** A measured load run with the worker's own KV read count for exactly that run. */
export async function measure(edge: EdgeServer, worker: string, seconds: number, connections: number): Promise<Sample> {
  await edge.resetKvReads(worker);
  const result = await load(new URL(PATH, edge.url(worker)).href, { seconds, connections });
  const counted = await edge.kvReads(worker);
  if (counted.envs !== 1) throw new Error(`${worker}: saw ${counted.envs} env objects; its per-env caches were rebuilt`);
  if (counted.requests < result.requests) throw new Error(`${worker}: answered ${counted.requests} requests, autocannon counted ${result.requests}`);
  return { rps: result.rps, p50Ms: result.p50Ms, p99Ms: result.p99Ms, reads: counted.reads, requests: counted.requests };
}

export async function measureEdgeThroughput(
  workerModule: string,
  entries: readonly KvEntry[],
  settings: EdgeSettings,
  log: (line: string) => void,
): Promise<EdgeThroughput> {
  const variants = await edgeVariants(workerModule, entries, 'articles');
  const edge = await startEdge(variants.map((v) => v.worker), wranglerSettings().compatibilityDate);
  try {
    await edge.seed('constant', entries);
    for (const { worker } of variants) {
      // The first request fills the warm worker's cache; the warm-up then runs every worker hot.
      await probe(edge, worker.name);
      await load(new URL(PATH, edge.url(worker.name)).href, { seconds: settings.warmupSeconds, connections: settings.connections });
    }
    const samples = new Map<string, Sample[]>(variants.map((v) => [v.worker.name, []]));
    for (let rep = 1; rep <= settings.repetitions; rep += 1) {
      for (const { worker } of variants) {
        const sample = await measure(edge, worker.name, settings.seconds, settings.connections);
        samples.get(worker.name)!.push(sample);
        log(`  edge rep ${rep} ${worker.name}: ${Math.round(sample.rps)} req/s, p50 ${sample.p50Ms.toFixed(2)} ms, p99 ${sample.p99Ms.toFixed(2)} ms`);
      }
    }
    const counts = new Map<string, Awaited<ReturnType<typeof countKvReads>>>();
    for (const { worker } of variants) counts.set(worker.name, await countKvReads(edge, worker.name, KV_COUNT_REQUESTS));
    if (edge.errors().length > 0) throw new Error(`the workers logged faults during the run:\n${edge.errors().slice(0, 5).join('\n')}`);
    const constant = samples.get('constant')!;
    return {
      settings: { ...settings, path: PATH },
      variants: variants.map(({ label, worker }) => {
        const runs = samples.get(worker.name)!;
        const what = `edge ${worker.name}`;
        const reads = runs.reduce((sum, s) => sum + s.reads, 0);
        const requests = runs.reduce((sum, s) => sum + s.requests, 0);
        return {
          name: worker.name,
          label,
          rps: summarize(runs.map((s) => s.rps), `${what} req/s`),
          p50Ms: summarize(runs.map((s) => s.p50Ms), `${what} p50`),
          p99Ms: summarize(runs.map((s) => s.p99Ms), `${what} p99`),
          rpsVsConstant: summarize(runs.map((s, i) => ratio(s.rps, constant[i]!.rps, `${what} req/s vs constant`)), `${what} req/s vs constant`),
          kvReadsPerRequest: counts.get(worker.name)!.readsPerRequest,
          underLoad: { reads, requests },
          cacheStatus: counts.get(worker.name)!.cacheStatus,
          bodyBytes: counts.get(worker.name)!.bodyBytes,
        };
      }),
    };
  } finally {
    await edge.dispose();
  }
}
