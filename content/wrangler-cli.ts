/** Runs this project's wrangler (not whatever is on PATH) against wrangler.toml. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT, WRANGLER_CONFIG } from './project-config.ts';

const WRANGLER_BIN = join(dirname(createRequire(import.meta.url).resolve('wrangler/package.json')), 'bin/wrangler.js');

export interface WranglerResult {
  stdout: string;
  stderr: string;
}

/** A wrangler run that exited non-zero; the message carries everything it printed, never a first line only. */
export class WranglerFailed extends Error {
  override name = 'WranglerFailed';
}

/** Resolves with wrangler's output; rejects with a `WranglerFailed` holding all of it when it exits non-zero. */
export function wrangler(args: string[], options: { inherit?: boolean } = {}): Promise<WranglerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER_BIN, ...args, '--config', WRANGLER_CONFIG], {
      cwd: PROJECT_ROOT,
      stdio: options.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new WranglerFailed(`wrangler ${args.slice(0, 3).join(' ')} failed (exit ${code}):\n${readable(stderr, stdout)}`));
    });
  });
}

/**
 * What wrangler printed, for a person: both streams (its reason may be on either, and the other may hold only
 * a banner or blank lines), without colour codes or blank lines.
 */
function readable(...streams: string[]): string {
  const lines = streams
    .join('\n')
    .replace(/\u001B\[[0-9;]*m/g, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '' && !/^[─-]+$/.test(line.trim()));
  return lines.length > 0 ? lines.join('\n') : '(it printed nothing)';
}
