/**
 * One `content:push --local` as the command runs it (build, then push), on a folder of the bench's choosing: the
 * command itself always works on content/articles/. Changed files are found as the command finds them (`auto`).
 * Run as its own process by bench/publish.ts, which times it and samples its memory.
 * Usage: node --experimental-strip-types bench/publish-push.ts ARTICLES BUILD KV_STATE [SEED_KEEP]
 *
 * SEED_KEEP (the million's first push only): article and canonical-URL records are written for the newest
 * SEED_KEEP synthetic articles alone, everything else as a push writes it (the manifest, the lists and their
 * reserve). Local KV takes about 1.7 ms per record here, so writing two million would take an hour; a publish
 * reads none of those records (only the lease, the reserve and one manifest shard).
 */
import { buildContent } from '../content/build/build-content.ts';
import { type KvTarget, openLocal } from '../content/push/kv-target.ts';
import { pushContent } from '../content/push/push-content.ts';

const [articlesDir, outDir, persistTo, seedKeep] = process.argv.slice(2);
if (!articlesDir || !outDir || !persistTo) throw new Error('usage: publish-push.ts ARTICLES BUILD KV_STATE [SEED_KEEP]');
const build = await buildContent({ articlesDir, outDir, progressEvery: Number.MAX_SAFE_INTEGER, keys: false, find: 'auto' });
if (!build.ok) throw new Error(`build failed: ${JSON.stringify(build.problems.slice(0, 3))}`);
const kv = seedKeep === undefined ? undefined : seeding(await openLocal(persistTo), build.manifest.articles - Number(seedKeep));
const report = await pushContent(build, { target: 'local', persistTo, ...(kv && { kv }) });
console.log(JSON.stringify({ ...report, articles: build.manifest.articles, changed: build.changes.changed.length, how: build.changes.how }));

/** Drops the article and canonical-URL records of synthetic articles older than `below` (bench-article-<i>). */
function seeding(kv: KvTarget, below: number): KvTarget {
  const index = (slug: string) => Number(/^bench-article-(\d+)$/.exec(slug)?.[1] ?? Infinity);
  const kept = (key: string, value: string) => {
    if (key.startsWith('v1:article:')) return index(key.slice('v1:article:'.length)) >= below;
    if (key.startsWith('v1:canonical:')) return index((JSON.parse(value) as { slug: string }).slug) >= below;
    return true;
  };
  return { ...kv, description: kv.description, put: (entries) => kv.put(entries.filter((e) => kept(e.key, e.value))) };
}
