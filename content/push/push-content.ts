/**
 * Makes a KV namespace hold exactly the built records: writes new and changed ones with wrangler's bulk
 * put (articles before the lists that point to them), then deletes keys of articles that no longer exist.
 * Each record carries the hash of its value as metadata, so unchanged records are not written again.
 * (Remote listings can lag a write by up to a minute; `rewriteAll` writes everything regardless.)
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KEY_PREFIX } from '../records.ts';
import { KV_BINDING } from '../project-config.ts';
import { type BuildManifest, type KvEntry } from '../build/build-content.ts';
import { wrangler } from '../wrangler-cli.ts';

export interface PushOptions {
  /** `local`: the KV that `wrangler dev` and `npm start` use; `remote`: the deployed namespace. */
  target: 'local' | 'remote';
  /** Local persistence folder (wrangler's `--persist-to`); default `.wrangler/state`. */
  persistTo?: string;
  /** Write every record, even those whose hash says unchanged. Default false. */
  rewriteAll?: boolean;
  /** Allow a push with no articles to delete every stored article. Default false. */
  allowEmpty?: boolean;
  /** Progress lines. */
  log?: (line: string) => void;
}

export class PushRefused extends Error {}

export interface PushReport {
  written: number;
  unchanged: number;
  deleted: number;
}

export async function pushContent(buildDir: string, manifest: BuildManifest, options: PushOptions): Promise<PushReport> {
  const log = options.log ?? (() => {});
  const target = [`--binding`, KV_BINDING, `--${options.target}`, ...(options.persistTo ? ['--persist-to', options.persistTo] : [])];
  const stored = await listStored(target);
  if (manifest.articles === 0 && stored.size > 0 && !options.allowEmpty) {
    throw new PushRefused(`content/articles/ is empty: pushing it would delete all ${stored.size} stored records (allow with --allow-empty)`);
  }
  const report: PushReport = { written: 0, unchanged: 0, deleted: 0 };
  const scratch = await mkdtemp(join(tmpdir(), 'khabar-push-'));
  try {
    for (const name of manifest.files) {
      const entries = JSON.parse(await readFile(join(buildDir, name), 'utf8')) as KvEntry[];
      const changed = options.rewriteAll ? entries : entries.filter((entry) => stored.get(entry.key) !== entry.metadata.hash);
      report.unchanged += entries.length - changed.length;
      if (changed.length === 0) continue;
      const file = join(scratch, name);
      await writeFile(file, JSON.stringify(changed));
      await wrangler(['kv', 'bulk', 'put', file, ...target]);
      report.written += changed.length;
      log(`  wrote ${report.written} record(s)`);
    }
    const stale = [...stored.keys()].filter((key) => !(key in manifest.keys));
    if (stale.length > 0) {
      const file = join(scratch, 'stale.json');
      await writeFile(file, JSON.stringify(stale));
      await wrangler(['kv', 'bulk', 'delete', file, ...target, '--force']);
      report.deleted = stale.length;
      log(`  deleted ${stale.length} stale record(s)`);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return report;
}

/** Every key under this layout's prefix, with the hash it was written with (none for foreign writes). */
async function listStored(target: string[]): Promise<Map<string, string | undefined>> {
  const { stdout } = await wrangler(['kv', 'key', 'list', '--prefix', KEY_PREFIX, ...target]);
  const keys = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ name: string; metadata?: { hash?: string } }>;
  return new Map(keys.map((k) => [k.name, k.metadata?.hash]));
}
