/**
 * Makes a KV namespace hold what this machine changed, without listing it. The namespace keeps a manifest of what
 * was pushed (`v1:push:manifest:<shard>`: per article its record's hash, canonical-URL digest, section and time,
 * sharded by slug) and the lists' reserve (list-state.ts). A push, holding the lease (lease.ts):
 * 1. reads the manifest shards of the slugs changed here since this machine's last push to this namespace
 *    (pending.ts; all local articles on a first push), and compares;
 * 2. writes the new and changed articles (read again from their files) with their canonical-URL records;
 * 3. updates the lists from that change, refilling a list from the manifest only when deletions emptied its
 *    reserve, and writes the lists that changed, the section index and the reserve;
 * 4. writes the manifest shards it changed, then deletes the articles removed here (after the lists stop
 *    pointing at them).
 * Articles this machine never had are left alone: they are other editors' stories. `full` repairs drift instead:
 * it lists every key, reports where the namespace and its manifest disagree, and makes the namespace hold exactly
 * this machine's content, manifest included.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BuiltContent, type KvEntry, hashOf, readArticle } from '../build/build-content.ts';
import type { CachedArticle } from '../build/build-cache.ts';
import { NewestLists } from '../build/newest-lists.ts';
import { KEY_PREFIX, MANIFEST_SHARDS, PUSH_KEY_PREFIX, articleKey, canonicalKeyOfDigest, listStateKey, manifestShardKey, stateKey } from '../records.ts';
import { type Article, type Headline, toHeadline } from '../schema.ts';
import { type KvTarget, openLocal, openRemote } from './kv-target.ts';
import { LOCAL_SETTLE_MS, REMOTE_SETTLE_MS, acquireLease } from './lease.ts';
import { ALL_SECTIONS, BREAKING_CANDIDATES, ListState, RESERVE } from './list-state.ts';
import { type Expiring, keptFirst } from '../build/breaking-lists.ts';
import { readPending, targetId, writePending } from './pending.ts';
import { publishState } from './publish-state.ts';
import { type PurgeOptions, type PurgeReport, purgeEdge } from './purge-edge.ts';

export interface PushOptions {
  /** `local`: the KV that `wrangler dev` and `npm start` use; `remote`: the deployed namespace. */
  target: 'local' | 'remote';
  /** Local persistence folder (wrangler's `--persist-to`); default `.wrangler/state`. */
  persistTo?: string;
  /** List every key, report drift from the manifest, and make the namespace hold exactly this content. Default false. */
  full?: boolean;
  /** Allow a push that would leave no articles. Default false. */
  allowEmpty?: boolean;
  /** Progress lines. */
  log?: (line: string) => void;
  /** Awaited after the lists' reserve is read and before the lists are written: where two unserialized pushes
   * would lose one's update (the concurrency test holds a push here). */
  onListsRead?: () => Promise<void>;
  /** Where the edge purge finds its settings (tests). */
  purge?: PurgeOptions;
}

export class PushRefused extends Error {}

export interface PushReport {
  /** Records written: articles, canonical-URL records, lists and the section index (not the push's own records). */
  written: number;
  /** Records compared and found the same. */
  unchanged: number;
  deleted: number;
  /** What `full` found, before repairing it. */
  drift?: Drift;
  /** The content state version this push wrote (publish-state.ts), when it changed anything. */
  version?: string;
  /** What the edge purge after it did (purge-edge.ts). */
  purge?: PurgeReport;
}

/** Where the namespace and its manifest disagree: writes that failed halfway, or writes by other tools. */
export interface Drift {
  /** In the manifest, not in the namespace. */
  missing: string[];
  /** In the namespace, not in the manifest. */
  unexpected: string[];
  /** Stored with another hash than the manifest says. */
  differing: string[];
}

/** `[articleHash, canonicalDigest, section, publishedAt ms, breakingUntil ms?]` */
type ManifestEntry = [string, string, string, number, number?];

function manifestEntry(row: CachedArticle): ManifestEntry {
  const entry: ManifestEntry = [row.articleHash, row.canonicalDigest, row.section, row.at];
  if (row.breakingUntil !== undefined) entry.push(row.breakingUntil);
  return entry;
}
type Shard = Record<string, ManifestEntry>;

/** Articles read back from their files per round, so a first push of a large archive holds a bounded number. */
const WRITE_BATCH = 2_000;

export function shardOf(slug: string): number {
  return createHash('sha256').update(slug).digest()[0]! % MANIFEST_SHARDS;
}

export async function pushContent(build: BuiltContent, options: PushOptions): Promise<PushReport> {
  const log = options.log ?? (() => {});
  const kv = options.target === 'local' ? await openLocal(options.persistTo) : await openRemote();
  try {
    const id = targetId(kv.description);
    const pending = options.full ? undefined : await readPending(build.cacheDir, id);
    const lease = await acquireLease(kv, {
      settleMs: options.target === 'local' ? LOCAL_SETTLE_MS : REMOTE_SETTLE_MS,
      onWait: (holder) => log(`  waiting for another push to finish (${holder})`),
    });
    let reconciled: Set<string>;
    let report: PushReport;
    try {
      const push = new Push(kv, build, options, log);
      // A namespace with no lists' reserve was never pushed to, or was emptied since (a wiped .wrangler/state):
      // what this machine remembers sending is not there, so every local article is compared.
      const known = pending && (await kv.getMany([listStateKey()])).get(listStateKey());
      reconciled = known ? new Set(pending.keys()) : await build.articles.slugs();
      report = options.full ? await push.full() : await push.incremental(reconciled);
      // Last, still holding the lease: the state vouches for everything written before it.
      const version = await publishState(kv, report.written + report.deleted, build.partners);
      if (version !== undefined) report.version = version;
    } finally {
      await lease.release();
    }
    if (report.version !== undefined) {
      report.purge = await purgeEdge(options.target, kv, options.purge);
      log(`  ${report.purge.message}`);
    }
    // Sent slugs are done, unless a build that started after this push's own found them changed again.
    const now = (await readPending(build.cacheDir, id)) ?? new Map<string, number>();
    for (const [slug, at] of now) if (options.full || (reconciled.has(slug) && at <= build.startedAt)) now.delete(slug);
    await writePending(build.cacheDir, id, now);
    return report;
  } finally {
    await kv.close();
  }
}

class Push {
  readonly #kv: KvTarget;
  readonly #build: BuiltContent;
  readonly #options: PushOptions;
  readonly #log: (line: string) => void;
  readonly #report: PushReport = { written: 0, unchanged: 0, deleted: 0 };

  constructor(kv: KvTarget, build: BuiltContent, options: PushOptions, log: (line: string) => void) {
    this.#kv = kv;
    this.#build = build;
    this.#options = options;
    this.#log = log;
  }

  async incremental(slugs: ReadonlySet<string>): Promise<PushReport> {
    const shards = await this.#readShards(new Set([...slugs].map(shardOf)));
    // Only the changed articles' rows are looked up in the build's cache: the archive is never held here.
    const locals = await this.#build.articles.get(slugs);
    const toWrite: CachedArticle[] = [];
    const toDelete: string[] = [];
    const changedShards = new Set<number>();
    const gone: Array<[slug: string, entry: ManifestEntry]> = []; // stored entries replaced or removed
    for (const slug of slugs) {
      const local = locals.get(slug);
      const shard = shards.get(shardOf(slug))!;
      const stored = shard[slug];
      if (local && stored && stored[0] === local.articleHash && stored[1] === local.canonicalDigest) {
        this.#report.unchanged += 2;
        continue;
      }
      if (stored) {
        gone.push([slug, stored]);
        if (!local || stored[1] !== local.canonicalDigest) toDelete.push(canonicalKeyOfDigest(stored[1]));
        if (!local) toDelete.push(articleKey(slug));
      }
      if (local) {
        toWrite.push(local);
        shard[slug] = manifestEntry(local);
      } else delete shard[slug];
      changedShards.add(shardOf(slug));
    }
    if (toDelete.length > 0 && !this.#options.allowEmpty && this.#build.articles.count() === 0) {
      throw new PushRefused(`content/articles/ is empty: pushing it would delete ${gone.length} stored article(s) (allow with --allow-empty)`);
    }

    const stateText = (await this.#kv.getMany([listStateKey()])).get(listStateKey());
    await this.#options.onListsRead?.();
    // No reserve yet (a first push, or a namespace from before the manifest): refilled from the manifest below.
    const state = stateText ? ListState.parse(stateText) : new ListState();
    if (stateText) for (const [slug, entry] of gone) state.remove(entry[2], slug);
    await this.#writeArticles(toWrite, (row, headline) => stateText && state.add(row.section, headline));
    if (!stateText || state.short().length > 0) await this.#refill(state, shards, !stateText);
    await this.#writeLists(state);
    await this.#kv.put([...changedShards].map((n) => shardEntry(n, shards.get(n)!)));
    await this.#kv.delete(toDelete);
    this.#report.deleted += toDelete.length;
    if (toDelete.length > 0) this.#log(`  deleted ${toDelete.length} record(s)`);
    return this.#report;
  }

  async full(): Promise<PushReport> {
    // The push's own records and the state record are not content: never drift, never deleted as stale.
    const listed = new Map((await this.#kv.list(KEY_PREFIX)).filter((k) => !k.name.startsWith(PUSH_KEY_PREFIX) && k.name !== stateKey()).map((k) => [k.name, k.hash]));
    const all = new Set(Array.from({ length: MANIFEST_SHARDS }, (_, n) => n));
    const shards = await this.#readShards(all);
    const drift = driftOf(listed, shards);
    this.#report.drift = drift;
    const found = drift.missing.length + drift.unexpected.length + drift.differing.length;
    this.#log(found === 0 ? '  no drift: the namespace holds what its manifest says' : `  drift: ${drift.missing.length} missing, ${drift.unexpected.length} unexpected, ${drift.differing.length} differing from the manifest; repairing`);
    const listedArticles = [...listed.keys()].filter((key) => key.startsWith(articleKey(''))).length;
    if (listedArticles > 0 && !this.#options.allowEmpty && this.#build.articles.count() === 0) {
      throw new PushRefused(`content/articles/ is empty: pushing it would delete all ${listedArticles} stored article(s) (allow with --allow-empty)`);
    }

    const desired = new Set<string>();
    const toWrite: CachedArticle[] = [];
    const fresh = new Map<number, Shard>([...all].map((n) => [n, {}]));
    for (const batch of this.#build.articles.batches(10_000)) for (const local of batch) {
      const keys: Array<[string, string]> = [[articleKey(local.slug), local.articleHash], [canonicalKeyOfDigest(local.canonicalDigest), local.canonicalHash]];
      for (const [key] of keys) desired.add(key);
      if (keys.every(([key, hash]) => listed.get(key) === hash)) this.#report.unchanged += 2;
      else toWrite.push(local);
      fresh.get(shardOf(local.slug))![local.slug] = manifestEntry(local);
    }
    await this.#writeArticles(toWrite, () => {});
    const state = new ListState();
    await this.#refill(state, fresh, true);
    // Every list is compared with what is stored, not with what the reserve says was written.
    for (const [key] of state.records()) state.written.set(key, listed.get(key) ?? '');
    await this.#writeLists(state);
    for (const [key] of state.records()) desired.add(key);
    await this.#kv.put([...all].map((n) => shardEntry(n, fresh.get(n)!)));
    const stale = [...listed.keys()].filter((key) => !desired.has(key));
    await this.#kv.delete(stale);
    this.#report.deleted += stale.length;
    return this.#report;
  }

  async #readShards(numbers: ReadonlySet<number>): Promise<Map<number, Shard>> {
    const values = await this.#kv.getMany([...numbers].map(manifestShardKey));
    return new Map([...numbers].map((n) => [n, JSON.parse(values.get(manifestShardKey(n)) ?? '{}') as Shard]));
  }

  /** Writes the articles and their canonical-URL records from their files, handing on each one's headline. */
  async #writeArticles(articles: readonly CachedArticle[], onHeadline: (row: CachedArticle, headline: Headline) => unknown): Promise<void> {
    for (let start = 0; start < articles.length; start += WRITE_BATCH) {
      const entries: KvEntry[] = [];
      for (const row of articles.slice(start, start + WRITE_BATCH)) {
        const article = await this.#readBuilt(row);
        entries.push({ key: articleKey(row.slug), value: JSON.stringify(article), metadata: { hash: row.articleHash } });
        entries.push({ key: canonicalKeyOfDigest(row.canonicalDigest), value: JSON.stringify({ slug: row.slug }), metadata: { hash: row.canonicalHash } });
        onHeadline(row, toHeadline(article));
      }
      await this.#kv.put(entries);
      this.#report.written += entries.length;
      this.#log(`  wrote ${this.#report.written} record(s)`);
    }
  }

  /** The article as the build validated it: read again from its file, and refused if it changed since. */
  async #readBuilt(row: CachedArticle): Promise<Article> {
    const file = join(this.#build.articlesDir, row.file);
    const article = readArticle(await readFile(file, 'utf8'), file, row.file, []);
    if (!article || hashOf(JSON.stringify(article)) !== row.articleHash) throw new PushRefused(`${file} changed after it was built: push again`);
    return article;
  }

  /** Rebuilds short lists (or all, `everything`) from the manifest, reading the headlines they need from KV. */
  async #refill(state: ListState, known: Map<number, Shard>, everything: boolean): Promise<void> {
    const missing = new Set(Array.from({ length: MANIFEST_SHARDS }, (_, n) => n).filter((n) => !known.has(n)));
    const shards = new Map([...known, ...(await this.#readShards(missing))]);
    const wanted = new Set(everything ? [] : state.short());
    this.#log(`  refilling ${everything ? 'every list' : `${wanted.size} list(s)`} from the manifest`);
    const newest = new NewestLists<{ slug: string; at: number }>(RESERVE);
    const counts = new Map<string, number>();
    const breaking = new Map<string, Expiring[]>(); // every breaking story by list, when refilling everything
    for (const shard of shards.values()) {
      for (const [slug, [, , section, at, until]] of Object.entries(shard)) {
        counts.set(section, (counts.get(section) ?? 0) + 1);
        if (everything && typeof until === 'number') {
          for (const list of [ALL_SECTIONS, section]) {
            if (!breaking.has(list)) breaking.set(list, []);
            breaking.get(list)!.push({ slug, at, until });
          }
        }
        if (everything || wanted.has(ALL_SECTIONS)) newest.insert(ALL_SECTIONS, { slug, at });
        if (everything || wanted.has(section)) newest.insert(section, { slug, at });
      }
    }
    const lists = everything ? [ALL_SECTIONS, ...counts.keys()] : [...wanted];
    const candidates = new Map([...breaking].map(([list, items]) => [list, items.sort(keptFirst).slice(0, BREAKING_CANDIDATES)]));
    const slugs = new Set(lists.flatMap((list) => [...newest.items(list), ...(candidates.get(list) ?? [])].map((item) => item.slug)));
    const have = new Map([...state.lists.values()].flat().map((h) => [h.slug, h]));
    const need = [...slugs].filter((slug) => !have.has(slug));
    const values = await this.#kv.getMany(need.map(articleKey));
    for (const slug of need) {
      const text = values.get(articleKey(slug));
      if (!text) throw new Error(`the manifest lists ${slug} but the namespace has no record of it: run content:push with --full`);
      have.set(slug, toHeadline(JSON.parse(text) as Article));
    }
    state.counts.clear();
    for (const [section, count] of counts) state.counts.set(section, count);
    for (const list of lists) state.lists.set(list, newest.items(list).map((item) => have.get(item.slug)!));
    if (everything) {
      state.breaking.clear();
      for (const [list, items] of candidates) state.breaking.set(list, items.map((item) => have.get(item.slug)!));
    }
    for (const list of [...state.lists.keys()]) if (list !== ALL_SECTIONS && !counts.has(list)) state.lists.delete(list);
  }

  /** Writes the list records whose value changed, deletes lists of emptied sections, and stores the reserve. */
  async #writeLists(state: ListState): Promise<void> {
    const records = state.records();
    const entries: KvEntry[] = [];
    for (const [key, value] of records) {
      const text = JSON.stringify(value);
      const hash = hashOf(text);
      if (state.written.get(key) === hash) this.#report.unchanged += 1;
      else entries.push({ key, value: text, metadata: { hash } });
      state.written.set(key, hash);
    }
    const kept = new Set(records.map(([key]) => key));
    const emptied = [...state.written.keys()].filter((key) => !kept.has(key));
    for (const key of emptied) state.written.delete(key);
    await this.#kv.put([...entries, { key: listStateKey(), value: state.serialize(), metadata: { hash: '' } }]);
    this.#report.written += entries.length;
    await this.#kv.delete(emptied);
    this.#report.deleted += emptied.length;
  }
}

function shardEntry(n: number, shard: Shard): KvEntry {
  const value = JSON.stringify(shard);
  return { key: manifestShardKey(n), value, metadata: { hash: hashOf(value) } };
}

/** Compares a listing of the content keys with the manifest (lists and the section index are not in it). */
function driftOf(listed: ReadonlyMap<string, string | undefined>, shards: ReadonlyMap<number, Shard>): Drift {
  const drift: Drift = { missing: [], unexpected: [], differing: [] };
  const expected = new Map<string, string>();
  for (const shard of shards.values()) {
    for (const [slug, [hash, digest]] of Object.entries(shard)) {
      expected.set(articleKey(slug), hash);
      expected.set(canonicalKeyOfDigest(digest), hashOf(JSON.stringify({ slug })));
    }
  }
  for (const [key, hash] of expected) {
    if (!listed.has(key)) drift.missing.push(key);
    else if (listed.get(key) !== hash) drift.differing.push(key);
  }
  for (const key of listed.keys()) {
    if (!expected.has(key) && (key.startsWith(articleKey('')) || key.startsWith(canonicalKeyOfDigest('')))) drift.unexpected.push(key);
  }
  return drift;
}
