/**
 * What a result was measured on: the machine, the operating system, and the version of every tool and library
 * that can move a figure. Versions are read from the installed packages, never typed in.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const ROOT = new URL('../', import.meta.url).pathname;
export const CHROMIUM = process.env['CHROME_PATH'] ?? '/usr/bin/chromium';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  kernel: string;
  node: string;
  chromium: string;
  /** The workerd binary the benchmarked Miniflare runs. */
  workerd: string;
  /** Installed version of each package that is built, measured or measured against. */
  packages: Record<string, string>;
  /** `git describe`-like: the commit measured, `+dirty` when the tree had changes. */
  commit: string;
  date: string;
  /** Where scratch files and Miniflare's local KV and Cache API live (os.tmpdir()). */
  scratch: string;
}

/** Everything the benchmark builds, runs or compares against. */
const PACKAGES = [
  'lit', 'hono', 'valibot', 'wrangler', 'miniflare', 'esbuild', 'terser', 'autocannon', 'lighthouse', 'chrome-launcher', 'playwright',
  '@splidejs/splide', 'embla-carousel', 'swiper', '@shoelace-style/shoelace',
] as const;

async function versionOf(packageJson: string): Promise<string> {
  const { version } = JSON.parse(await readFile(packageJson, 'utf8')) as { version?: unknown };
  if (typeof version !== 'string') throw new Error(`${packageJson} has no version`);
  return version;
}

async function osName(): Promise<string> {
  const text = await readFile('/etc/os-release', 'utf8').catch(() => '');
  return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1] ?? process.platform;
}

async function gitCommit(): Promise<string> {
  const { stdout: head } = await run('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT });
  // The previous run's results are not the code measured: rerunning over them is not "dirty".
  const { stdout: status } = await run('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench/results'], { cwd: ROOT });
  return `${head.trim()}${status.trim() ? '+dirty' : ''}`;
}

export async function describeMachine(): Promise<Machine> {
  const packages: Record<string, string> = {};
  for (const name of PACKAGES) packages[name] = await versionOf(join(ROOT, 'node_modules', name, 'package.json'));
  // The workerd that Miniflare itself resolves (wrangler and the vitest plugin may each carry another).
  const fromMiniflare = createRequire(join(ROOT, 'node_modules/miniflare/package.json'));
  const { stdout: chromium } = await run(CHROMIUM, ['--version']);
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: await osName(),
    kernel: release(),
    node: process.versions.node,
    chromium: chromium.trim().replace(/\s+built on.*$/, ''),
    workerd: await versionOf(fromMiniflare.resolve('workerd/package.json')),
    packages,
    commit: await gitCommit(),
    date: new Date().toISOString(),
    scratch: tmpdir(),
  };
}
