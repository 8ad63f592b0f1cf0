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
import { type HeadlineList, latestChange } from '../content/schema.ts';
import { type BenchWorker, type EdgeServer, bundleWorker, startEdge, wranglerSettings } from './edge-server.ts';
import { load } from './load.ts';
import { ROOT } from './machine.ts';
import { type Summary, ratio, summarize } from './stats.ts';

/** What the embed asks for with its defaults: six headlines. */
export const LIMIT = 6;
export const PATH = `/v1/headlines?limit=${LIMIT}`;
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
  /** Under the saturating load: mostly time spent queued behind other connections (about connections ÷ req/s). */
  p50Ms: Summary;
  p99Ms: Summary;
  /** One connection, one request at a time: a single request's own latency. */
  idleP50Ms: Summary;
  idleP99Ms: Summary;
  /** Per repetition, this variant's req/s over the constant worker's in the same repetition. */
  rpsVsConstant: Summary;
  /** Per repetition, khabar's req/s over the plain Hono handler's in the same repetition. */
  rpsVsPlainHono: Summary;
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

/** The real worker's [vars], with lists fresh for an hour: the warm run can never outlast it. */
function warmVars(vars: Record<string, string>): Record<string, string> {
  return { ...vars, HEADLINES_MAX_AGE: '3600' };
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
  // The constant worker answers the very body the real one sends for PATH.
  const all = JSON.parse(list.value) as HeadlineList;
  const items = all.items.slice(0, LIMIT);
  const body = JSON.stringify({ items, updatedAt: latestChange(items) });
  const fixture = (name: string) => bundleWorker(`${ROOT}bench/fixtures/workers/${name}`);
  return [
    { label: 'constant response (ceiling)', worker: { name: 'constant', module: await fixture('constant.ts'), kv, text: { BODY: body } } },
    { label: 'plain Hono, KV read per request', worker: { name: 'hono-kv', module: await fixture('plain-hono-kv.ts'), kv } },
    { label: 'khabar, warm cache', worker: { name: 'khabar-warm', module: workerModule, kv, text: warmVars(vars) } },
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
  if (!Array.isArray(items) || items.length !== LIMIT) throw new Error(`${worker} ${PATH}: expected ${LIMIT} headlines in ${body.slice(0, 200)}`);
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

/** Seconds of the one-connection run that measures a lone request's latency. */
const IDLE_SECONDS = 0.5;

/**
 * Fails the run when a worker did not take the cache path its row is labelled with: a cold row that hit a cache,
 * or a warm one that read KV, would print another path's figures under the wrong name.
 */
// Under load, requests cut off when the load stops are counted before they read KV: hence 0.95, not 1.
function checkCachePath(name: string, reads: number, underLoad: { reads: number; requests: number }, cacheStatus: string): void {
  const fail = (what: string) => {
    throw new Error(`edge ${name}: ${what} (KV reads/request ${reads}, under load ${underLoad.reads}/${underLoad.requests}, Cache-Status ${cacheStatus})`);
  };
  if (name === 'constant' && reads !== 0) fail('the constant worker read KV');
  if (name === 'hono-kv' && reads !== 1) fail('the plain handler must read KV once a request');
  // The content state (worker/content-state.ts) is re-read from KV once its Cache API copy is 30 s old: one read in
  // thousands of requests under load, none in the sequential count.
  const stateReads = underLoad.reads / Math.max(1, underLoad.requests);
  if (name === 'khabar-warm' && (reads !== 0 || stateReads > 0.001 || !cacheStatus.includes('detail=memory'))) fail('the warm run left the memory tier');
  if (name.startsWith('khabar-cold') && (reads !== 1 || underLoad.reads < 0.95 * underLoad.requests || !/fwd=(miss|stale)/.test(cacheStatus))) {
    fail('the cold run was served from a cache');
  }
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
    const idle = new Map<string, Sample[]>(variants.map((v) => [v.worker.name, []]));
    for (let rep = 1; rep <= settings.repetitions; rep += 1) {
      for (const { worker } of variants) {
        const sample = await measure(edge, worker.name, settings.seconds, settings.connections);
        samples.get(worker.name)!.push(sample);
        const lone = await measure(edge, worker.name, IDLE_SECONDS, 1);
        idle.get(worker.name)!.push(lone);
        log(`  edge rep ${rep} ${worker.name}: ${Math.round(sample.rps)} req/s, p50 ${sample.p50Ms.toFixed(2)} ms loaded, ${lone.p50Ms.toFixed(2)} ms alone`);
      }
    }
    const counts = new Map<string, Awaited<ReturnType<typeof countKvReads>>>();
    for (const { worker } of variants) counts.set(worker.name, await countKvReads(edge, worker.name, KV_COUNT_REQUESTS));
    if (edge.errors().length > 0) throw new Error(`the workers logged faults during the run:\n${edge.errors().slice(0, 5).join('\n')}`);
    const constant = samples.get('constant')!;
    const plain = samples.get('hono-kv')!;
    return {
      settings: { ...settings, path: PATH },
      variants: variants.map(({ label, worker }) => {
        const runs = samples.get(worker.name)!;
        const what = `edge ${worker.name}`;
        const reads = runs.reduce((sum, s) => sum + s.reads, 0);
        const requests = runs.reduce((sum, s) => sum + s.requests, 0);
        const counted = counts.get(worker.name)!;
        checkCachePath(worker.name, counted.readsPerRequest, { reads, requests }, counted.cacheStatus);
        const lone = idle.get(worker.name)!;
        return {
          name: worker.name,
          label,
          rps: summarize(runs.map((s) => s.rps), `${what} req/s`),
          p50Ms: summarize(runs.map((s) => s.p50Ms), `${what} p50`),
          p99Ms: summarize(runs.map((s) => s.p99Ms), `${what} p99`),
          idleP50Ms: summarize(lone.map((s) => s.p50Ms), `${what} p50 alone`),
          idleP99Ms: summarize(lone.map((s) => s.p99Ms), `${what} p99 alone`),
          rpsVsConstant: summarize(runs.map((s, i) => ratio(s.rps, constant[i]!.rps, `${what} req/s vs constant`)), `${what} req/s vs constant`),
          rpsVsPlainHono: summarize(runs.map((s, i) => ratio(s.rps, plain[i]!.rps, `${what} req/s vs plain Hono`)), `${what} req/s vs plain Hono`),
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
