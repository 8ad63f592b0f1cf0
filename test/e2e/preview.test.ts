/**
 * The README's promise, on a copy of the project: `npm start` serves content/ from a seeded local KV, and a
 * restarted preview serves the current content/, never a response cached from the old.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadlineList } from '../../content/schema.ts';
import { PREVIEW_ENTRIES, type Preview, copyProject, freePort, startPreview } from './support.ts';

let project: string;
let preview: Preview | undefined;

beforeAll(async () => {
  project = await copyProject(PREVIEW_ENTRIES, 'khabar-preview-');
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
  preview = await startPreview(project, port);
  return preview.origin;
}

async function stop(): Promise<void> {
  const running = preview;
  preview = undefined;
  await running?.stop();
}

async function getJson<T = unknown>(origin: string, path: string): Promise<T> {
  const response = await fetch(`${origin}${path}`);
  if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}
