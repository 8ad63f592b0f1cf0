/**
 * What the last successful build knew about every article file, so the next one re-reads only files whose size or
 * modification time changed (and re-parses only those whose text changed). Kept in `.build/kv-cache/`, beside the
 * build output, as one JSON file: one short row per article plus the previous headline lists, whose headlines are
 * reused for articles that did not change. A cache written by other build code (see `codeFingerprint`) is ignored.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HeadlineList } from '../schema.ts';

/** One article file as the last build read it. */
export interface CachedArticle {
  /** File name in the articles folder (`<slug>.md`). */
  file: string;
  size: number;
  mtimeMs: number;
  /** SHA-256 (hex, 16) of the file's text: an edit that restores the text is not a change. */
  textHash: string;
  slug: string;
  section: string;
  /** `publishedAt` in ms: what lists are ordered by (then slug). */
  at: number;
  /** Hash of the article record's value, as in the build manifest. */
  articleHash: string;
  /** SHA-256 (hex) of the canonical URL: the canonical-URL record's key. */
  canonicalDigest: string;
  /** Hash of the canonical-URL record's value. */
  canonicalHash: string;
  /** `breakingUntil` in ms, for a breaking story: it stays in its lists beyond their depth while it may be first. */
  breakingUntil?: number;
}

export interface BuildCache {
  /** When the build that wrote it started, ms: files modified after that are re-read whatever their stat says. */
  startedAt: number;
  articles: CachedArticle[];
  /** The headline lists that build wrote, by key. */
  lists: Record<string, HeadlineList>;
}

const CACHE_FILE = 'index.json';

type Row = [file: string, size: number, mtimeMs: number, textHash: string, section: string, at: number, articleHash: string, canonicalDigest: string, canonicalHash: string, breakingUntil?: number];

/** The cache, or undefined when there is none or it was written by different build code. */
export async function loadCache(cacheDir: string, fingerprint: string): Promise<BuildCache | undefined> {
  let text: string;
  try {
    text = await readFile(join(cacheDir, CACHE_FILE), 'utf8');
  } catch {
    return undefined;
  }
  let saved: { fingerprint: string; startedAt: number; rows: Row[]; lists: Record<string, HeadlineList> };
  try {
    saved = JSON.parse(text) as typeof saved;
  } catch {
    return undefined; // a torn write: a full build rewrites it
  }
  if (saved.fingerprint !== fingerprint) return undefined;
  return {
    startedAt: saved.startedAt,
    lists: saved.lists,
    articles: saved.rows.map(([file, size, mtimeMs, textHash, section, at, articleHash, canonicalDigest, canonicalHash, breakingUntil]) => ({
      file, size, mtimeMs, textHash, slug: file.slice(0, -'.md'.length), section, at, articleHash, canonicalDigest, canonicalHash,
      ...(breakingUntil !== undefined && breakingUntil !== null && { breakingUntil }),
    })),
  };
}

/** Written to a temporary name first, so a build stopped halfway leaves the previous cache whole. */
export async function saveCache(cacheDir: string, fingerprint: string, cache: BuildCache): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const rows: Row[] = cache.articles.map((a) => {
    const row: Row = [a.file, a.size, a.mtimeMs, a.textHash, a.section, a.at, a.articleHash, a.canonicalDigest, a.canonicalHash];
    if (a.breakingUntil !== undefined) row.push(a.breakingUntil);
    return row;
  });
  const tmp = join(cacheDir, `${CACHE_FILE}.tmp`);
  await writeFile(tmp, JSON.stringify({ fingerprint, startedAt: cache.startedAt, rows, lists: cache.lists }));
  await rename(tmp, join(cacheDir, CACHE_FILE));
}

/** The code that decides what a file becomes: when any of it changes, every file is read again. */
const CODE_FILES = ['../schema.ts', '../limits.ts', '../url-rules.ts', '../plain-text.ts', '../article-file.ts', '../records.ts', './build-content.ts', './build-cache.ts', './breaking-lists.ts'];

let fingerprint: Promise<string> | undefined;

export function codeFingerprint(): Promise<string> {
  fingerprint ??= (async () => {
    const hash = createHash('sha256');
    for (const file of CODE_FILES) hash.update(await readFile(new URL(file, import.meta.url)));
    return hash.digest('hex').slice(0, 16);
  })();
  return fingerprint;
}
