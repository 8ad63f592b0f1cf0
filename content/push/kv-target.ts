/**
 * The KV namespace a push writes to, the one module of the content tools that talks to it. Local: the namespace
 * `wrangler dev` and `npm start` use (under `.wrangler/state` or `--persist-to`), opened in this process with the
 * Miniflare wrangler itself runs (one start, instead of one wrangler run per command).
 * Remote: the deployed namespace, through wrangler's kv bulk commands (one run each, whatever the number of keys).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Miniflare, convertV4MiniflareOptions } from 'miniflare';
import { KV_BINDING, PROJECT_ROOT, WRANGLER_CONFIG, kvNamespaceConfig } from '../project-config.ts';
import { wrangler } from '../wrangler-cli.ts';

/** One record to write: its text and the hash of it, kept as the key's metadata. */
export interface KvWrite {
  key: string;
  value: string;
  metadata: { hash: string };
}

export interface KvTarget {
  /** Names the namespace (`local:<folder>` or `remote:<binding>`): which pending list is this target's. */
  readonly description: string;
  getMany(keys: readonly string[]): Promise<Map<string, string | null>>;
  put(entries: readonly KvWrite[]): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
  /** Every key under the prefix, with the hash it was written with (none for a foreign write). */
  list(prefix: string): Promise<Array<{ name: string; hash: string | undefined }>>;
  /** Local only: deletes these URLs from the local Cache API that `wrangler dev` keeps beside the KV (purge-edge.ts). */
  uncache?(urls: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Runs inside the local workerd: takes a batch of KV operations in one request, so a first push of 100,000
 * articles makes a few hundred requests, not 200,000.
 */
const BULK_WORKER = `
export default {
  async fetch(request, env) {
    const kv = env.KV;
    const { op, items, prefix } = await request.json();
    if (op === 'put') await Promise.all(items.map((e) => kv.put(e.key, e.value, { metadata: e.metadata })));
    if (op === 'delete') await Promise.all(items.map((key) => kv.delete(key)));
    if (op === 'uncache') await Promise.all(items.map((url) => caches.default.delete(new Request(url))));
    if (op === 'get') return Response.json(await Promise.all(items.map((key) => kv.get(key))));
    if (op === 'list') {
      const keys = [];
      let cursor;
      do {
        const page = await kv.list({ prefix, cursor });
        for (const key of page.keys) keys.push([key.name, key.metadata?.hash]);
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor);
      return Response.json(keys);
    }
    return new Response(null, { status: 204 });
  },
};`;

/** Tries of one local operation when the database is busy. */
const LOCAL_ATTEMPTS = 6;

/** Operations per request into the local workerd (KV allows 1,000 per invocation). */
const LOCAL_BATCH = 500;

/**
 * The local namespace as wrangler keeps it (`<persist>/v3/kv`, the namespace named by its id in wrangler.toml), in
 * a Miniflare of its own (about 0.5 s to start).
 */
export async function openLocal(persistTo?: string): Promise<KvTarget> {
  const folder = resolve(persistTo ?? join(PROJECT_ROOT, '.wrangler/state'));
  const { id, compatibilityDate } = kvNamespaceConfig();
  const mf = new Miniflare({
    ...convertV4MiniflareOptions({
      modules: true,
      script: BULK_WORKER,
      compatibilityDate,
      kvNamespaces: { KV: id },
    }),
    // Where wrangler keeps it: <folder>/v3/kv, and the Cache API in <folder>/v3/cache (one store for every worker).
    resourcePersistencePath: join(folder, 'v3'),
  });
  // The local namespace is one SQLite database that wrangler dev or another push may be writing to at the same
  // moment; the simulator then fails the write (500). Every operation here is idempotent: it is tried again.
  const call = async (op: string, items: readonly unknown[], prefix?: string): Promise<unknown> => {
    for (let attempt = 1; ; attempt += 1) {
      const response = await mf.dispatchFetch('http://kv.local/', { method: 'POST', body: JSON.stringify({ op, items, prefix }) });
      if (response.ok) return op === 'get' || op === 'list' ? response.json() : response.arrayBuffer();
      const reason = `local KV ${op} failed: ${response.status} ${await response.text()}`;
      if (attempt === LOCAL_ATTEMPTS) throw new Error(reason);
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt * (0.5 + Math.random())));
    }
  };
  const batches = async <T>(items: readonly T[], work: (batch: readonly T[]) => Promise<unknown>) => {
    for (let start = 0; start < items.length; start += LOCAL_BATCH) await work(items.slice(start, start + LOCAL_BATCH));
  };
  return {
    description: `local:${folder}`,
    async getMany(keys) {
      const found = new Map<string, string | null>();
      await batches(keys, async (batch) => {
        const values = (await call('get', batch)) as Array<string | null>;
        batch.forEach((key, i) => found.set(key, values[i] ?? null));
      });
      return found;
    },
    put: (entries) => batches(entries, (batch) => call('put', batch)),
    delete: (keys) => batches(keys, (batch) => call('delete', batch)),
    async list(prefix) {
      const keys = (await call('list', [], prefix)) as Array<[string, string | undefined]>;
      return keys.map(([name, hash]) => ({ name, hash: hash ?? undefined }));
    },
    uncache: (urls) => batches(urls, (batch) => call('uncache', batch)),
    close: () => mf.dispose(),
  };
}

/** The deployed namespace, through wrangler (its login or CLOUDFLARE_API_TOKEN). */
export async function openRemote(): Promise<KvTarget> {
  const target = ['--binding', KV_BINDING, '--remote'];
  const scratch = await mkdtemp(join(tmpdir(), 'khabar-push-'));
  let files = 0;
  const file = async (content: unknown) => {
    const path = join(scratch, `${(files += 1)}.json`);
    await writeFile(path, JSON.stringify(content));
    return path;
  };
  const json = (stdout: string) => JSON.parse(stdout.slice(Math.min(...['[', '{'].map((c) => stdout.indexOf(c)).filter((i) => i >= 0)))) as unknown;
  return {
    description: `remote:${WRANGLER_CONFIG}:${KV_BINDING}`,
    async getMany(keys) {
      const found = new Map<string, string | null>();
      if (keys.length === 0) return found;
      const { stdout } = await wrangler(['kv', 'bulk', 'get', await file(keys), ...target]);
      const values = json(stdout) as Record<string, { value: unknown } | undefined>;
      for (const key of keys) {
        const value = values[key]?.value;
        found.set(key, value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value));
      }
      return found;
    },
    async put(entries) {
      if (entries.length > 0) await wrangler(['kv', 'bulk', 'put', await file(entries), ...target]);
    },
    async delete(keys) {
      if (keys.length > 0) await wrangler(['kv', 'bulk', 'delete', await file(keys), ...target, '--force']);
    },
    async list(prefix) {
      const { stdout } = await wrangler(['kv', 'key', 'list', '--prefix', prefix, ...target]);
      return (json(stdout) as Array<{ name: string; metadata?: { hash?: string } }>).map((k) => ({ name: k.name, hash: k.metadata?.hash }));
    },
    close: () => rm(scratch, { recursive: true, force: true }),
  };
}
