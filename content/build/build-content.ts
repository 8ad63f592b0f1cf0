/**
 * Validates every article file and writes the KV records as wrangler bulk-put files: per article its
 * record and its canonical-URL index entry, plus the precomputed headline lists and the section index. Articles stream through one at a time and records are
 * written in chunks, so time and memory grow linearly with the number of articles.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { ArticleFileError, parseArticleFile } from '../article-file.ts';
import { articleKey, canonicalForm, canonicalKeyOfDigest } from '../records.ts';
import { HeadlineLists } from './headline-lists.ts';
import { ArticleInput, describeIssues } from '../schema.ts';

/** One entry of a `wrangler kv bulk put` file. */
export interface KvEntry {
  key: string;
  value: string;
  metadata: { hash: string };
}

/** What the build wrote: the bulk files in push order, and every key with the hash of its value. */
export interface BuildManifest {
  /** Bulk-put files, relative to the build folder: articles first, lists last. */
  files: string[];
  /** key → hash of its value; push compares these with what KV holds. */
  keys: Record<string, string>;
  articles: number;
  lists: number;
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
  | { ok: true; outDir: string; manifest: BuildManifest }
  | { ok: false; problems: FileProblem[] };

export interface BuildOptions {
  articlesDir: string;
  /** Replaced as a whole when the build succeeds; left untouched when it fails. */
  outDir: string;
  /** Called every `progressEvery` articles and once at the end. */
  onProgress?: (done: number, total: number) => void;
  /** Default 1000. */
  progressEvery?: number;
  /** Records per bulk-put file. Default 5000. */
  chunkSize?: number;
}

/** Article files read ahead of the one being validated. */
const READ_AHEAD = 32;

/** UTF-8 bytes of values per bulk-put file, so wrangler never holds more than this in memory at once. */
const CHUNK_BYTES = 50_000_000;

export async function buildContent(options: BuildOptions): Promise<BuildResult> {
  const { articlesDir, outDir, onProgress, progressEvery = 1000, chunkSize = 5000 } = options;
  const files = (await readdir(articlesDir)).filter((name) => name.endsWith('.md')).sort();
  const tmpDir = `${outDir}.tmp`;
  await rm(tmpDir, { recursive: true, force: true });
  await mkdir(tmpDir, { recursive: true });

  const problems: FileProblem[] = [];
  const lists = new HeadlineLists();
  const manifest: BuildManifest = { files: [], keys: {}, articles: 0, lists: 0 };
  let chunk: KvEntry[] = [];
  let chunkBytes = 0;
  const flush = async (name: string, entries: KvEntry[]) => {
    if (entries.length === 0) return;
    await writeFile(join(tmpDir, name), JSON.stringify(entries));
    manifest.files.push(name);
  };
  const flushArticles = async () => {
    await flush(`articles-${String(manifest.files.length).padStart(4, '0')}.json`, chunk);
    chunk = [];
    chunkBytes = 0;
  };
  const add = (entries: KvEntry[], key: string, value: unknown) => {
    const text = JSON.stringify(value);
    const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
    entries.push({ key, value: text, metadata: { hash } });
    manifest.keys[key] = hash;
    return Buffer.byteLength(text);
  };

  /** Canonical URL → the file that claimed it: two articles with one URL would fight over its index record. */
  const canonicalOwners = new Map<string, string>();

  // Files are read a few ahead of the one being validated, so the disk and the parser work side by side.
  const texts = new Map<number, Promise<string>>();
  const readAhead = (index: number) => {
    for (let next = index; next < Math.min(files.length, index + READ_AHEAD); next += 1) {
      if (texts.has(next)) continue;
      const text = readFile(join(articlesDir, files[next]!), 'utf8');
      text.catch(() => {}); // a failed read is thrown when its turn comes, not as an unhandled rejection now
      texts.set(next, text);
    }
  };

  for (const [index, name] of files.entries()) {
    const file = join(articlesDir, name);
    readAhead(index);
    const text = await texts.get(index)!;
    texts.delete(index);
    const article = readArticle(text, file, name, problems);
    const canonical = article && canonicalForm(article.url);
    const owner = canonical && canonicalOwners.get(canonical);
    if (owner) problems.push({ file, path: 'url', message: `is already the URL of ${owner}: each article needs its own` });
    else if (canonical) canonicalOwners.set(canonical, name);
    if (article && canonical && problems.length === 0) {
      lists.add(article);
      chunkBytes += add(chunk, articleKey(article.slug), article);
      chunkBytes += add(chunk, canonicalKeyOfDigest(createHash('sha256').update(canonical).digest('hex')), { slug: article.slug });
      manifest.articles += 1;
      if (chunk.length >= chunkSize || chunkBytes >= CHUNK_BYTES) await flushArticles();
    }
    if ((index + 1) % progressEvery === 0) onProgress?.(index + 1, files.length);
  }
  if (files.length % progressEvery !== 0 || files.length === 0) onProgress?.(files.length, files.length);

  if (problems.length > 0) {
    await rm(tmpDir, { recursive: true, force: true });
    return { ok: false, problems };
  }
  await flushArticles();
  const listEntries: KvEntry[] = [];
  for (const [key, list] of lists.records()) add(listEntries, key, list);
  manifest.lists = listEntries.length;
  add(listEntries, ...lists.sectionIndex());
  await flush('lists.json', listEntries);
  await writeFile(join(tmpDir, MANIFEST_FILE), JSON.stringify(manifest));

  await rm(outDir, { recursive: true, force: true });
  await rename(tmpDir, outDir);
  return { ok: true, outDir, manifest };
}

function readArticle(text: string, file: string, name: string, problems: FileProblem[]) {
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
