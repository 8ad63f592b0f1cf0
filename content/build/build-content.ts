/**
 * Validates the article files and writes the KV records as wrangler bulk-put files: per article its record and
 * its canonical-URL index entry, plus the precomputed headline lists and the section index.
 *
 * Incremental: a cache of the last successful build (build-cache.ts) says which files changed (size, modification
 * time, then text), so only those are read and validated, and only their records are written to the bulk files.
 * The lists are recomputed from the cache's rows (slug, section, time), not from the files; a headline is taken from
 * the article just parsed, else from the previous lists, else (an older article moving up into a list after a
 * deletion) from its file. The manifest names every record with its hash, changed or not: the result is exactly a
 * full build's (test/content/incremental-build.test.ts compares them on random edits).
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { ArticleFileError, parseArticleFile } from '../article-file.ts';
import { HEADLINES_MAX, articleKey, canonicalForm, canonicalKeyOfDigest, headlinesKey, sectionsKey } from '../records.ts';
import { type Headline, type HeadlineList, type ReadArticle, ArticleInput, describeIssues, latestChange, toHeadline } from '../schema.ts';
import { olderBreaking } from './breaking-lists.ts';
import { type BuildCache, type CachedArticle, codeFingerprint, loadCache, saveCache } from './build-cache.ts';
import { addPending } from '../push/pending.ts';
import { ALL, NewestLists } from './newest-lists.ts';

/** One entry of a `wrangler kv bulk put` file. */
export interface KvEntry {
  key: string;
  value: string;
  metadata: { hash: string };
}

/** What the build wrote: the bulk files in push order, and every key with the hash of its value. */
export interface BuildManifest {
  /** Bulk-put files, relative to the build folder: articles first, lists last. An incremental build writes only
   * the records of articles that changed since the previous build, and every list. */
  files: string[];
  /** key → hash of its value, for every record of the content, changed or not (empty when `keys: false`). */
  keys: Record<string, string>;
  articles: number;
  lists: number;
}

/** How the content moved since the previous build (everything is "changed" in a build without a cache). */
export interface ContentChanges {
  /** Slugs whose records were written: new or edited articles. */
  changed: string[];
  /** Slugs whose files are gone. */
  removed: string[];
  /** True when no cache was used: every file was read. */
  full: boolean;
}

export interface FileProblem {
  file: string;
  /** Dot path of the offending field; empty for the whole file. */
  path: string;
  message: string;
}

/** Written beside the bulk files, for people and tools to see what the build produced. */
const MANIFEST_FILE = 'manifest.json';

export type BuildResult =
  | {
      ok: true;
      outDir: string;
      manifest: BuildManifest;
      changes: ContentChanges;
      articles: readonly CachedArticle[];
      articlesDir: string;
      cacheDir: string;
      /** When this build started, ms: later builds' changes are newer than what it read. */
      startedAt: number;
    }
  | { ok: false; problems: FileProblem[] };

export interface BuildOptions {
  articlesDir: string;
  /** Replaced as a whole when the build succeeds; left untouched when it fails. */
  outDir: string;
  /** The build cache's folder. Default: `<outDir>-cache`. */
  cacheDir?: string;
  /** Read and validate every file, whatever the cache says (the cache is rewritten). Default false. */
  full?: boolean;
  /** Called every `progressEvery` files read and once at the end. */
  onProgress?: (done: number, total: number) => void;
  /** Default 1000. */
  progressEvery?: number;
  /** Records per bulk-put file. Default 5000. */
  chunkSize?: number;
  /** Name every record in the manifest. Default true; the push does without (two entries per article in memory). */
  keys?: boolean;
}

/** Article files read ahead of the one being validated. */
const READ_AHEAD = 32;

/** UTF-8 bytes of values per bulk-put file, so wrangler never holds more than this in memory at once. */
const CHUNK_BYTES = 50_000_000;

/**
 * A file modified this close to (or after) the start of the build that cached it may have changed again within the
 * same clock tick, unseen by its size and time (git's "racy clean" case): it is read again.
 */
const RACY_MS = 2_000;

export function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function defaultCacheDir(outDir: string): string {
  return `${outDir}-cache`;
}

export type BuiltContent = BuildResult & { ok: true };

export async function buildContent(options: BuildOptions): Promise<BuildResult> {
  const { articlesDir, outDir, onProgress, progressEvery = 1000, chunkSize = 5000 } = options;
  const cacheDir = options.cacheDir ?? defaultCacheDir(outDir);
  const startedAt = Date.now();
  const fingerprint = await codeFingerprint();
  const cache = options.full ? undefined : await loadCache(cacheDir, fingerprint);
  const cached = new Map((cache?.articles ?? []).map((a) => [a.file, a]));
  const names = (await readdir(articlesDir)).filter((name) => name.endsWith('.md')).sort();

  // Which files to read: new ones, and those whose size or time moved (or that were racy when cached).
  const rows = new Map<string, CachedArticle>();
  const toRead: Array<{ name: string; size: number; mtimeMs: number }> = [];
  // Synchronous: one stat per file is the one cost here that grows with the archive, and Node's sync stat is about
  // a third cheaper than awaiting the thread pool's (measured: 100,000 files, 0.23 s against 0.36 s).
  for (const name of names) {
    const info = statSync(join(articlesDir, name));
    const known = cached.get(name);
    if (known && known.size === info.size && known.mtimeMs === info.mtimeMs && info.mtimeMs < cache!.startedAt - RACY_MS) rows.set(name, known);
    else toRead.push({ name, size: info.size, mtimeMs: info.mtimeMs });
  }
  toRead.sort((a, b) => (a.name < b.name ? -1 : 1));

  const problems: FileProblem[] = [];
  const manifest: BuildManifest = { files: [], keys: {}, articles: 0, lists: 0 };
  const tmpDir = `${outDir}.tmp`;
  await rm(tmpDir, { recursive: true, force: true });
  await mkdir(tmpDir, { recursive: true });
  const flush = async (name: string, entries: KvEntry[]) => {
    if (entries.length === 0) return;
    await writeFile(join(tmpDir, name), JSON.stringify(entries));
    manifest.files.push(name);
  };
  // Records of the changed articles are written as they are read (in file order, each followed by its
  // canonical-URL record), so a first build of a large archive holds one chunk, not every article.
  let chunk: KvEntry[] = [];
  let chunkBytes = 0;
  const flushArticles = async () => {
    await flush(`articles-${String(manifest.files.length).padStart(4, '0')}.json`, chunk);
    chunk = [];
    chunkBytes = 0;
  };
  const changed = new Set<string>(); // slugs of the files read and found changed
  // The newest changed articles of each list with their headlines: a changed article in a final list is among them.
  const changedNewest = new NewestLists<CachedArticle & { headline: Headline }>(HEADLINES_MAX);
  const texts = new Map<number, Promise<string>>();
  const readAhead = (index: number) => {
    for (let next = index; next < Math.min(toRead.length, index + READ_AHEAD); next += 1) {
      if (texts.has(next)) continue;
      const text = readFile(join(articlesDir, toRead[next]!.name), 'utf8');
      text.catch(() => {}); // a failed read is thrown when its turn comes, not as an unhandled rejection now
      texts.set(next, text);
    }
  };
  for (const [index, { name, size, mtimeMs }] of toRead.entries()) {
    readAhead(index);
    const text = await texts.get(index)!;
    texts.delete(index);
    const textHash = hashOf(text);
    const known = cached.get(name);
    if (known && known.textHash === textHash) {
      rows.set(name, { ...known, size, mtimeMs }); // touched, not changed
    } else {
      const read = readArticle(text, join(articlesDir, name), name, problems);
      // A takedown is built as a deleted file: no records, no list entries, its URL free for another article.
      const article = read?.withdrawn ? undefined : read;
      if (article) {
        const canonicalDigest = createHash('sha256').update(canonicalForm(article.url)).digest('hex');
        const value = JSON.stringify(article);
        const row: CachedArticle = {
          file: name, size, mtimeMs, textHash, slug: article.slug, section: article.section, at: Date.parse(article.publishedAt),
          articleHash: hashOf(value), canonicalDigest, canonicalHash: hashOf(JSON.stringify({ slug: article.slug })),
          ...(article.breakingUntil !== undefined && { breakingUntil: Date.parse(article.breakingUntil) }),
        };
        rows.set(name, row);
        changed.add(article.slug);
        changedNewest.add(row.section, { ...row, headline: toHeadline(article) });
        if (problems.length === 0) {
          chunk.push({ key: articleKey(row.slug), value, metadata: { hash: row.articleHash } });
          chunk.push({ key: canonicalKeyOfDigest(canonicalDigest), value: JSON.stringify({ slug: row.slug }), metadata: { hash: row.canonicalHash } });
          chunkBytes += Buffer.byteLength(value);
          if (chunk.length >= chunkSize || chunkBytes >= CHUNK_BYTES) await flushArticles();
        }
      }
    }
    if ((index + 1) % progressEvery === 0) onProgress?.(index + 1, toRead.length);
  }
  if (toRead.length % progressEvery !== 0 || toRead.length === 0) onProgress?.(toRead.length, toRead.length);

  // Two articles with one URL would fight over its index record: the later file (by name) is refused. Only
  // files just read can be new claimants; unchanged ones were checked when they were read.
  const claims = new Map<string, string[]>();
  for (const slug of changed) {
    const digest = rows.get(`${slug}.md`)!.canonicalDigest;
    claims.set(digest, [...(claims.get(digest) ?? []), `${slug}.md`]);
  }
  if (claims.size > 0) {
    for (const row of rows.values()) if (!changed.has(row.slug) && claims.has(row.canonicalDigest)) claims.get(row.canonicalDigest)!.push(row.file);
    for (const owners of claims.values()) {
      owners.sort();
      for (const name of owners.slice(1)) {
        problems.push({ file: join(articlesDir, name), path: 'url', message: `is already the URL of ${owners[0]}: each article needs its own` });
      }
    }
  }
  if (problems.length > 0) {
    await rm(tmpDir, { recursive: true, force: true });
    problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)); // stable: a file's own order kept
    return { ok: false, problems };
  }

  const articles = names.filter((name) => rows.has(name)).map((name) => rows.get(name)!); // withdrawn files have no row
  const removed = [...cached.keys()].filter((name) => !rows.has(name)).map((name) => cached.get(name)!.slug);
  await flushArticles();
  manifest.articles = articles.length;
  if (options.keys ?? true) {
    for (const row of articles) {
      manifest.keys[articleKey(row.slug)] = row.articleHash;
      manifest.keys[canonicalKeyOfDigest(row.canonicalDigest)] = row.canonicalHash;
    }
  }

  const changedHeadlines = new Map<string, Headline>();
  for (const list of [ALL, ...changedNewest.sections()]) for (const item of changedNewest.items(list)) changedHeadlines.set(item.slug, item.headline);
  const lists = await headlineLists(articles, changed, changedHeadlines, cache, articlesDir);
  const listEntries: KvEntry[] = [];
  const add = (key: string, value: unknown) => {
    const text = JSON.stringify(value);
    listEntries.push({ key, value: text, metadata: { hash: hashOf(text) } });
    manifest.keys[key] = hashOf(text);
  };
  for (const [key, list] of lists.records) add(key, list);
  manifest.lists = listEntries.length;
  add(...lists.sectionIndex);
  await flush('lists.json', listEntries);
  await writeFile(join(tmpDir, MANIFEST_FILE), JSON.stringify(manifest));

  await rm(outDir, { recursive: true, force: true });
  await rename(tmpDir, outDir);
  const changes: ContentChanges = { changed: [...changed], removed, full: cache === undefined };
  // Pending first: a build stopped before the cache is saved finds the same changes again, none is lost.
  await addPending(cacheDir, [...changes.changed, ...changes.removed], startedAt);
  await saveCache(cacheDir, fingerprint, { startedAt, articles, lists: Object.fromEntries(lists.records) });
  return { ok: true, outDir, manifest, changes, articles, articlesDir, cacheDir, startedAt };
}

/** The lists, all-sections first then sections by name, and the section index, as a full build makes them. */
async function headlineLists(
  articles: readonly CachedArticle[],
  changed: ReadonlySet<string>,
  changedHeadlines: ReadonlyMap<string, Headline>,
  cache: BuildCache | undefined,
  articlesDir: string,
): Promise<{ records: Array<[string, HeadlineList]>; sectionIndex: [string, unknown] }> {
  const newest = new NewestLists<CachedArticle>(HEADLINES_MAX);
  const breaking = new Map<string, Array<CachedArticle & { until: number }>>(); // by list
  for (const row of articles) {
    newest.add(row.section, row);
    if (row.breakingUntil === undefined) continue;
    for (const list of [ALL, row.section]) {
      if (!breaking.has(list)) breaking.set(list, []);
      breaking.get(list)!.push({ ...row, until: row.breakingUntil });
    }
  }
  const previous = new Map<string, Headline>();
  for (const list of Object.values(cache?.lists ?? {})) for (const item of list.items) previous.set(item.slug, item);

  const headlineOf = async (row: CachedArticle): Promise<Headline> => {
    const fresh = changedHeadlines.get(row.slug);
    if (fresh) return fresh;
    const known = changed.has(row.slug) ? undefined : previous.get(row.slug);
    if (known) return known;
    // An article not in any list before, moving up after a deletion: its file was valid when cached.
    const file = join(articlesDir, row.file);
    const again = readArticle(await readFile(file, 'utf8'), file, row.file, []);
    if (!again) throw new Error(`${file} changed while the build ran: build again`);
    return toHeadline(again);
  };
  const toList = async (rows: readonly CachedArticle[]): Promise<HeadlineList> => {
    const items: Headline[] = [];
    for (const row of rows) items.push(await headlineOf(row));
    return { items, updatedAt: latestChange(items) };
  };
  // A list's newest, then its older breaking stories (breaking-lists.ts).
  const listOf = (list: string) => toList([...newest.items(list), ...olderBreaking(newest.items(list), breaking.get(list) ?? [])]);
  const records: Array<[string, HeadlineList]> = [[headlinesKey(), await listOf(ALL)]];
  for (const section of newest.sections()) records.push([headlinesKey(section), await listOf(section)]);
  const sections = { sections: newest.sections().map((name) => ({ name, count: newest.count(name) })) };
  return { records, sectionIndex: [sectionsKey(), sections] };
}

export function readArticle(text: string, file: string, name: string, problems: FileProblem[]): ReadArticle | undefined {
  let fields: Record<string, unknown>;
  try {
    fields = parseArticleFile(text);
  } catch (error) {
    if (!(error instanceof ArticleFileError)) throw error;
    problems.push({ file, path: '', message: error.message });
    return undefined;
  }
  const result = v.safeParse(ArticleInput, fields);
  if (!result.success) {
    for (const problem of describeIssues(result.issues)) problems.push({ file, ...problem });
    return undefined;
  }
  const expected = `${result.output.slug}.md`;
  if (name !== expected) {
    problems.push({ file, path: 'slug', message: `must match the file name: this file should be named ${expected}` });
    return undefined;
  }
  return result.output;
}
