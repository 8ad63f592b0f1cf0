/**
 * "Publish one story into N articles": the wall time and peak memory (the push's processes together: Node and the
 * local KV's workerd) of `content:push --local` when one new story is added to an archive of N that was pushed
 * before, with the first push of the archive beside it. Synthetic articles (bench/synthetic-content.ts) in the
 * scratch folder, a fresh local KV per size.
 *
 * `node --experimental-strip-types bench/publish.ts 100000` measures one size alone and writes
 * bench/results/publish-<N>.json, which the bench then reads: the first push of 100,000 articles alone takes about
 * five minutes into Miniflare's local KV (each value is a file and a SQLite row), the bench's whole budget.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatArticleFile } from '../content/article-file.ts';
import { defaultCacheDir } from '../content/build/build-content.ts';
import { openJournal } from '../content/build/change-journal.ts';
import { type Summary, summarize } from './stats.ts';
import { syntheticArticle, writeSyntheticArticles } from './synthetic-content.ts';

export interface PublishSettings {
  sizes: readonly number[];
  /** New stories published one after another into each archive. */
  repetitions: number;
}

export interface PublishPoint {
  articles: number;
  /** The first push of the whole archive (build of every file, every record written), seconds. */
  firstPushSeconds: number;
  firstPushPeakMiB: number;
  /** One new story pushed into the archive, seconds. */
  publishSeconds: Summary;
  publishPeakMiB: Summary;
  /** Where the row comes from: this run, or a file measured once (the million). */
  measured: 'this run' | string;
}

export interface Publish {
  settings: PublishSettings;
  points: PublishPoint[];
}

const SCRIPT = fileURLToPath(new URL('./publish-push.ts', import.meta.url));

interface Run {
  seconds: number;
  peakMiB: number;
  report: { written: number; articles: number; changed: number; how: string };
}

/** Runs one push in its own process; memory is the sum of its process tree's RSS, sampled every 50 ms. */
export async function runPush(articlesDir: string, outDir: string, persistTo: string, seedKeep?: number): Promise<Run> {
  const started = performance.now();
  const args = [SCRIPT, articlesDir, outDir, persistTo, ...(seedKeep === undefined ? [] : [String(seedKeep)])];
  const child = spawn(process.execPath, ['--max-old-space-size=8192', '--experimental-strip-types', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let peak = 0;
  const sampler = setInterval(() => void treeRss(child.pid!).then((rss) => (peak = Math.max(peak, rss))), 50);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`content push of ${articlesDir} failed (exit ${code}):\n${stderr.slice(-2000)}`);
  const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as Run['report'];
  return { seconds, peakMiB: peak / 1024 / 1024, report };
}

/** Resident bytes of a process and all its descendants (Linux /proc; 0 elsewhere). */
async function treeRss(root: number): Promise<number> {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const name of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.length < 22) continue;
    parents.set(Number(name), Number(fields[1]));
    rss.set(Number(name), Number(fields[21]) * 4096);
  }
  let total = 0;
  for (const pid of rss.keys()) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parents.get(p)) {
      if (p === root) {
        total += rss.get(pid)!;
        break;
      }
    }
  }
  return total;
}

/** Article records the seeded first push writes (`seedKeep`): the newest, which the lists and their reserve hold. */
export const SEED_KEEP = 2_000;

/**
 * `seeded`: the first push writes article records for the newest `SEED_KEEP` articles only (publish-push.ts says
 * why); its time is then not a first push's.
 */
export async function measurePublishSize(articles: number, repetitions: number, log: (line: string) => void, seeded = false, prepared?: string): Promise<PublishPoint> {
  // `prepared`: a folder whose articles/ holds the synthetic archive already (and maybe build/ from a first build).
  const dir = prepared ?? (await mkdtemp(join(tmpdir(), `khabar-publish-${articles}-`)));
  try {
    const articlesDir = join(dir, 'articles');
    if (!prepared) {
      await import('node:fs/promises').then((fs) => fs.mkdir(articlesDir));
      const writing = performance.now();
      await writeSyntheticArticles(articlesDir, articles);
      log(`  publish: wrote ${articles} article files in ${((performance.now() - writing) / 1000).toFixed(0)} s`);
    }
    const outDir = join(dir, 'build');
    const persistTo = join(dir, 'kv');
    const first = await runPush(articlesDir, outDir, persistTo, seeded ? SEED_KEEP : undefined);
    if (first.report.articles !== articles) throw new Error(`first push of ${articles}: built ${first.report.articles}`);
    log(`  publish: first push of ${articles} articles${seeded ? ' (seeded)' : ''} in ${first.seconds.toFixed(1)} s, peak ${first.peakMiB.toFixed(0)} MiB`);
    const runs: Run[] = [];
    for (let rep = 0; rep < repetitions; rep += 1) {
      const story = syntheticArticle(articles + rep); // newer than every article before it
      // Written as content:import writes a story: recorded in the change journal the push's build reads.
      const journal = await openJournal(defaultCacheDir(outDir), articlesDir);
      journal.add(`${story.slug}.md`);
      await writeFile(join(articlesDir, `${story.slug}.md`), formatArticleFile(story));
      await journal.close();
      const run = await runPush(articlesDir, outDir, persistTo);
      if (run.report.changed !== 1 || run.report.written === 0 || run.report.how === 'full') throw new Error(`publishing one story into ${articles}: ${JSON.stringify(run.report)}`);
      runs.push(run);
      log(`  publish: one story into ${articles} articles in ${run.seconds.toFixed(2)} s, peak ${run.peakMiB.toFixed(0)} MiB`);
    }
    return {
      articles,
      firstPushSeconds: first.seconds,
      firstPushPeakMiB: first.peakMiB,
      publishSeconds: summarize(runs.map((r) => r.seconds), `publish into ${articles} s`),
      publishPeakMiB: summarize(runs.map((r) => r.peakMiB), `publish into ${articles} MiB`),
      measured: 'this run',
    };
  } finally {
    if (!prepared) await rm(dir, { recursive: true, force: true });
  }
}

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

/**
 * Each size in turn, then the sizes measured alone and committed as `publish-<N>.json`, read from their files; a
 * committed size with no file yet is left out, and said so.
 */
export async function measurePublish(settings: PublishSettings, committed: readonly number[], log: (line: string) => void): Promise<Publish> {
  const points: PublishPoint[] = [];
  for (const articles of settings.sizes) points.push(await measurePublishSize(articles, settings.repetitions, log));
  for (const articles of committed) {
    const file = `publish-${articles}.json`;
    const text = await readFile(join(RESULTS, file), 'utf8').catch(() => undefined);
    if (text === undefined) {
      log(`  publish: no bench/results/${file}: measure it with node --experimental-strip-types bench/publish.ts ${articles}`);
      continue;
    }
    const point = JSON.parse(text) as PublishPoint;
    points.push({ ...point, measured: `${file} (${point.measured})` });
  }
  return { settings, points };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const articles = Number(process.argv[2]);
  const seeded = process.argv[3] === '--seeded';
  const prepared = process.argv[4]; // a folder with the archive in articles/, kept afterwards
  if (!Number.isInteger(articles) || articles < 1) throw new Error('usage: bench/publish.ts ARTICLES [--seeded [PREPARED_DIR]]');
  const { useRamScratch } = await import('./scratch.ts');
  const remove = useRamScratch(); // a TMPDIR set by the caller is kept (a million files belong on a disk)
  try {
    const point = await measurePublishSize(articles, 3, (line) => console.log(line), seeded, prepared);
    const file = join(RESULTS, `publish-${articles}.json`);
    const how = seeded ? `; first push seeded (manifest and the newest ${SEED_KEEP} article records, see bench/publish-push.ts): its time is not a first push's` : '';
    await writeFile(file, `${JSON.stringify({ ...point, measured: `measured alone on ${new Date().toISOString().slice(0, 10)}${how}` }, null, 2)}\n`);
    console.log(`wrote ${file}`);
  } finally {
    remove();
  }
}
