/**
 * Validates the article files and writes the KV records as wrangler bulk-put files: per article its record and
 * its canonical-URL index entry, plus the precomputed headline lists and the section index.
 *
 * Incremental: a cache of the last successful build (build-cache.ts) says which files changed (size, modification
 * time, then text), so only those are read and validated, and only their records are written to the bulk files.
 * Which files to check: every file (a scan), or with `find: 'journal'` only those the change journal names
 * (change-journal.ts), so a publish into a million articles neither lists nor stats the folder. The lists are
 * queried from the cache's indexed rows (slug, section, time; a list's older breaking stories from an index of the
 * breaking rows alone), not from the files; a withdrawn file is built as a deleted one; a headline is taken from the
 * article just parsed, else from the previous lists, else (an older article moving up into a list after a
 * deletion) from its file. The manifest names every record with its hash, changed or not: the result is exactly a
 * full build's (test/content/incremental-build.test.ts compares them on random edits, found both ways).
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as v from 'valibot';
import { ArticleFileError, parseArticleFile } from '../article-file.ts';
import { HEADLINES_MAX, articleKey, canonicalForm, canonicalKeyOfDigest, headlinesKey, sectionsKey } from '../records.ts';
import { type Headline, type HeadlineList, type ReadArticle, ArticleInput, describeIssues, latestChange, toHeadline } from '../schema.ts';
import { BREAKING_KEPT, olderBreaking } from './breaking-lists.ts';
import { BuildIndex, type CachedArticle, CachedArticles, codeFingerprint } from './build-cache.ts';
import { consumeJournal, folderTime, readJournal } from './change-journal.ts';
import { addPending } from '../push/pending.ts';
import { ALL, NewestLists } from './newest-lists.ts';
import type { PartnerMap } from '../partner-schema.ts';
import { readPartners } from './read-partners.ts';

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
  /** How the changed files were found: every file read (`full`), every file's size and time checked (`scan`), or
   * only the files the change journal and the caller named (`journal`). */
  how: 'full' | 'scan' | 'journal';
  /** Why the journal was not trusted, when it was asked for and the build checked every file instead. */
  untrusted?: string;
}

export interface FileProblem {
  file: string;
  /** Dot path of the offending field; empty for the whole file. */
  path: string;
  message: string;
}

/** Written beside the bulk files, for people and tools to see what the build produced. */
const MANIFEST_FILE = 'manifest.json';
/** The partners as the push puts them in the state record: for people and tools to see. */
const PARTNERS_FILE = 'partners.json';

export type BuildResult =
  | {
      ok: true;
      outDir: string;
      manifest: BuildManifest;
      changes: ContentChanges;
      /** Every article of the build, from its cache on disk. */
      articles: CachedArticles;
      articlesDir: string;
      cacheDir: string;
      /** Every partner by id (content/partners/), for the push's state record. */
      partners: PartnerMap;
      /** When this build started, ms: later builds' changes are newer than what it read. */
      startedAt: number;
    }
  | { ok: false; problems: FileProblem[] };

export interface BuildOptions {
  articlesDir: string;
  /** The partner files' folder. Default: `partners` beside `articlesDir`; none when it does not exist. */
  partnersDir?: string;
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
  /** How changed files are found when there is a cache: `scan` (default) checks every file's size and time;
   * `journal` checks only the files the change journal names (change-journal.ts) and those in `names`, and falls
   * back to a scan, saying why, when the journal cannot be trusted; `auto` (the commands) scans archives of fewer
   * than `SCAN_BELOW` articles, where checking every file costs a few milliseconds, and uses the journal above. */
  find?: 'scan' | 'journal' | 'auto';
  /** File names in the folder to check besides the journal's (`content:push -- FILE…`). */
  names?: readonly string[];
  /** The caller watched the folder since the previous build (npm start): its journalled names are complete. */
  watched?: boolean;
}

/** Archives this small are scanned by `find: 'auto'`: checking every file costs less than 0.1 s there. */
export const SCAN_BELOW = 20_000;

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
  // The folder's time before anything is read: a change made while this build runs is the next build's.
  const folderMtime = await folderTime(articlesDir);
  const index = await BuildIndex.open(cacheDir, fingerprint, options.full ?? false);
  const previous = index.previous;
  const journal = await readJournal(cacheDir, articlesDir, previous?.folderMtime, folderMtime, options.watched ?? false);
  const find = options.find === 'auto' ? (previous && index.count() >= SCAN_BELOW ? 'journal' : 'scan') : (options.find ?? 'scan');
  let how: ContentChanges['how'] = previous === undefined ? 'full' : find;
  let untrusted: string | undefined;
  if (how === 'journal' && !journal.trusted) {
    untrusted = journal.reason;
    how = 'scan';
  }

  // Which files to read: new ones, and those whose size or time moved (or that were racy when cached).
  const toRead: Array<{ name: string; size: number; mtimeMs: number; known: CachedArticle | undefined }> = [];
  const removedFiles: CachedArticle[] = [];
  const check = (name: string, known: CachedArticle | undefined) => {
    const info = statSync(join(articlesDir, name));
    if (known && known.size === info.size && known.mtimeMs === info.mtimeMs && info.mtimeMs < previous!.startedAt - RACY_MS) return;
    toRead.push({ name, size: info.size, mtimeMs: info.mtimeMs, known });
  };
  if (how === 'journal' && journal.trusted) {
    // Only the files named: those the tools wrote or saw change, and those the caller named.
    const named = [...new Set([...journal.names, ...(options.names ?? [])])].filter(isArticleName).sort();
    for (const name of named) {
      const known = index.row(name);
      if (existsSync(join(articlesDir, name))) check(name, known);
      else if (known) removedFiles.push(known);
    }
  } else {
    const names = (await readdir(articlesDir)).filter(isArticleName).sort();
    // Synchronous: one stat per file is what grows with the archive here, and Node's sync stat is about a third
    // cheaper than awaiting the thread pool's (measured: 100,000 files, 0.23 s against 0.36 s). The folder and the
    // cache are walked together in name order (a merge), so neither is held in a second structure.
    const rows = index.rowsByFile();
    let row = rows.next();
    for (const name of names) {
      while (!row.done && row.value.file < name) {
        removedFiles.push(row.value);
        row = rows.next();
      }
      const known = !row.done && row.value.file === name ? row.value : undefined;
      if (known) row = rows.next();
      check(name, known);
    }
    for (; !row.done; row = rows.next()) removedFiles.push(row.value);
  }

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
  const changedDigests = new Set<string>();
  // The newest changed articles of each list with their headlines: a changed article in a final list is among them.
  const changedNewest = new NewestLists<CachedArticle & { headline: Headline }>(HEADLINES_MAX);
  const removed: string[] = [];
  for (const row of removedFiles) {
    index.remove(row.file);
    removed.push(row.slug);
  }
  const texts = new Map<number, Promise<string>>();
  const readAhead = (at: number) => {
    for (let next = at; next < Math.min(toRead.length, at + READ_AHEAD); next += 1) {
      if (texts.has(next)) continue;
      const text = readFile(join(articlesDir, toRead[next]!.name), 'utf8');
      text.catch(() => {}); // a failed read is thrown when its turn comes, not as an unhandled rejection now
      texts.set(next, text);
    }
  };
  for (const [at, { name, size, mtimeMs, known }] of toRead.entries()) {
    readAhead(at);
    const text = await texts.get(at)!;
    texts.delete(at);
    const textHash = hashOf(text);
    if (known && known.textHash === textHash) {
      index.touch(name, size, mtimeMs); // touched, not changed
    } else {
      const read = readArticle(text, join(articlesDir, name), name, problems);
      // A takedown is built as a deleted file: no records, no list entries, its URL free for another article.
      const article = read?.withdrawn ? undefined : read;
      if (read?.withdrawn && known) {
        index.remove(name);
        removed.push(known.slug);
      }
      if (article) {
        const canonicalDigest = createHash('sha256').update(canonicalForm(article.url)).digest('hex');
        const value = JSON.stringify(article);
        const row: CachedArticle = {
          file: name, size, mtimeMs, textHash, slug: article.slug, section: article.section, at: Date.parse(article.publishedAt),
          articleHash: hashOf(value), canonicalDigest, canonicalHash: hashOf(JSON.stringify({ slug: article.slug })),
          ...(article.breakingUntil !== undefined && { breakingUntil: Date.parse(article.breakingUntil) }),
        };
        index.put(row);
        changed.add(article.slug);
        changedDigests.add(canonicalDigest);
        changedNewest.add(row.section, { ...row, headline: toHeadline(article) });
        if (problems.length === 0) {
          chunk.push({ key: articleKey(row.slug), value, metadata: { hash: row.articleHash } });
          chunk.push({ key: canonicalKeyOfDigest(canonicalDigest), value: JSON.stringify({ slug: row.slug }), metadata: { hash: row.canonicalHash } });
          chunkBytes += Buffer.byteLength(value);
          if (chunk.length >= chunkSize || chunkBytes >= CHUNK_BYTES) await flushArticles();
        }
      }
    }
    if ((at + 1) % progressEvery === 0) onProgress?.(at + 1, toRead.length);
  }
  if (toRead.length % progressEvery !== 0 || toRead.length === 0) onProgress?.(toRead.length, toRead.length);

  // Two articles with one URL would fight over its index record: the later file (by name) is refused. Only
  // files just read can be new claimants; unchanged ones were checked when they were read. A build that read
  // many files asks the index for every shared URL at once instead of one lookup each.
  const shared = changedDigests.size > 10_000 ? index.sharedUrls() : [...changedDigests];
  for (const digest of shared) {
    const owners = index.owners(digest);
    for (const name of owners.slice(1)) {
      problems.push({ file: join(articlesDir, name), path: 'url', message: `is already the URL of ${owners[0]}: each article needs its own` });
    }
  }
  const partnersRead = await readPartners(options.partnersDir ?? join(dirname(articlesDir), 'partners'));
  problems.push(...partnersRead.problems);
  if (problems.length > 0) {
    await index.rollback();
    await rm(tmpDir, { recursive: true, force: true });
    problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)); // stable: a file's own order kept
    return { ok: false, problems };
  }

  await flushArticles();
  manifest.articles = index.count();
  if (options.keys ?? true) {
    for (const row of index.rowsByFile()) {
      manifest.keys[articleKey(row.slug)] = row.articleHash;
      manifest.keys[canonicalKeyOfDigest(row.canonicalDigest)] = row.canonicalHash;
    }
  }

  const changedHeadlines = new Map<string, Headline>();
  for (const list of [ALL, ...changedNewest.sections()]) for (const item of changedNewest.items(list)) changedHeadlines.set(item.slug, item.headline);
  const lists = await headlineLists(index, changed, changedHeadlines, previous?.lists ?? {}, articlesDir);
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
  await writeFile(join(tmpDir, PARTNERS_FILE), JSON.stringify(partnersRead.partners));

  await rm(outDir, { recursive: true, force: true });
  await rename(tmpDir, outDir);
  const changes: ContentChanges = { changed: [...changed], removed, full: how === 'full', how, ...(untrusted !== undefined && { untrusted }) };
  // Pending first: a build stopped before the cache is saved finds the same changes again, none is lost.
  await addPending(cacheDir, [...changes.changed, ...changes.removed], startedAt);
  await index.commit(fingerprint, { startedAt, lists: Object.fromEntries(lists.records), folderMtime });
  await consumeJournal(journal.entries);
  return { ok: true, outDir, manifest, changes, articles: new CachedArticles(cacheDir), articlesDir, cacheDir, startedAt, partners: partnersRead.partners };
}

/** Article files: `<name>.md` directly in the folder (editors' swap and backup files are not). */
function isArticleName(name: string): boolean {
  return name.endsWith('.md') && !name.includes('/') && !name.includes('\\');
}

/** The lists, all-sections first then sections by name, and the section index, as a full build makes them. */
async function headlineLists(
  index: BuildIndex,
  changed: ReadonlySet<string>,
  changedHeadlines: ReadonlyMap<string, Headline>,
  previousLists: Record<string, HeadlineList>,
  articlesDir: string,
): Promise<{ records: Array<[string, HeadlineList]>; sectionIndex: [string, unknown] }> {
  const previous = new Map<string, Headline>();
  for (const list of Object.values(previousLists)) for (const item of list.items) previous.set(item.slug, item);

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
  // A list's newest, then its older breaking stories (breaking-lists.ts), queried from the breaking-only index:
  // any HEADLINES_MAX + BREAKING_KEPT latest-expiring hold the kept ones, whichever of them the newest already has.
  const listOf = (section: string | undefined) => {
    const newest = index.newest(section, HEADLINES_MAX);
    const breaking = index.breaking(section, HEADLINES_MAX + BREAKING_KEPT).map((row) => ({ ...row, until: row.breakingUntil }));
    return toList([...newest, ...olderBreaking(newest, breaking)]);
  };
  const sections = index.sections();
  const records: Array<[string, HeadlineList]> = [[headlinesKey(), await listOf(undefined)]];
  for (const { name } of sections) records.push([headlinesKey(name), await listOf(name)]);
  return { records, sectionIndex: [sectionsKey(), { sections }] };
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
