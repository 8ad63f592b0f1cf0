/**
 * What the worker tests share: valid articles, seeding real (Miniflare) KV through the same record layout
 * the build writes, a worker with its own clock and KV, and a KV wrapper that counts reads or fails on
 * demand (fault injection around the real binding, not a stand-in for it).
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import * as v from 'valibot';
import { afterEach, vi } from 'vitest';
import { HeadlineLists } from '../../content/build/headline-lists.ts';
import { articleKey, canonicalKey, stateKey } from '../../content/records.ts';
import { type Article, ArticleInput } from '../../content/schema.ts';
import { createApp } from '../../worker/index.ts';

let origins = 0;

/** A new origin per test: cache keys include the origin, and the Cache API outlives a single test. */
export function freshOrigin(): string {
  origins += 1;
  return `https://t${origins}-${crypto.randomUUID().slice(0, 8)}.khabar.test`;
}

/** A valid article; `n` spaces publication times an hour apart (higher `n` is newer). */
export function makeArticle(n: number, overrides: Partial<ArticleInput> = {}): Article {
  const slug = overrides.slug ?? `article-${n}`;
  return v.parse(ArticleInput, {
    slug,
    title: `عنوان الخبر رقم ${n}`,
    section: 'news',
    publishedAt: new Date(Date.UTC(2026, 10, 1) + n * 3_600_000).toISOString(),
    url: `https://news.example/articles/${slug}`,
    source: 'خبر',
    body: [`الفقرة الأولى من الخبر ${n}.`, 'الفقرة الثانية.'],
    ...overrides,
  });
}

/** Writes the records `npm run content:build` would produce for these articles. */
export async function seed(articles: Article[], kv: KVNamespace = env.ARTICLES): Promise<void> {
  const lists = new HeadlineLists();
  for (const article of articles) {
    lists.add(article);
    await kv.put(articleKey(article.slug), JSON.stringify(article));
  }
  for (const [key, value] of lists.records()) await kv.put(key, JSON.stringify(value));
}

export type KvMode = 'ok' | 'throw' | 'hang';

/**
 * The real binding, with `get` counted, and made to throw or never answer when asked. Reads of the content state
 * record (worker/content-state.ts: at most one per isolate per second, none while the Cache API holds it) are
 * counted apart, in `stateReads`: `reads` counts the records a response is made of.
 */
export function instrumentedKv(kv: KVNamespace = env.ARTICLES) {
  const state = { reads: 0, stateReads: 0, mode: 'ok' as KvMode, options: [] as unknown[] };
  const wrapped = new Proxy(kv, {
    get(target, property) {
      if (property !== 'get') return Reflect.get(target, property, target);
      return (...args: Parameters<KVNamespace['get']>) => {
        if ((args[0] as unknown) === stateKey()) state.stateReads += 1;
        else {
          state.reads += 1;
          state.options.push(args[1]);
        }
        if (state.mode === 'throw') return Promise.reject(new Error('KV GET failed: 500 Internal Server Error'));
        if (state.mode === 'hang') return new Promise(() => {});
        return (target.get as (...a: unknown[]) => Promise<unknown>)(...args);
      };
    },
  });
  return { kv: wrapped, state };
}

export interface TestWorkerOptions {
  now?: () => number;
  kv?: KVNamespace;
  cache?: () => Cache;
  vars?: Partial<Record<keyof Env, string>>;
}

/**
 * One worker isolate's worth of state (memory tier, refresh bookkeeping) with an injected clock and KV.
 * `settle()` waits for everything handed to `waitUntil`, as the runtime would after the response.
 *
 * Unless `vars.PUBLIC_ORIGINS` says otherwise, it serves every host it is asked for, as `https://<host>`: as a
 * deploy whose PUBLIC_ORIGINS lists exactly that host would (so each test can use its own `freshOrigin()`). Tests of
 * which hosts are served, and of the loopback pair npm start serves, set PUBLIC_ORIGINS themselves.
 */
export function testWorker(options: TestWorkerOptions = {}) {
  const app = createApp({ ...(options.now && { now: options.now }), ...(options.cache && { cache: options.cache }) });
  const workerEnv = { ...env, ...options.vars, ...(options.kv && { ARTICLES: options.kv }) } as Env;
  const envs = new Map<string, Env>(); // one per host, as readConfig parses each env once
  const envFor = (url: string): Env => {
    if (options.vars?.PUBLIC_ORIGINS !== undefined) return workerEnv;
    const { host } = new URL(url);
    let hostEnv = envs.get(host);
    if (!hostEnv) envs.set(host, (hostEnv = { ...workerEnv, PUBLIC_ORIGINS: `https://${host}` }));
    return hostEnv;
  };
  const pending: ExecutionContext[] = [];
  return {
    async fetch(url: string, init?: RequestInit): Promise<Response> {
      const ctx = createExecutionContext();
      pending.push(ctx);
      return app.fetch(new Request(url, init), envFor(url), ctx);
    },
    async settle(): Promise<void> {
      while (pending.length > 0) await waitOnExecutionContext(pending.shift()!);
    },
  };
}

/** What npm start serves on its default port: both loopback names (content/preview.ts). */
export const PREVIEW_ORIGINS = 'http://localhost:8787,http://127.0.0.1:8787';

let shared: ReturnType<typeof testWorker> | undefined;

/**
 * A request to one worker shared by the test file, which serves whatever origin the URL names (see testWorker),
 * with wrangler.toml's [vars] otherwise. `exports.default` serves only wrangler.toml's PUBLIC_ORIGINS.
 */
export function fetchWorker(url: string, init?: RequestInit): Promise<Response> {
  shared ??= testWorker();
  return shared.fetch(url, init);
}

/** The cache lifetimes wrangler.toml sets, in seconds. */
export const lifetimes = {
  headlinesMaxAge: Number(env.HEADLINES_MAX_AGE),
  articleMaxAge: Number(env.ARTICLE_MAX_AGE),
  staleWhileRevalidate: Number(env.STALE_WHILE_REVALIDATE),
  staleIfError: Number(env.STALE_IF_ERROR),
  notFoundMaxAge: Number(env.NOT_FOUND_MAX_AGE),
};

/** A clock the test moves by hand. */
export function manualClock(start = Date.parse('2026-11-25T10:00:00Z')) {
  const clock = { time: start, now: () => clock.time, advance: (seconds: number) => (clock.time += seconds * 1000) };
  return clock;
}

/** Parses a problem+json response and checks the RFC 9457 members every problem has. */
export async function readProblem(response: Response) {
  expectHeader(response, 'content-type', /^application\/problem\+json/);
  const body = (await response.json()) as { type: string; title: string; status: number; detail: string; errors?: Array<{ in: string; name: string; detail: string }> };
  if (body.status !== response.status) throw new Error(`problem status ${body.status} differs from HTTP ${response.status}`);
  for (const member of ['type', 'title', 'detail'] as const) {
    if (typeof body[member] !== 'string' || body[member] === '') throw new Error(`problem lacks "${member}"`);
  }
  return body;
}

function expectHeader(response: Response, name: string, pattern: RegExp): void {
  const value = response.headers.get(name) ?? '';
  if (!pattern.test(value)) throw new Error(`${name}: expected ${pattern}, got ${JSON.stringify(value)}`);
}

/**
 * Arrange for the freshness tests: a worker with counted KV and a hand-moved clock that has answered
 * `path` once, and stored the answer, as a first reader would have.
 */
export async function cachedOnce(path: string) {
  const clock = manualClock();
  const { kv, state } = instrumentedKv();
  const url = `${freshOrigin()}${path}`;
  const worker = testWorker({ kv, now: clock.now });
  const first = await worker.fetch(url);
  await worker.settle();
  return { clock, kv: state, url, worker, first };
}

/**
 * Collects what the worker logs as faults, and keeps the run's output clean. Call at the top of a test
 * file; the returned function starts collecting for one test.
 */
export function useFaultLog() {
  afterEach(() => {
    vi.restoreAllMocks();
  });
  return function captureFaults() {
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => void lines.push(String(line)));
    return { events: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
  };
}

/** One element of a page as the worker sent it: its tag, attributes and text, HTML entities decoded. */
export interface HtmlNode {
  tag: string;
  attrs: Record<string, string>;
  /** Every text inside it, its descendants' included. */
  text: string;
}

/** Elements with no end tag: nothing nests inside them. */
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/**
 * A page read with workerd's own HTML parser (HTMLRewriter), not regular expressions, so a test sees the
 * elements a browser would. `raw` is the markup as sent.
 */
export async function readPage(response: Response) {
  const raw = await response.text();
  const all = async (selector: string): Promise<HtmlNode[]> => {
    const found: HtmlNode[] = [];
    const open: HtmlNode[] = [];
    const rewriter = new HTMLRewriter().on(selector, {
      element(element) {
        const attrs: Record<string, string> = {};
        for (const [name, value] of element.attributes) attrs[name!] = decodeEntities(value ?? '');
        const node: HtmlNode = { tag: element.tagName, attrs, text: '' };
        found.push(node);
        if (VOID_ELEMENTS.has(element.tagName)) return;
        open.push(node);
        element.onEndTag(() => void open.splice(open.indexOf(node), 1));
      },
      text(chunk) {
        for (const node of open) node.text += chunk.text;
      },
    });
    await rewriter.transform(new Response(raw)).text();
    for (const node of found) node.text = decodeEntities(node.text);
    return found;
  };
  return {
    raw,
    all,
    /** The one element `selector` matches; throws when it matches none or several. */
    async one(selector: string): Promise<HtmlNode> {
      const nodes = await all(selector);
      if (nodes.length !== 1) throw new Error(`expected one ${selector}, found ${nodes.length}`);
      return nodes[0]!;
    },
  };
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));/gi, (entity, hex?: string, decimal?: string, name?: string) => {
    if (hex !== undefined) return String.fromCodePoint(Number.parseInt(hex, 16));
    if (decimal !== undefined) return String.fromCodePoint(Number.parseInt(decimal, 10));
    return NAMED_ENTITIES[name!.toLowerCase()] ?? entity;
  });
}

/**
 * `seed` plus the index records the content build writes beside them: the section index (what the configurator
 * offers) and each article's canonical-URL entry (what oEmbed resolves a publisher's URL with), keyed by
 * records.ts as the build keys them. test/content checks that key independently, and the end-to-end tests
 * check the same lookup against a real build.
 */
export async function seedWithIndexes(articles: Article[], kv: KVNamespace = env.ARTICLES): Promise<void> {
  await seed(articles, kv);
  const lists = new HeadlineLists();
  for (const article of articles) {
    lists.add(article);
    await kv.put(await canonicalKey(article.url), JSON.stringify({ slug: article.slug }));
  }
  const [key, value] = lists.sectionIndex();
  await kv.put(key, JSON.stringify(value));
}

