/**
 * The only code that reads KV. Every read is one `get` (with `cacheTtl`) bounded by a timeout, and what
 * comes back is parsed by the schema, not cast: a fault is a value the caller must handle.
 */
import * as v from 'valibot';
import { PREVIEW_STATUS_KEY, PreviewStatus } from '../content/preview-status.ts';
import { articleKey, canonicalKey, embedKey, headlinesKey, sectionsKey, stateKey } from '../content/records.ts';
import { Article, CanonicalRecord, Headline, type HeadlineList, SectionList, StateRecord, Timestamp, describeIssues } from '../content/schema.ts';
import { logFault, reasonOf } from './log-fault.ts';

export type Lookup<T> =
  | { status: 'found'; value: T }
  | { status: 'missing' }
  /** KV threw or did not answer in time. */
  | { status: 'unavailable'; reason: string }
  /** KV answered with something the schema rejects. */
  | { status: 'corrupt' };

export interface StoreOptions {
  /** Seconds KV may cache a value at the edge (min 30). */
  cacheTtl: number;
  /** Milliseconds before a read counts as failed. */
  timeoutMs: number;
  /** Article URLs starting with `from` are handed out starting with `to` (the local preview's own pages). */
  links?: { from: string; to: string };
}

export interface Store {
  article(slug: string): Promise<Lookup<Article>>;
  /** The precomputed list for one section, or for all sections when `section` is absent. */
  headlines(section?: string): Promise<Lookup<HeadlineList>>;
  /** A past embed build's script, archived at deploy time. */
  embed(version: string): Promise<Lookup<string>>;
  /** Every section that has articles. */
  sections(): Promise<Lookup<SectionList>>;
  /** The slug of the article whose canonical URL this is. */
  canonical(url: string): Promise<Lookup<CanonicalRecord>>;
  /** What `npm start` last made of content/ (only the local preview writes it). */
  previewStatus(): Promise<Lookup<PreviewStatus>>;
  /** The content state record (read only by worker/content-state.ts, which holds it). */
  state(): Promise<Lookup<StateRecord>>;
}

/** KV's shortest edge cache: the state record is worth seeing soon after a push. */
const MIN_CACHE_TTL = 30;

const ListEnvelope = v.object({ items: v.array(v.unknown()), updatedAt: v.nullable(Timestamp) });

export function createStore(kv: KVNamespace, options: StoreOptions): Store {
  async function readText(key: string, cacheTtl = options.cacheTtl): Promise<Lookup<string>> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
    });
    let text: string | null;
    try {
      text = await Promise.race([kv.get(key, { type: 'text', cacheTtl }), timeout]);
    } catch (error) {
      const reason = reasonOf(error);
      logFault('kv-unavailable', { key, reason });
      return { status: 'unavailable', reason };
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
    return text === null ? { status: 'missing' } : { status: 'found', value: text };
  }

  async function read(key: string, cacheTtl?: number): Promise<Lookup<unknown>> {
    const raw = await readText(key, cacheTtl);
    if (raw.status !== 'found') return raw;
    try {
      return { status: 'found', value: JSON.parse(raw.value) };
    } catch {
      logFault('corrupt-record', { key, problems: [{ path: '', message: 'not JSON' }] });
      return { status: 'corrupt' };
    }
  }

  async function readParsed<S extends v.GenericSchema>(key: string, schema: S, cacheTtl?: number): Promise<Lookup<v.InferOutput<S>>> {
    const raw = await read(key, cacheTtl);
    if (raw.status !== 'found') return raw;
    const result = v.safeParse(schema, raw.value);
    if (result.success) return { status: 'found', value: result.output };
    logFault('corrupt-record', { key, problems: describeIssues(result.issues) });
    return { status: 'corrupt' };
  }

  /** Applied to every article and headline read, so the API, the pages and oEmbed all agree. */
  function relink<T extends { url: string }>(item: T): T {
    const links = options.links;
    if (!links || !item.url.startsWith(`${links.from}/`)) return item;
    return { ...item, url: links.to + item.url.slice(links.from.length) };
  }

  return {
    async article(slug) {
      const lookup = await readParsed(articleKey(slug), Article);
      return lookup.status === 'found' ? { status: 'found', value: relink(lookup.value) } : lookup;
    },
    sections: () => readParsed(sectionsKey(), SectionList),
    canonical: async (url) => readParsed(await canonicalKey(url), CanonicalRecord),
    previewStatus: () => readParsed(PREVIEW_STATUS_KEY, PreviewStatus),
    state: () => readParsed(stateKey(), StateRecord, MIN_CACHE_TTL),

    async headlines(section) {
      const key = headlinesKey(section);
      const raw = await read(key);
      if (raw.status !== 'found') return raw;
      const envelope = v.safeParse(ListEnvelope, raw.value);
      if (!envelope.success) {
        logFault('corrupt-record', { key, problems: describeIssues(envelope.issues) });
        return { status: 'corrupt' };
      }
      // One bad item must not take the whole list down: skip it, say so in the log.
      const items: Headline[] = [];
      envelope.output.items.forEach((item, index) => {
        const result = v.safeParse(Headline, item);
        if (result.success) items.push(relink(result.output));
        else logFault('corrupt-record', { key, item: index, problems: describeIssues(result.issues) });
      });
      return { status: 'found', value: { items, updatedAt: envelope.output.updatedAt } };
    },

    embed(version) {
      return readText(embedKey(version));
    },
  };
}
