/**
 * The KV namespace a push writes to, the one module of the content tools that talks to it. Local: the namespace
 * `wrangler dev` and `npm start` use (under `.wrangler/state` or `--persist-to`), opened in this process through
 * wrangler's `getPlatformProxy` (one Miniflare start, about 0.5 s, instead of one wrangler run per command).
 * Remote: the deployed namespace, through wrangler's kv bulk commands (one run each, whatever the number of keys).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getPlatformProxy } from 'wrangler';
import { KV_BINDING, PROJECT_ROOT, WRANGLER_CONFIG } from '../project-config.ts';
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
  close(): Promise<void>;
}

/** The part of a Workers KV binding used here (content/ is typed for Node, not for workers). */
interface KvBinding {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options: { metadata: unknown }): Promise<void>;
  delete(key: string): Promise<void>;
  list(options: { prefix: string; cursor?: string }): Promise<{ keys: Array<{ name: string; metadata?: unknown }>; list_complete: boolean; cursor?: string }>;
}

/** Writes and deletes per round in the local namespace: enough to keep it busy, few enough to bound memory. */
const LOCAL_BATCH = 200;

export async function openLocal(persistTo?: string): Promise<KvTarget> {
  const folder = resolve(persistTo ?? join(PROJECT_ROOT, '.wrangler/state'));
  const proxy = await getPlatformProxy<Record<string, KvBinding>>({ configPath: WRANGLER_CONFIG, persist: { path: join(folder, 'v3') } });
  const kv = proxy.env[KV_BINDING]!;
  const batches = async <T>(items: readonly T[], work: (item: T) => Promise<unknown>) => {
    for (let start = 0; start < items.length; start += LOCAL_BATCH) await Promise.all(items.slice(start, start + LOCAL_BATCH).map(work));
  };
  return {
    description: `local:${folder}`,
    async getMany(keys) {
      const found = new Map<string, string | null>();
      await batches(keys, async (key) => found.set(key, await kv.get(key)));
      return found;
    },
    put: (entries) => batches(entries, (e) => kv.put(e.key, e.value, { metadata: e.metadata })),
    delete: (keys) => batches(keys, (key) => kv.delete(key)),
    async list(prefix) {
      const keys: Array<{ name: string; hash: string | undefined }> = [];
      let cursor: string | undefined;
      do {
        const page = await kv.list({ prefix, ...(cursor !== undefined && { cursor }) });
        for (const key of page.keys) keys.push({ name: key.name, hash: (key.metadata as { hash?: string } | undefined)?.hash });
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor !== undefined);
      return keys;
    },
    close: () => proxy.dispose(),
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
