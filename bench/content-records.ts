/**
 * KV records from the real content build (content/build/build-content.ts), read back from its bulk-put files: what
 * `npm run content:push` would write, for the benchmark to load into Miniflare's KV.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BuildManifest, type KvEntry, buildContent } from '../content/build/build-content.ts';

export interface BuiltContent {
  entries: KvEntry[];
  manifest: BuildManifest;
  /** Wall-clock seconds of `buildContent` alone (validation and record writing, no reading back). */
  buildSeconds: number;
}

export async function buildRecords(articlesDir: string): Promise<BuiltContent> {
  const outDir = await mkdtemp(join(tmpdir(), 'khabar-bench-kv-'));
  try {
    const started = performance.now();
    const result = await buildContent({ articlesDir, outDir: join(outDir, 'kv'), progressEvery: Number.MAX_SAFE_INTEGER });
    const buildSeconds = (performance.now() - started) / 1000;
    if (!result.ok) {
      const first = result.problems.slice(0, 3).map((p) => `${p.file}: ${p.path}: ${p.message}`);
      throw new Error(`content build of ${articlesDir} failed:\n${first.join('\n')}`);
    }
    const entries: KvEntry[] = [];
    for (const file of result.manifest.files) {
      entries.push(...(JSON.parse(await readFile(join(result.outDir, file), 'utf8')) as KvEntry[]));
    }
    // Every key the manifest names, once: articles, their canonical-URL index, lists and the section index.
    if (entries.length !== Object.keys(result.manifest.keys).length) throw new Error(`content build of ${articlesDir}: records do not match its manifest`);
    return { entries, manifest: result.manifest, buildSeconds };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
