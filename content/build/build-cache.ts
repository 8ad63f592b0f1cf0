/**
 * What the last successful build knew about every article file, so the next one re-reads only files that changed
 * (and re-parses only those whose text changed), and computes lists and counts without visiting every article.
 * Kept in `.build/kv-cache/index.sqlite` (Node's built-in SQLite), one short row per article, indexed by file, by
 * list order, by canonical URL and (breaking stories only) by expiry, plus the previous headline lists, whose
 * headlines are reused for articles that did not change. A build opens it, changes the rows it read, and commits
 * only when it succeeds: a million articles' cache is never held in memory, and a failed build leaves it as it
 * was. A cache written by other build code (see `codeFingerprint`) is ignored.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
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

/** What a build records beside the rows. */
export interface CacheMeta {
  /** When the build that wrote it started, ms: files modified after that are re-read whatever their stat says. */
  startedAt: number;
  /** The headline lists that build wrote, by key. */
  lists: Record<string, HeadlineList>;
  /** The articles folder's own modification time (ns, as text) when that build started: the change journal's
   * starting point (change-journal.ts). */
  folderMtime: string;
}

const CACHE_FILE = 'index.sqlite';
/** The cache before it moved to SQLite: removed when a build writes the new one. */
const OLD_CACHE_FILE = 'index.json';

const COLUMNS = 'file, size, mtimeMs, textHash, slug, section, at, articleHash, canonicalDigest, canonicalHash, breakingUntil';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS articles (
    file TEXT PRIMARY KEY, size INTEGER NOT NULL, mtimeMs REAL NOT NULL, textHash TEXT NOT NULL, slug TEXT NOT NULL,
    section TEXT NOT NULL, at INTEGER NOT NULL, articleHash TEXT NOT NULL, canonicalDigest TEXT NOT NULL,
    canonicalHash TEXT NOT NULL, breakingUntil INTEGER
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX IF NOT EXISTS by_slug ON articles (slug);
  CREATE INDEX IF NOT EXISTS newest ON articles (at DESC, slug);
  CREATE INDEX IF NOT EXISTS newest_in_section ON articles (section, at DESC, slug);
  CREATE INDEX IF NOT EXISTS by_url ON articles (canonicalDigest);
  -- Breaking stories only, in the order their lists keep them (breaking-lists.ts keptFirst): a list's older
  -- breaking stories are found without visiting the other rows.
  CREATE INDEX IF NOT EXISTS breaking ON articles (breakingUntil DESC, at DESC, slug) WHERE breakingUntil IS NOT NULL;
  CREATE INDEX IF NOT EXISTS breaking_in_section ON articles (section, breakingUntil DESC, at DESC, slug) WHERE breakingUntil IS NOT NULL;
  -- Per-section counts kept by the rows' own inserts and deletes, so the section index costs no scan.
  CREATE TABLE IF NOT EXISTS sections (name TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TRIGGER IF NOT EXISTS counted AFTER INSERT ON articles BEGIN
    INSERT INTO sections (name, count) VALUES (new.section, 1) ON CONFLICT (name) DO UPDATE SET count = count + 1;
  END;
  CREATE TRIGGER IF NOT EXISTS uncounted AFTER DELETE ON articles BEGIN
    UPDATE sections SET count = count - 1 WHERE name = old.section;
    DELETE FROM sections WHERE name = old.section AND count = 0;
  END;
`;

/**
 * The cache of one build, open in a transaction. `fresh` caches (no usable previous one, or a full build) are
 * written to a temporary file and moved into place on commit.
 */
export class BuildIndex {
  /** The previous build's record, or undefined when this cache starts empty. */
  readonly previous: CacheMeta | undefined;
  readonly #db: DatabaseSync;
  readonly #path: string;
  readonly #tmp: string | undefined;
  readonly #statements = new Map<string, StatementSync>();

  private constructor(db: DatabaseSync, path: string, tmp: string | undefined, previous: CacheMeta | undefined) {
    this.#db = db;
    this.#path = path;
    this.#tmp = tmp;
    this.previous = previous;
  }

  /** Opens the cache for a build: empty when `fresh`, when there is none, or when other build code wrote it. */
  static async open(cacheDir: string, fingerprint: string, fresh: boolean): Promise<BuildIndex> {
    await mkdir(cacheDir, { recursive: true });
    const path = join(cacheDir, CACHE_FILE);
    if (!fresh && existsSync(path)) {
      const db = openDatabase(path);
      try {
        const meta = readMeta(db);
        if (meta?.fingerprint === fingerprint) {
          db.exec('BEGIN');
          return new BuildIndex(db, path, undefined, meta.meta);
        }
      } catch {
        // Not a cache this code can read (torn, or an older layout): a fresh one replaces it.
      }
      db.close();
    }
    const tmp = `${path}.tmp`;
    await rm(tmp, { force: true });
    const db = openDatabase(tmp);
    db.exec(SCHEMA);
    db.exec('BEGIN');
    return new BuildIndex(db, path, tmp, undefined);
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) this.#statements.set(sql, (statement = this.#db.prepare(sql)));
    return statement;
  }

  row(file: string): CachedArticle | undefined {
    return rowOf(this.#statement(`SELECT ${COLUMNS} FROM articles WHERE file = ?`).get(file));
  }

  /** Every row in file-name order (byte order, as `sortNames` sorts the folder), read as it goes. */
  *rowsByFile(): Generator<CachedArticle, undefined> {
    for (const row of this.#statement(`SELECT ${COLUMNS} FROM articles ORDER BY file`).iterate()) yield rowOf(row)!;
  }

  /** Adds or replaces the row of `row.file`. */
  put(row: CachedArticle): void {
    this.remove(row.file);
    this.#statement(`INSERT INTO articles (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      row.file, row.size, row.mtimeMs, row.textHash, row.slug, row.section, row.at, row.articleHash, row.canonicalDigest, row.canonicalHash,
      row.breakingUntil ?? null,
    );
  }

  /** A file saved again with the same text: only its stat moves. */
  touch(file: string, size: number, mtimeMs: number): void {
    this.#statement('UPDATE articles SET size = ?, mtimeMs = ? WHERE file = ?').run(size, mtimeMs, file);
  }

  remove(file: string): void {
    this.#statement('DELETE FROM articles WHERE file = ?').run(file);
  }

  /** Files whose article has this canonical URL, by name. */
  owners(canonicalDigest: string): string[] {
    return (this.#statement('SELECT file FROM articles WHERE canonicalDigest = ? ORDER BY file').all(canonicalDigest) as Array<{ file: string }>).map((r) => r.file);
  }

  /** Canonical URLs claimed by more than one file (a scan of the index: for builds that read most files). */
  sharedUrls(): string[] {
    return (this.#statement('SELECT canonicalDigest FROM articles GROUP BY canonicalDigest HAVING COUNT(*) > 1').all() as Array<{ canonicalDigest: string }>).map((r) => r.canonicalDigest);
  }

  /** The newest `limit` rows of a section, or of all sections, in list order (newest first, ties by slug). */
  newest(section: string | undefined, limit: number): CachedArticle[] {
    return (section === undefined
      ? this.#statement(`SELECT ${COLUMNS} FROM articles ORDER BY at DESC, slug LIMIT ?`).all(limit)
      : this.#statement(`SELECT ${COLUMNS} FROM articles WHERE section = ? ORDER BY at DESC, slug LIMIT ?`).all(section, limit)).map((row) => rowOf(row)!);
  }

  /** The first `limit` breaking rows of a section, or of all sections, latest expiry first (breaking-lists.ts
   * `keptFirst`), from the breaking-only indexes. */
  breaking(section: string | undefined, limit: number): Array<CachedArticle & { breakingUntil: number }> {
    return (section === undefined
      ? this.#statement(`SELECT ${COLUMNS} FROM articles WHERE breakingUntil IS NOT NULL ORDER BY breakingUntil DESC, at DESC, slug LIMIT ?`).all(limit)
      : this.#statement(`SELECT ${COLUMNS} FROM articles WHERE section = ? AND breakingUntil IS NOT NULL ORDER BY breakingUntil DESC, at DESC, slug LIMIT ?`).all(section, limit)
    ).map((row) => rowOf(row) as CachedArticle & { breakingUntil: number });
  }

  /** Sections with at least one article and how many, in name order. */
  sections(): Array<{ name: string; count: number }> {
    return this.#statement('SELECT name, count FROM sections ORDER BY name').all() as Array<{ name: string; count: number }>;
  }

  count(): number {
    return (this.#statement('SELECT COALESCE(SUM(count), 0) AS n FROM sections').get() as { n: number }).n;
  }

  /** Makes this build's rows the cache, with its record. */
  async commit(fingerprint: string, meta: CacheMeta): Promise<void> {
    const put = this.#statement('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    put.run('fingerprint', fingerprint);
    put.run('build', JSON.stringify(meta));
    this.#db.exec('COMMIT');
    this.#db.close();
    if (this.#tmp) await rename(this.#tmp, this.#path);
    await rm(join(this.#path, '..', OLD_CACHE_FILE), { force: true });
  }

  /** Leaves the previous cache as it was. */
  async rollback(): Promise<void> {
    this.#db.exec('ROLLBACK');
    this.#db.close();
    if (!this.#tmp) return;
    await rm(this.#tmp, { force: true });
    await rm(`${this.#tmp}-journal`, { force: true });
    await rmdir(join(this.#tmp, '..')).catch(() => {}); // a first build that failed leaves no folder behind
  }
}

/**
 * The articles of the last successful build, for the push: looked up by slug, or read in batches, from the cache
 * on disk (never all in memory).
 */
export class CachedArticles {
  readonly #path: string;

  constructor(cacheDir: string) {
    this.#path = join(cacheDir, CACHE_FILE);
  }

  #read<T>(work: (db: DatabaseSync) => T): T {
    const db = new DatabaseSync(this.#path, { readOnly: true });
    try {
      return work(db);
    } finally {
      db.close();
    }
  }

  /** The rows of these slugs (absent ones left out). Gives the event loop a turn every few thousand lookups: a
   * first push looks up every article while the local KV's runtime waits on this process. */
  async get(slugs: Iterable<string>): Promise<Map<string, CachedArticle>> {
    const found = new Map<string, CachedArticle>();
    const db = new DatabaseSync(this.#path, { readOnly: true });
    try {
      const statement = db.prepare(`SELECT ${COLUMNS} FROM articles WHERE slug = ?`);
      let looked = 0;
      for (const slug of slugs) {
        const row = rowOf(statement.get(slug));
        if (row) found.set(slug, row);
        if ((looked += 1) % 5_000 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      db.close();
    }
    return found;
  }

  /** Every slug, in order, with the event loop given a turn between batches. */
  async slugs(): Promise<Set<string>> {
    const slugs = new Set<string>();
    for (const batch of this.batches(10_000)) {
      for (const row of batch) slugs.add(row.slug);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return slugs;
  }

  count(): number {
    return this.#read((db) => (db.prepare('SELECT COALESCE(SUM(count), 0) AS n FROM sections').get() as { n: number }).n);
  }

  /** Every row, in slug order, `size` at a time. */
  *batches(size: number): Generator<CachedArticle[]> {
    let after = '';
    for (;;) {
      const batch = this.#read((db) => db.prepare(`SELECT ${COLUMNS} FROM articles WHERE slug > ? ORDER BY slug LIMIT ?`).all(after, size)).map((row) => rowOf(row)!);
      if (batch.length === 0) return;
      yield batch;
      after = batch[batch.length - 1]!.slug;
    }
  }
}

/** A row as SQLite gives it, with no `breakingUntil` for a story that is not breaking (SQL NULL). */
function rowOf(row: unknown): CachedArticle | undefined {
  if (row === undefined) return undefined;
  const article = row as CachedArticle & { breakingUntil?: number | null };
  if (article.breakingUntil === null) delete article.breakingUntil;
  return article;
}

function openDatabase(path: string): DatabaseSync {
  const db = new DatabaseSync(path);
  // One writer (the build), which commits once; a crash mid-build costs a rebuild, not content: no fsync.
  db.exec('PRAGMA synchronous = OFF; PRAGMA cache_size = -65536');
  return db;
}

function readMeta(db: DatabaseSync): { fingerprint: string; meta: CacheMeta } | undefined {
  const rows = db.prepare("SELECT key, value FROM meta WHERE key IN ('fingerprint', 'build')").all() as Array<{ key: string; value: string }>;
  const value = (key: string) => rows.find((r) => r.key === key)?.value;
  const fingerprint = value('fingerprint');
  const build = value('build');
  if (fingerprint === undefined || build === undefined) return undefined;
  return { fingerprint, meta: JSON.parse(build) as CacheMeta };
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
