/**
 * What each push target has not been sent yet. Every KV namespace this machine pushed to (local folder or remote
 * namespace) has a `pending-<target>.json` in the build cache, listing the slugs changed or removed since its last
 * push, each with when the build that found the change ran; every build adds its changes to each. A push then
 * reconciles only those slugs, and afterwards drops those it sent, unless a build found them changed again
 * meanwhile. A target with no file has never been pushed to from here: its first push compares every article with
 * the namespace's manifest.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const PREFIX = 'pending-';

/** slug → when (ms) the latest build that found it changed ran. */
export type Pending = Map<string, number>;

/** A short stable name for a target: `local:/abs/folder` or `remote:<namespace id>`. */
export function targetId(description: string): string {
  return createHash('sha256').update(description).digest('hex').slice(0, 16);
}

/** Slugs waiting for this target, or undefined when it was never pushed to from this machine. */
export async function readPending(cacheDir: string, target: string): Promise<Pending | undefined> {
  try {
    const saved = JSON.parse(await readFile(join(cacheDir, `${PREFIX}${target}.json`), 'utf8')) as { slugs: Record<string, number> };
    return new Map(Object.entries(saved.slugs));
  } catch {
    return undefined;
  }
}

export async function writePending(cacheDir: string, target: string, pending: Pending): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const file = join(cacheDir, `${PREFIX}${target}.json`);
  await writeFile(`${file}.tmp`, JSON.stringify({ slugs: Object.fromEntries(pending) }));
  await rename(`${file}.tmp`, file);
}

/** Adds slugs, found changed by a build that ran at `at`, to every known target's list. */
export async function addPending(cacheDir: string, slugs: readonly string[], at: number): Promise<void> {
  if (slugs.length === 0) return;
  const names = await readdir(cacheDir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(PREFIX) || !name.endsWith('.json')) continue;
    const target = name.slice(PREFIX.length, -'.json'.length);
    const pending = (await readPending(cacheDir, target)) ?? new Map<string, number>();
    for (const slug of slugs) pending.set(slug, at);
    await writePending(cacheDir, target, pending);
  }
}
