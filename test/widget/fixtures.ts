/**
 * The headline lists the scripted API serves, one per scenario. Shared by the API (Node) and the tests
 * (browser), so a test asserts on the very headlines it was served. Timestamps are relative to `now`,
 * which the API fixes at a run's first request: a refresh of the same run then gets the same bytes (and
 * ETag), and relative dates read the same every time («قبل ٣ دقائق»).
 */
import type { Headline, HeadlineList } from '../../widget/api-types.ts';
import { recorded } from '../fixtures/api-contract.ts';

/**
 * What the scripted API answers at `/v1/headlines` on the origin `http://<scenario>--<run>.localhost:<port>`
 * (Chromium resolves every `*.localhost` name to the loopback address, so each test gets an origin of its own).
 */
export const SCENARIOS = [
  /** Six Arabic headlines, right to left. */
  'arabic',
  /** Six English headlines, left to right. */
  'english',
  /** Arabic headlines with Latin words inside, and English ones among them; the first is Arabic. */
  'mixed',
  /** No headlines at all (`items: []`, `updatedAt: null`). */
  'empty',
  /** 503 `application/problem+json` (the recorded `unavailable` answer), every time. */
  'error',
  /** The Arabic list, after `SLOW_MS`. */
  'slow',
  /** The `images` list, after `SLOW_MS`. */
  'slow-images',
  /** The Arabic list, served stale by the worker because KV failed (the recorded `stale-if-error` answer). */
  'stale',
  /** The Arabic list, just read again from KV in place of a copy too old to serve (`fwd=stale; stored`): fresh. */
  'refreshed',
  /** Hostile fields: markup in titles, `javascript:`/`data:` URLs. */
  'xss',
  /** Arabic headlines with lead pictures. */
  'images',
  /** 503 on a run's first request, the Arabic list afterwards. */
  'flaky',
  /** 200 with a body that is not JSON (a captive portal, a misconfigured proxy). */
  'garbage',
  /**
   * The Arabic list on a run's first request; from the second on, a newer list (another ETag): a breaking
   * headline on top, the five newest Arabic ones after it, the oldest gone.
   */
  'changing',
  /** The Arabic list on a run's first request, 503 on every later one: the origin went down after a good load. */
  'fails-later',
  /** The Arabic list; a run's first request is answered after `SLOW_MS`, every later one at once. */
  'slow-first',
  /** The Arabic list with a breaking headline (`breaking: true`) on top, as the worker serves one while it lasts. */
  'breaking',
  /**
   * A content version the test sets (`GET /_version?set=<v>`, or `set=fail` for 503s; "1" at first), served at
   * `/v1/version` as the worker does: the Arabic list at version "1", the `breaking` list at any other.
   */
  'versioned',
  /** The Arabic list with a known partner's defaults, `partner: { theme: 'dark', lang: 'en' }` (contract C3). */
  'partner-defaults',
  /** A paused partner's answer, as the worker sends it: no headlines and `paused: true`. */
  'paused',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** How long the `slow` scenarios (and `slow-first`'s first request) wait before answering. */
export const SLOW_MS = 1500;

/** The `Cache-Status` the worker sends when KV failed and a stale copy was served (recorded from the worker). */
export const STALE_CACHE_STATUS = recorded('stale-if-error').headers['cache-status']!;
/** The `Cache-Status` of a list the worker re-read from KV because its cached copy was too old: fresh (recorded). */
export const REFRESHED_CACHE_STATUS = recorded('refreshed').headers['cache-status']!;

/** What `GET <api>/_count` reports about that run's `/v1/headlines` requests. */
export interface RequestCount {
  /** Every request, whatever its answer. */
  requests: number;
  /** Requests answered `304 Not Modified` (the browser revalidated its copy with `If-None-Match`). */
  notModified: number;
  /** Requests that are over: answered in full, or given up by the browser (aborted, the connection closed). */
  done: number;
  /** The query string of the latest request, e.g. `?limit=6`, or `null` before the first. */
  lastSearch: string | null;
  /** The path of the latest request, e.g. `/v1/headlines`, or `null` before the first. */
  lastPath: string | null;
  /** The query string of every request, in the order they arrived. */
  searches: string[];
  /** Requests for `/v1/version`, and those answered `304 Not Modified`. */
  versionRequests: number;
  versionNotModified: number;
  /** `POST /v1/events` as they arrived: the request's content type, any cookie, and the body. */
  events: { contentType: string | null; cookie: string | null; body: string }[];
  /** Embed files asked for (`/embed.js`, `/embed/count-<hash>.js`…), in order. */
  files: string[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long before `now` the newest headline changed: the status line reads «حُدّث قبل ٣ دقائق». */
export const UPDATED_AGO_MINUTES = 3;

/**
 * Ages of the six headlines, newest first. None is 1 or 2 of its unit, where Arabic uses words (قبل ساعتين)
 * instead of a number, so each relative date shows digits in the requested numbering system.
 */
const AGES = [UPDATED_AGO_MINUTES * MINUTE, 5 * HOUR, 7 * HOUR, 3 * DAY, 4 * DAY, 6 * DAY];

interface Seed {
  slug: string;
  title: string;
  section: string;
  lang?: string;
  url?: string;
  /** How long before `now` it was published; default: by its place in the list (`AGES`). */
  age?: number;
  /** Served with `breaking: true`. */
  breaking?: boolean;
}

const ARABIC: readonly Seed[] = [
  { slug: 'ar-budget', title: 'البرلمان يقر موازنة العام المقبل بعد جلسة طويلة', section: 'news' },
  // An existing query and fragment: partner parameters must be added to them, not replace them.
  { slug: 'ar-final', title: 'المنتخب يتأهل إلى نهائي كأس العرب', section: 'sport', url: 'https://khabar.example/articles/ar-final?ref=home#top' },
  { slug: 'ar-rain', title: 'أمطار غزيرة متوقعة على السواحل الشمالية', section: 'weather' },
  { slug: 'ar-book-fair', title: 'افتتاح معرض الكتاب بمشاركة خمسين دولة', section: 'culture' },
  { slug: 'ar-metro', title: 'خط المترو الجديد يدخل الخدمة الأسبوع المقبل', section: 'news' },
  { slug: 'ar-markets', title: 'الأسواق الخليجية تغلق على ارتفاع', section: 'business' },
];

const ENGLISH: readonly Seed[] = [
  { slug: 'en-budget', title: 'Parliament passes next year’s budget after a long session', section: 'news', lang: 'en' },
  { slug: 'en-final', title: 'National team reaches the Arab Cup final', section: 'sport', lang: 'en' },
  { slug: 'en-rain', title: 'Heavy rain expected on the northern coast', section: 'weather', lang: 'en' },
  { slug: 'en-book-fair', title: 'Book fair opens with fifty countries taking part', section: 'culture', lang: 'en' },
  { slug: 'en-metro', title: 'New metro line enters service next week', section: 'news', lang: 'en' },
  { slug: 'en-markets', title: 'Gulf markets close higher', section: 'business', lang: 'en' },
];

const MIXED: readonly Seed[] = [
  { slug: 'mx-iphone', title: 'إطلاق iPhone 17 في الرياض وسط إقبال كبير', section: 'tech' },
  { slug: 'mx-cop', title: 'COP31 opens with a call for faster cuts', section: 'news', lang: 'en' },
  { slug: 'mx-fifa', title: 'الاتحاد الدولي FIFA يعلن مواعيد التصفيات', section: 'sport' },
  { slug: 'mx-ai', title: 'Arabic large language models close the gap', section: 'tech', lang: 'en' },
  { slug: 'mx-nasdaq', title: 'مؤشر Nasdaq يسجل مستوى قياسيا', section: 'business' },
  { slug: 'mx-expo', title: 'Expo city welcomes record crowds', section: 'culture', lang: 'en' },
];

/** The headline text of the `xss` scenario's first card: it must appear literally, as text. */
export const XSS_TITLE = '<img src=x onerror=alert(1)>';

/** URLs the `xss` scenario serves; none may become a link (`http:` is allowed, see the contract). */
export const HOSTILE_URLS = [
  'javascript:alert(1)',
  'JavaScript:alert(2)',
  ' javascript:alert(3)',
  'java\tscript:alert(4)',
  'data:text/html,<script>alert(5)</script>',
] as const;

const XSS: readonly Seed[] = [
  { slug: 'xss-img', title: XSS_TITLE, section: 'news', url: HOSTILE_URLS[0] },
  { slug: 'xss-script', title: '<script>alert("t")</script> عنوان', section: 'news', url: HOSTILE_URLS[1] },
  { slug: 'xss-space', title: 'عنوان &amp; <b>عريض</b>', section: 'news', url: HOSTILE_URLS[2] },
  { slug: 'xss-tab', title: '"><svg onload=alert(1)>', section: 'news', url: HOSTILE_URLS[3] },
  { slug: 'xss-data', title: 'رابط بيانات', section: 'news', url: HOSTILE_URLS[4] },
  { slug: 'xss-safe', title: 'رابط سليم', section: 'news' },
];

/** The headline that the `changing` scenario puts on top from a run's second request on: a minute old. */
export const BREAKING: Readonly<Seed> = { slug: 'ar-breaking', title: 'عاجل: زلزال خفيف يضرب الساحل دون أضرار', section: 'news', age: MINUTE };

/** The `breaking` scenario's list: the breaking headline on top, flagged, then the five newest Arabic ones. */
const BREAKING_LIST: readonly Seed[] = [{ ...BREAKING, breaking: true }, ...ARABIC.slice(0, 5).map((seed, index) => ({ ...seed, age: AGES[index]! }))];

/** The `changing` scenario's list from the second request on: the breaking headline, then the Arabic ones, aged as before. */
const CHANGED: readonly Seed[] = [BREAKING, ...ARABIC.slice(0, 5).map((seed, index) => ({ ...seed, age: AGES[index]! }))];

function headline(seed: Seed, index: number, now: number): Headline {
  const lang = seed.lang ?? 'ar';
  return {
    slug: seed.slug,
    title: seed.title,
    lang,
    dir: lang === 'ar' ? 'rtl' : 'ltr',
    section: seed.section,
    publishedAt: new Date(now - (seed.age ?? AGES[index % AGES.length]!)).toISOString(),
    url: seed.url ?? `https://khabar.example/articles/${seed.slug}`,
    source: 'خبر',
    ...(seed.breaking ? { breaking: true } : {}),
  };
}

function list(seeds: readonly Seed[], now: number): HeadlineList {
  const items = seeds.map((seed, index) => headline(seed, index, now));
  return { items, updatedAt: items[0]?.publishedAt ?? null };
}

/** Intrinsic size of the lead pictures: wide, as news pictures are. */
export const IMAGE_SIZE = { width: 640, height: 360 } as const;

/**
 * The Arabic list with a lead picture on each headline. The pictures live on an `https:` origin where
 * nothing listens (port 9, refused at once), so they fail fast and offline, as a broken CDN would.
 */
function withImages(now: number): HeadlineList {
  const plain = list(ARABIC, now);
  return {
    ...plain,
    items: plain.items.map((item, index) => ({
      ...item,
      image: { src: `https://127.0.0.1:9/pictures/${item.slug}.jpg`, alt: `صورة ${index + 1}: ${item.title}`, ...IMAGE_SIZE },
      caption: `تعليق الصورة ${index + 1}`,
    })),
  };
}

/**
 * The list a scenario serves at `now` (before `limit` is applied) on a run's `attempt`-th request (1 = the
 * first); `null` when that request gets no list.
 */
export function headlinesFor(scenario: Scenario, now: number, attempt = 1, version = '1'): HeadlineList | null {
  switch (scenario) {
    case 'breaking':
      return list(BREAKING_LIST, now);
    case 'partner-defaults':
      return { ...list(ARABIC, now), partner: { theme: 'dark', lang: 'en' } };
    case 'paused':
      return { items: [], updatedAt: null, paused: true };
    case 'versioned':
      return list(version === '1' ? ARABIC : BREAKING_LIST, now);
    case 'arabic':
    case 'slow':
    case 'stale':
    case 'refreshed':
    case 'slow-first':
      return list(ARABIC, now);
    case 'flaky':
      return attempt === 1 ? null : list(ARABIC, now);
    case 'fails-later':
      return attempt === 1 ? list(ARABIC, now) : null;
    case 'changing':
      return list(attempt === 1 ? ARABIC : CHANGED, now);
    case 'english':
      return list(ENGLISH, now);
    case 'mixed':
      return list(MIXED, now);
    case 'xss':
      return list(XSS, now);
    case 'images':
    case 'slow-images':
      return withImages(now);
    case 'empty':
      return { items: [], updatedAt: null };
    case 'error':
    case 'garbage':
      return null;
  }
}

/** Splits `<scenario>--<run>.localhost` into its parts; `null` for any other host name. */
export function parseHost(hostname: string): { scenario: Scenario; run: string } | null {
  const match = /^([a-z-]+?)--([a-z0-9]+)\.localhost$/.exec(hostname);
  if (!match || !isScenario(match[1]!)) return null;
  return { scenario: match[1], run: match[2]! };
}

export function isScenario(value: string): value is Scenario {
  return (SCENARIOS as readonly string[]).includes(value);
}
