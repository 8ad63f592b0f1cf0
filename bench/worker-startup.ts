/**
 * The worker's start-up cost as `wrangler check startup` measures it: wrangler builds the worker as `wrangler deploy`
 * would, starts it on local workerd under a CPU profiler, and prints the bundle size and the start-up's active CPU
 * time. The same is measured for the plain Hono baseline (bench/fixtures/workers/plain-hono-kv.ts), interleaved, so the
 * row has a ratio that a busy machine does not move as much as the absolute milliseconds.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './machine.ts';
import { type Summary, ratio, summarize } from './stats.ts';

export interface StartupSettings {
  /** Interleaved runs of each worker (about 8 s each here: wrangler builds before it profiles). */
  repetitions: number;
}

export interface WorkerStartup {
  /** Active CPU ms of the start-up phase, khabar's worker. */
  activeMs: Summary;
  /** The same for a plain Hono worker reading KV: the floor any Hono worker pays. */
  plainHonoActiveMs: Summary;
  /** khabar over plain Hono, per repetition. */
  activeVsPlainHono: Summary;
  /** Bundle size wrangler printed for khabar's worker, KiB. */
  bundleKiB: { raw: number; gzip: number };
  repetitions: number;
}

interface Printed {
  activeMs: number;
  bundleKiB: { raw: number; gzip: number };
}

async function checkStartup(config: string, outDir: string): Promise<Printed> {
  const { stdout, stderr } = await promisify(execFile)(
    join(ROOT, 'node_modules/.bin/wrangler'),
    ['check', 'startup', '--config', config, '--outfile', join(outDir, 'startup.cpuprofile')],
    { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0' } },
  );
  const text = `${stdout}\n${stderr}`;
  // "Bundle: 227.09 KiB / gzip: 63.24 KiB" and "Active: 18.7 ms (including 0.0 ms garbage collection)".
  const bundle = /Bundle: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(text);
  const active = /Active: ([\d.]+) ms/.exec(text);
  if (!bundle || !active) throw new Error(`wrangler check startup printed no bundle size or active time for ${config}:\n${text}`);
  return { activeMs: Number(active[1]), bundleKiB: { raw: Number(bundle[1]), gzip: Number(bundle[2]) } };
}

export async function measureWorkerStartup(settings: StartupSettings, log: (line: string) => void): Promise<WorkerStartup> {
  const dir = await mkdtemp(join(tmpdir(), 'khabar-bench-startup-'));
  try {
    // The baseline as a worker of its own: same compatibility date and KV binding as khabar's wrangler.toml.
    const plainConfig = join(dir, 'plain-hono.toml');
    await writeFile(
      plainConfig,
      [
        'name = "plain-hono"',
        `main = "${join(ROOT, 'bench/fixtures/workers/plain-hono-kv.ts')}"`,
        'compatibility_date = "2026-11-01"',
        '[[kv_namespaces]]',
        'binding = "ARTICLES"',
        'id = "00000000000000000000000000000000"',
        '',
      ].join('\n'),
    );
    const khabar: Printed[] = [];
    const plain: Printed[] = [];
    for (let run = 1; run <= settings.repetitions; run += 1) {
      khabar.push(await checkStartup(join(ROOT, 'wrangler.toml'), dir));
      plain.push(await checkStartup(plainConfig, dir));
      log(`  start-up ${run}: khabar ${khabar.at(-1)!.activeMs} ms active, plain Hono ${plain.at(-1)!.activeMs} ms`);
    }
    return {
      activeMs: summarize(khabar.map((p) => p.activeMs), 'khabar start-up active ms'),
      plainHonoActiveMs: summarize(plain.map((p) => p.activeMs), 'plain Hono start-up active ms'),
      activeVsPlainHono: summarize(khabar.map((p, i) => ratio(p.activeMs, plain[i]!.activeMs, 'start-up khabar vs plain Hono')), 'start-up ratio'),
      bundleKiB: khabar[0]!.bundleKiB,
      repetitions: settings.repetitions,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
