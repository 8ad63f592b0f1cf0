/** Shared by the content tests: fresh temp folders, article files, and running the tools as an editor does. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { formatArticleFile } from '../../content/article-file.ts';
import type { ArticleInput } from '../../content/schema.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SAMPLE_EXPORT = fileURLToPath(new URL('../fixtures/newsroom-export.txt', import.meta.url));

/** URL-safe ASCII slug, as the brief and the API promise it. */
export const URL_SAFE_SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Returns a maker of fresh folders under the OS temp dir; every folder made during a test is removed after
 * it. Call once per test file, at the top level or in a describe block.
 */
export function useTempDirs(prefix = 'khabar-test-'): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

/** A valid article with every required field; override what the test is about. */
export function makeArticle(slug: string, overrides: Partial<ArticleInput> = {}): ArticleInput {
  return {
    slug,
    title: `عنوان ${slug}`,
    section: 'news',
    publishedAt: '2026-11-25T08:00:00Z',
    url: `https://khabar.example/articles/${slug}`,
    source: 'خبر',
    body: [`الفقرة الأولى من ${slug}.`, 'الفقرة الثانية.'],
    ...overrides,
  };
}

/** The key of an article URL's canonical index record: the SHA-256 (hex) of the URL without its #fragment. */
export function canonicalKeyOf(url: string): string {
  return `v1:canonical:${createHash('sha256').update(url.split('#')[0]!).digest('hex')}`;
}

/** Writes `<slug>.md` the way the tools format it. */
export async function writeArticle(dir: string, article: ArticleInput): Promise<string> {
  const file = join(dir, `${article.slug}.md`);
  await writeFile(file, formatArticleFile(article));
  return file;
}

/** Every file of a folder (not recursive) with its text, sorted by name. */
export async function snapshotDir(dir: string): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) snapshot[name] = await readFile(join(dir, name), 'utf8');
  return snapshot;
}

/** Modification times in ms, by file name. */
export async function mtimesOf(dir: string): Promise<Record<string, number>> {
  const times: Record<string, number> = {};
  for (const name of (await readdir(dir)).sort()) times[name] = (await stat(join(dir, name))).mtimeMs;
  return times;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node <args>` (Node's own binary, so `.ts` entry points run as in `npm run`) and never throws on exit codes. */
export function runNode(args: string[], cwd = PROJECT_ROOT): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(error);
        return;
      }
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/**
 * The content commands always build content/articles/ into .build/kv/ of the project they belong to, so they
 * run from a copy of content/'s code (not its articles) in `root`, with an empty content/articles/: the real
 * articles and build output are never touched. Returns `root`.
 */
export async function copyContentProject(root: string): Promise<string> {
  await cp(join(PROJECT_ROOT, 'content'), join(root, 'content'), {
    recursive: true,
    filter: (source) => !source.startsWith(join(PROJECT_ROOT, 'content', 'articles')),
  });
  await cp(join(PROJECT_ROOT, 'package.json'), join(root, 'package.json'));
  await cp(join(PROJECT_ROOT, 'wrangler.toml'), join(root, 'wrangler.toml'));
  await symlink(join(PROJECT_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  await mkdir(join(root, 'content', 'articles'));
  return root;
}
