/**
 * Workers on local workerd through Miniflare's programmatic API, each on a direct socket into the worker: Miniflare's
 * entry worker capped a constant worker near 4,700 req/s on this kind of machine, and wrangler's dev proxy near 550,
 * far below workerd's own rate. Each worker is wrapped by bench/fixtures/workers/kv-counter.ts, which counts its KV
 * reads.
 */
import { readFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { build, transform } from 'esbuild';
import { Miniflare } from 'miniflare';
import { unstable_readConfig } from 'wrangler';
import { ROOT } from './machine.ts';

export interface BenchWorker {
  name: string;
  /** The worker's ES module (default export with `fetch`). */
  module: string;
  /**
   * Plain-text bindings: wrangler.toml [vars] for the real worker, a body for the constant one. A `PUBLIC_ORIGINS`
   * among them is replaced by the worker's own direct socket and the origins in `alsoServes`.
   */
  text?: Record<string, string>;
  /** Origins of proxies in front of the worker that pass the client's Host on (the partner site's edge). */
  alsoServes?: readonly string[];
  /** KV namespace id behind `ARTICLES`; workers given the same id share one store. */
  kv: string;
  /** The Workers Cache API; off, `caches.default` stores nothing, as on *.workers.dev. Default on. */
  cacheApi?: boolean;
}

export interface KvReads {
  reads: number;
  requests: number;
  /** Env objects the wrapper saw; more than 1 would mean per-env caches were rebuilt. */
  envs: number;
}

export interface EdgeServer {
  /** Origin of a worker's direct socket. */
  url(worker: string): URL;
  kvReads(worker: string): Promise<KvReads>;
  resetKvReads(worker: string): Promise<void>;
  /** Writes records into a worker's KV from inside workerd. */
  seed(worker: string, entries: ReadonlyArray<{ key: string; value: string; metadata?: unknown }>): Promise<void>;
  /** Log lines at level error the workers wrote (faults would make figures meaningless). */
  errors(): string[];
  dispose(): Promise<void>;
}

/** The real worker's settings, read through wrangler's own parser as the content tools do. */
export function wranglerSettings(): { compatibilityDate: string; vars: Record<string, string> } {
  const config = unstable_readConfig({ config: join(ROOT, 'wrangler.toml') });
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.vars)) {
    if (typeof value !== 'string') throw new Error(`wrangler.toml [vars] ${name} is not a string`);
    vars[name] = value;
  }
  if (!config.compatibility_date) throw new Error('wrangler.toml has no compatibility_date');
  return { compatibilityDate: config.compatibility_date, vars };
}

/** The benchmark must run the workerd that `wrangler dev` runs: the miniflare wrangler pins, not npm's latest. */
export async function checkMiniflarePin(): Promise<string> {
  const read = async (path: string) => JSON.parse(await readFile(join(ROOT, 'node_modules', path), 'utf8')) as Record<string, unknown>;
  const wrangler = (await read('wrangler/package.json'))['dependencies'] as Record<string, string>;
  const miniflare = (await read('miniflare/package.json'))['version'] as string;
  if (wrangler['miniflare'] !== miniflare) {
    throw new Error(`miniflare ${miniflare} is installed but wrangler depends on ${wrangler['miniflare']}: pin devDependencies.miniflare to it`);
  }
  return miniflare;
}

/** Bundles a worker entry (a baseline fixture) the way wrangler would: one ES module for workerd. */
export async function bundleWorker(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    write: false,
  });
  return result.outputFiles[0]!.text;
}

async function harnessModule(): Promise<string> {
  const source = await readFile(join(ROOT, 'bench/fixtures/workers/kv-counter.ts'), 'utf8');
  return (await transform(source, { loader: 'ts', format: 'esm', target: 'es2022' })).code;
}

export async function startEdge(workers: readonly BenchWorker[], compatibilityDate: string): Promise<EdgeServer> {
  await checkMiniflarePin();
  const harness = await harnessModule();
  const errors: string[] = [];
  // Ports chosen up front, so each real worker can be told the origin it answers at (it refuses any other).
  const ports = await Promise.all(workers.map(() => freePort()));
  const textOf = (worker: BenchWorker, port: number): Record<string, string> => {
    const text = { ...worker.text };
    // Its own socket's origin, and any the caller names (a proxy in front of it that keeps the client's Host).
    if (text['PUBLIC_ORIGINS'] !== undefined) text['PUBLIC_ORIGINS'] = [`http://127.0.0.1:${port}`, ...(worker.alsoServes ?? [])].join(' ');
    return text;
  };
  const mf = new Miniflare({
    cf: false,
    logRequests: false,
    enableDevRegistry: false,
    // Only faults reach here (kv-counter.ts drops console.log); any of them fails the benchmark.
    handleStructuredLogs: (log) => {
      if (log.level === 'error' || /"level":"error"/.test(log.message)) errors.push(log.message);
    },
    workers: workers.map((worker, index) => ({
      config: {
        name: worker.name,
        compatibilityDate,
        manifest: {
          mainModule: 'kv-counter.mjs',
          modules: {
            'kv-counter.mjs': { type: 'esm' as const, contents: harness },
            'app.mjs': { type: 'esm' as const, contents: worker.module },
          },
        },
        env: {
          ARTICLES: { type: 'kv' as const, id: worker.kv },
          ...Object.fromEntries(Object.entries(textOf(worker, ports[index]!)).map(([name, value]) => [name, { type: 'text' as const, value }])),
        },
      },
      dev: { unsafeDirectSockets: [{ host: '127.0.0.1', port: ports[index]! }], cacheAPI: worker.cacheApi ?? true },
    })),
  });
  await mf.ready;
  const urls = new Map<string, URL>();
  for (const worker of workers) urls.set(worker.name, await mf.unsafeGetDirectURL(worker.name));

  const url = (worker: string): URL => {
    const found = urls.get(worker);
    if (!found) throw new Error(`no benchmarked worker named ${worker}`);
    return found;
  };
  const call = async (worker: string, path: string, init?: RequestInit): Promise<unknown> => {
    const response = await fetch(new URL(path, url(worker)), init);
    if (!response.ok) throw new Error(`${worker} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  return {
    url,
    kvReads: async (worker) => (await call(worker, '/__bench/kv-reads')) as KvReads,
    resetKvReads: async (worker) => void (await call(worker, '/__bench/kv-reads', { method: 'POST' })),
    seed: async (worker, entries) => {
      // A few thousand records a request keeps each body small; workerd writes ~1000 at a time.
      for (let i = 0; i < entries.length; i += 5000) {
        await call(worker, '/__bench/kv-put', { method: 'POST', body: JSON.stringify(entries.slice(i, i + 5000)) });
      }
    },
    errors: () => errors,
    dispose: () => mf.dispose(),
  };
}

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
