/**
 * The worker exactly as `wrangler deploy` would upload it (`--dry-run --outdir`): the ES module the edge benchmark
 * loads into Miniflare, and its size. Cloudflare's limits and wrangler's "Total Upload" line count gzip at zlib's
 * default level over the uploaded modules, so that is what is reported here too, and checked against wrangler's line.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { ROOT } from './machine.ts';

export interface WorkerBundle {
  /** The main module's source: `export default { fetch }`. */
  source: string;
  bytes: { raw: number; gzip: number };
}

export async function buildWorkerBundle(): Promise<WorkerBundle> {
  const outDir = await mkdtemp(join(tmpdir(), 'khabar-bench-worker-'));
  try {
    const { stdout } = await promisify(execFile)(join(ROOT, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', outDir], {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
    });
    const modules = (await readdir(outDir)).filter((name) => /\.(m?js|wasm)$/.test(name));
    if (modules.length !== 1 || modules[0] !== 'index.js') throw new Error(`wrangler's dry run produced ${modules.join(', ') || 'no modules'}; expected index.js alone`);
    const bytes = await readFile(join(outDir, 'index.js'));
    const size = { raw: bytes.byteLength, gzip: gzipSync(bytes).byteLength };
    // wrangler prints "Total Upload: 150.29 KiB / gzip: 41.18 KiB": the same bytes, rounded.
    const printed = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(stdout);
    if (!printed) throw new Error(`wrangler's dry run did not print its upload size:\n${stdout}`);
    const kib = (n: number) => (n / 1024).toFixed(2);
    if (printed[1] !== kib(size.raw) || printed[2] !== kib(size.gzip)) {
      throw new Error(`worker bundle measured ${kib(size.raw)} / ${kib(size.gzip)} KiB but wrangler says ${printed[1]} / ${printed[2]} KiB`);
    }
    return { source: bytes.toString('utf8'), bytes: size };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
