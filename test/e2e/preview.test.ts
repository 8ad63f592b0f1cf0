/**
 * The README's promise, on a copy of the project: `npm start` serves content/ from a seeded local KV, and a
 * restarted preview serves the current content/, never a response cached from the old.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadlineList } from '../../content/schema.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let project: string;
let preview: ChildProcess | undefined;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'khabar-preview-'));
  for (const entry of ['worker', 'content', 'wrangler.toml', 'package.json', 'tsconfig.json']) {
    await cp(join(ROOT, entry), join(project, entry), { recursive: true });
  }
  await symlink(join(ROOT, 'node_modules'), join(project, 'node_modules'));
});

afterAll(async () => {
  await stop();
  await rm(project, { recursive: true, force: true });
});

describe('npm start', () => {
  it('serves the articles of content/ from local KV, and after a restart only the current ones', async () => {
    const slugs = (await readdir(join(project, 'content/articles'))).map((name) => name.replace(/\.md$/, '')).sort();
    expect(slugs.length).toBeGreaterThanOrEqual(2);

    // The same port both times, as an editor restarting `npm start` has: cache keys include the origin.
    const port = await freePort();
    const first = await start(port);
    const before = await getJson<HeadlineList>(first, '/v1/headlines');
    await getJson(first, `/v1/articles/${slugs[0]}`); // fills the Cache API, which wrangler keeps on disk
    await stop();
    await rm(join(project, 'content/articles', `${slugs[0]}.md`));
    const second = await start(port);
    const after = await fetch(`${second}/v1/headlines`);
    const removed = await fetch(`${second}/v1/articles/${slugs[0]}`);

    expect(before.items.map((h) => h.slug).sort()).toEqual(slugs);
    expect(after.headers.get('cache-status')).toMatch(/^khabar; fwd=miss/);
    expect(((await after.json()) as HeadlineList).items.map((h) => h.slug).sort()).toEqual(slugs.slice(1));
    expect(removed.status).toBe(404);
  });
});

async function start(port: number): Promise<string> {
  const inspectorPort = await freePort();
  const child = spawn(process.execPath, ['content/preview.ts', '--inspector-port', String(inspectorPort)], {
    cwd: project,
    env: { ...process.env, PORT: String(port), WRANGLER_SEND_METRICS: 'false' },
    detached: true, // its own process group, so stop() also ends wrangler's workerd
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  preview = child;
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d));
  child.stderr!.on('data', (d: Buffer) => (output += d));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    const up = await fetch(`${origin}/healthz`).then((r) => r.ok, () => false);
    if (up) return origin;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`npm start did not answer within 60 s:\n${output}`);
}

async function stop(): Promise<void> {
  const child = preview;
  preview = undefined;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
}

async function getJson<T = unknown>(origin: string, path: string): Promise<T> {
  const response = await fetch(`${origin}${path}`);
  if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
