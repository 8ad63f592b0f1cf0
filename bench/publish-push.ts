/**
 * One `content:push --local` as the command runs it (build, then push), on a folder of the bench's choosing: the
 * command itself always works on content/articles/. Changed files are found as the command finds them (`auto`).
 * Run as its own process by bench/publish.ts, which times it and samples its memory.
 * Usage: node --experimental-strip-types bench/publish-push.ts ARTICLES BUILD KV_STATE [SEED_KEEP]
 *
 * SEED_KEEP (the million's first push only): the local KV takes about 1.7 ms per record here, so a first push
 * writing two million records would take an hour. Instead the namespace is seeded with what such a push leaves
 * that a publish reads: the manifest (every article, its hash, section and time, in its 256 shards, from the build
 * cache) and the article records of the newest SEED_KEEP articles (the lists and their reserve hold no others).
 * Then the push itself runs as a first push from this machine: it compares every article with the manifest
 * (all found stored), and writes the lists and their reserve from it.
 */
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { buildContent, hashOf, readArticle } from '../content/build/build-content.ts';
import { openLocal } from '../content/push/kv-target.ts';
import { pushContent, shardOf } from '../content/push/push-content.ts';
import { articleKey, canonicalKeyOfDigest, manifestShardKey } from '../content/records.ts';

const [articlesDir, outDir, persistTo, seedKeep] = process.argv.slice(2);
if (!articlesDir || !outDir || !persistTo) throw new Error('usage: publish-push.ts ARTICLES BUILD KV_STATE [SEED_KEEP]');
const build = await buildContent({ articlesDir, outDir, progressEvery: Number.MAX_SAFE_INTEGER, keys: false, find: 'auto' });
if (!build.ok) throw new Error(`build failed: ${JSON.stringify(build.problems.slice(0, 3))}`);
if (seedKeep !== undefined) await seed(Number(seedKeep));
const report = await pushContent(build, { target: 'local', persistTo });
console.log(JSON.stringify({ ...report, articles: build.manifest.articles, changed: build.changes.changed.length, how: build.changes.how }));

async function seed(keep: number): Promise<void> {
  if (!build.ok) return;
  const shards = new Map<number, Record<string, [string, string, string, number]>>();
  const newest: Array<{ slug: string; at: number; file: string; canonicalDigest: string; canonicalHash: string; articleHash: string }> = [];
  for (const batch of build.articles.batches(10_000)) {
    for (const row of batch) {
      const n = shardOf(row.slug);
      if (!shards.has(n)) shards.set(n, {});
      shards.get(n)![row.slug] = [row.articleHash, row.canonicalDigest, row.section, row.at];
      newest.push(row);
      if (newest.length > keep * 2) newest.sort((a, b) => b.at - a.at).splice(keep);
    }
  }
  newest.sort((a, b) => b.at - a.at).splice(keep);
  const kv = await openLocal(persistTo);
  try {
    await kv.put([...shards].map(([n, shard]) => {
      const value = JSON.stringify(shard);
      return { key: manifestShardKey(n), value, metadata: { hash: hashOf(value) } };
    }));
    const records = [];
    for (const row of newest) {
      const file = join(articlesDir!, row.file);
      const article = readArticle(await readFile(file, 'utf8'), file, row.file, [])!;
      records.push({ key: articleKey(row.slug), value: JSON.stringify(article), metadata: { hash: row.articleHash } });
      records.push({ key: canonicalKeyOfDigest(row.canonicalDigest), value: JSON.stringify({ slug: row.slug }), metadata: { hash: row.canonicalHash } });
    }
    await kv.put(records);
  } finally {
    await kv.close();
  }
}
