/**
 * What the end-to-end tests share: a throwaway copy of the project, `npm start` run in it as an editor runs
 * it (its own port and debugger port, so test files can run side by side), and free ports.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * What `npm start` needs of the project: it builds the embed from widget/ and the KV records from content/,
 * and the worker imports the embed build from dist/ (copied too, in case a start does not rebuild it).
 */
export const PREVIEW_ENTRIES = ['worker', 'widget', 'content', 'dist', 'wrangler.toml', 'package.json', 'tsconfig.json'] as const;

/** Copies these entries of the project into a new temp folder, with node_modules linked, not copied. */
export async function copyProject(entries: readonly string[] = PREVIEW_ENTRIES, prefix = 'khabar-e2e-'): Promise<string> {
  const missing = entries.filter((entry) => !existsSync(join(ROOT, entry)));
  if (missing.length) throw new Error(`missing from the project: ${missing.join(', ')} (dist/ comes from \`npm run build\`)`);
  const project = await mkdtemp(join(tmpdir(), prefix));
  for (const entry of entries) {
    await cp(join(ROOT, entry), join(project, entry), { recursive: true });
  }
  await symlink(join(ROOT, 'node_modules'), join(project, 'node_modules'));
  return project;
}

/** A running `npm start`. */
export interface Preview {
  /** `http://127.0.0.1:<port>`, where it answers (browsers may also name it `localhost`). */
  readonly origin: string;
  readonly port: number;
  /** Everything it printed so far. */
  output(): string;
  /** Ends the whole process group (wrangler and its workerd), once; resolves when it has exited. */
  stop(): Promise<void>;
}

/**
 * Runs `content/preview.ts` (what `npm start` runs) in `project` on `port`, and resolves once `/healthz`
 * answers. Rejects with its output if it exits or does not answer within `timeoutMs`.
 */
export async function startPreview(project: string, port: number, timeoutMs = 60_000): Promise<Preview> {
  const inspectorPort = await freePort();
  const child = spawn(process.execPath, ['content/preview.ts', '--inspector-port', String(inspectorPort)], {
    cwd: project,
    env: { ...process.env, PORT: String(port), WRANGLER_SEND_METRICS: 'false' },
    detached: true, // its own process group, so stop() also ends wrangler's workerd
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d));
  child.stderr!.on('data', (d: Buffer) => (output += d));
  const preview: Preview = {
    origin: `http://127.0.0.1:${port}`,
    port,
    output: () => output,
    stop: () => stopProcessGroup(child),
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    const up = await fetch(`${preview.origin}/healthz`).then((r) => r.ok, () => false);
    if (up) return preview;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await preview.stop();
  throw new Error(`npm start did not answer within ${timeoutMs / 1000} s:\n${output}`);
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
}

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
