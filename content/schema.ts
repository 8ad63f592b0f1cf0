/**
 * The article, once. Content tools validate Markdown with `ArticleInput`, the worker parses what it
 * reads back from KV with `Article` / `Headline`, and the widget imports the *types* only.
 */
import * as v from 'valibot';
import { LIMITS } from './limits.ts';
import { balanceBidi, forbiddenCharacter, isInvisible } from './plain-text.ts';
import { urlProblem } from './url-rules.ts';

/** Lowercase ASCII words joined by single hyphens: safe in a URL path, a KV key and a file name. */
const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Scripts written right to left; any other language defaults to `ltr`. */
const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ku', 'ps', 'sd', 'ug', 'ur', 'yi']);

/** The text direction a language is written in, from its primary subtag. */
export function directionOf(lang: string): Direction {
  return RTL_LANGUAGES.has(lang.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr';
}

/** `must be at most N characters (got M)`: every bound says what it is and how far over the value went. */
function atMost(limit: number, unit = 'characters') {
  return (issue: { received: string }) => `must be at most ${limit} ${unit} (got ${issue.received})`;
}

/**
 * An absolute `https:` URL, stored as the WHATWG URL parser serializes it. Scheme-relative (`//host`),
 * `http:`, `javascript:`, `data:` and every other scheme are refused, and so is anything browsers would read
 * differently from how it is written (backslashes, tabs, invisible characters…): see url-rules.ts.
 */
export const HttpsUrl = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(LIMITS.url, atMost(LIMITS.url)),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = urlProblem(dataset.value);
    if (problem !== undefined) addIssue({ message: problem });
  }),
  v.transform((value) => new URL(value).href),
  v.maxLength(LIMITS.url, (issue) => `must be at most ${LIMITS.url} characters once percent-encoded (got ${issue.received})`),
);

export const Slug = v.pipe(
  v.string(),
  v.maxLength(LIMITS.slug, `must be at most ${LIMITS.slug} characters`),
  v.regex(SLUG_PATTERN, 'must be lowercase ASCII letters and digits joined by single hyphens'),
);

export const Section = v.pipe(
  v.string(),
  v.maxLength(LIMITS.section, `must be at most ${LIMITS.section} characters`),
  v.regex(SLUG_PATTERN, 'must be lowercase ASCII letters and digits joined by single hyphens'),
);

/**
 * Plain text of at most `limit` characters: no control characters, bidi embeddings and isolates closed within
 * the field, and refused when nothing would be seen (`allowEmpty`: except when it is truly empty, as a
 * decorative picture's `alt: ''`). See plain-text.ts.
 */
export function text(limit: number, { allowEmpty = false } = {}) {
  return v.pipe(
    v.string(),
    v.trim(),
    v.maxLength(limit, atMost(limit)),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const value = dataset.value;
      const forbidden = forbiddenCharacter(value);
      if (forbidden !== undefined) addIssue({ message: `must not contain control characters or lone surrogates (found ${forbidden})` });
      else if (value === '' ? !allowEmpty : isInvisible(value)) {
        addIssue({ message: value === '' ? 'must not be empty' : 'must not be empty once invisible characters are set aside' });
      }
    }),
    v.transform(balanceBidi),
  );
}

const TIMESTAMP_MESSAGE = 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-25T09:30:00Z';

/**
 * ISO 8601 date and time with a time zone, e.g. `2026-11-25T09:30:00Z`. It must also be a real moment that
 * `Date.parse` reads, since lists are ordered by it: `+05` (no minutes) and 31 February are refused.
 */
export const Timestamp = v.pipe(v.string(), v.isoTimestamp(TIMESTAMP_MESSAGE), v.check(isRealMoment, TIMESTAMP_MESSAGE));

function isRealMoment(value: string): boolean {
  if (!Number.isFinite(Date.parse(value))) return false;
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A BCP 47 language tag such as `ar`, `en` or `ar-EG`. */
export const Lang = v.pipe(
  v.string(),
  v.maxLength(LIMITS.lang, atMost(LIMITS.lang)),
  v.regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as "ar"'),
  // The pattern lets through tags such as `en-12` that Intl (dates on pages, in the carousel) refuses.
  v.check(isWellFormedTag, 'must be a BCP 47 language tag such as "ar"'),
);

function isWellFormedTag(tag: string): boolean {
  try {
    Intl.getCanonicalLocales(tag);
    return true;
  } catch {
    return false;
  }
}

export const Direction = v.picklist(['rtl', 'ltr'], 'must be "rtl" or "ltr"');
export type Direction = v.InferOutput<typeof Direction>;

const Dimension = v.pipe(
  v.number(),
  v.integer('must be a whole number'),
  v.minValue(1, 'must be at least 1'),
  v.maxValue(LIMITS.imageSide, (issue) => `must be at most ${LIMITS.imageSide} pixels (got ${issue.received})`),
);

export const Image = v.strictObject({
  /** Absolute https: URL of the picture. */
  src: HttpsUrl,
  /** Text alternative read to people who cannot see the picture; `''` for a decorative one. */
  alt: text(LIMITS.imageAlt, { allowEmpty: true }),
  /** Intrinsic size in pixels, so pages reserve the space before the picture loads. */
  width: Dimension,
  height: Dimension,
});
export type Image = v.InferOutput<typeof Image>;

const articleEntries = {
  /** Stable identifier, also the file name (`<slug>.md`) and the URL path segment. */
  slug: Slug,
  /** The headline, as plain text (never HTML). */
  title: text(LIMITS.title),
  /** Optional subtitle ("dek") shown under the headline. */
  dek: v.optional(text(LIMITS.dek)),
  /** Language of the text; `ar` unless stated. */
  lang: Lang,
  /** Writing direction; derived from `lang` unless stated. */
  dir: Direction,
  /** Section the article is listed under, e.g. `news`. */
  section: Section,
  /** When it was first published. Lists are ordered by this, newest first. */
  publishedAt: Timestamp,
  /** When it was last changed, if ever. */
  updatedAt: v.optional(Timestamp),
  /** Canonical URL of the article on the publisher's site. */
  url: HttpsUrl,
  /** Who published it (the newsroom's name). */
  source: text(LIMITS.source),
  /** Optional lead picture. */
  image: v.optional(Image),
  /** Optional caption of the lead picture. */
  caption: v.optional(text(LIMITS.caption)),
  /** The body: plain-text paragraphs, in order. */
  body: v.pipe(
    v.array(text(LIMITS.paragraph)),
    v.minLength(1, 'must have at least one paragraph'),
    v.maxLength(LIMITS.paragraphs, atMost(LIMITS.paragraphs, 'paragraphs')),
    v.check(
      (paragraphs) => totalLength(paragraphs) <= LIMITS.body,
      (issue) => `must be at most ${LIMITS.body} characters in all (got ${totalLength(issue.input)})`,
    ),
  ),
  /** Optional free-form tags. */
  tags: v.optional(v.pipe(v.array(text(LIMITS.tag)), v.maxLength(LIMITS.tags, atMost(LIMITS.tags, 'tags')))),
  /** Breaking news: first in every list it belongs to until `breakingUntil`. Absent when not. */
  breaking: v.optional(v.literal(true, 'must be true when present')),
  /** When a breaking story falls back into place by date. Stored exactly when `breaking` is. */
  breakingUntil: v.optional(Timestamp),
};

function totalLength(paragraphs: readonly unknown[]): number {
  return paragraphs.reduce<number>((sum, paragraph) => sum + (typeof paragraph === 'string' ? paragraph.length : 0), 0);
}

/** An article as stored in KV and served by `GET /v1/articles/:slug`. */
export const Article = v.strictObject(articleEntries);
export type Article = v.InferOutput<typeof Article>;

/** How long a story marked `breaking: true` stays first when its file names no `breakingUntil`. */
export const BREAKING_DEFAULT_MS = 2 * 60 * 60 * 1000;

/** What the build reads from a file: an article, or a takedown (`withdrawn: true`), built as a deleted file. */
export type ReadArticle = Article & { withdrawn?: true };

/**
 * An article as an editor writes it in front matter: `lang` defaults to `ar`, `dir` to the direction of
 * `lang`, `breakingUntil` to two hours after `publishedAt` when `breaking: true`. `withdrawn: true` is a
 * takedown: the output keeps the flag so the build can treat the file as deleted. Unknown fields are errors,
 * so a misspelt `publishedat` is caught instead of ignored.
 */
export const ArticleInput = v.pipe(
  v.strictObject({
    ...articleEntries,
    lang: v.optional(Lang, 'ar'),
    dir: v.optional(Direction),
    breaking: v.optional(v.boolean('must be true or false')),
    withdrawn: v.optional(v.boolean('must be true or false')),
  }),
  v.forward(
    v.check((input) => input.breakingUntil === undefined || input.breaking === true, 'is only read with breaking: true'),
    ['breakingUntil'],
  ),
  v.forward(
    v.check((input) => input.breakingUntil === undefined || Date.parse(input.breakingUntil) > Date.parse(input.publishedAt), 'must be later than publishedAt'),
    ['breakingUntil'],
  ),
  v.transform((input): ReadArticle => {
    const { breaking, breakingUntil, withdrawn, ...rest } = input;
    const article: ReadArticle = { ...rest, dir: input.dir ?? directionOf(input.lang) };
    if (breaking) {
      article.breaking = true;
      article.breakingUntil = breakingUntil ?? new Date(Date.parse(input.publishedAt) + BREAKING_DEFAULT_MS).toISOString().replace('.000Z', 'Z');
    }
    if (withdrawn) article.withdrawn = true;
    return article;
  }),
);
export type ArticleInput = v.InferInput<typeof ArticleInput>;

/** What a headline list carries of each article: enough for a card, never the body. */
export const Headline = v.pick(Article, [
  'slug',
  'title',
  'dek',
  'lang',
  'dir',
  'section',
  'publishedAt',
  'updatedAt',
  'url',
  'source',
  'image',
  'caption',
  'breaking',
  'breakingUntil',
]);
export type Headline = v.InferOutput<typeof Headline>;

/** The body of `GET /v1/headlines`. `updatedAt` is the newest change among the listed articles. */
export const HeadlineList = v.strictObject({
  items: v.array(Headline),
  updatedAt: v.nullable(Timestamp),
});
export type HeadlineList = v.InferOutput<typeof HeadlineList>;

/** The `v1:sections` record: every section that has articles, in name order, with its article count. */
export const SectionList = v.strictObject({
  sections: v.array(v.strictObject({ name: Section, count: v.pipe(v.number(), v.integer(), v.minValue(1)) })),
});
export type SectionList = v.InferOutput<typeof SectionList>;

/**
 * The `v1:state` record (content-state contract C1): `version` is opaque and new after every push that changed
 * anything; clients only compare it. `partners` is a `PartnerMap` (content/partner-schema.ts), written by the push
 * from the build's; the worker parses each partner by itself on first use (worker/partners/partner-access.ts), so one
 * record it cannot read leaves that partner unknown, not every partner nor the version.
 */
export const StateRecord = v.object({
  version: v.pipe(v.string(), v.regex(/^[A-Za-z0-9._:+-]{1,100}$/, 'must be 1–100 letters, digits or . _ : + -')),
  partners: v.optional(v.record(v.string(), v.unknown()), {}),
});
export type StateRecord = v.InferOutput<typeof StateRecord>;

/** A `v1:canonical:<hash>` record: the article whose `url` that is. */
export const CanonicalRecord = v.strictObject({ slug: Slug });
export type CanonicalRecord = v.InferOutput<typeof CanonicalRecord>;

/** Copies the headline fields of an article, in schema order, dropping absent optionals. */
export function toHeadline(article: Article): Headline {
  const headline: Record<string, unknown> = {};
  for (const key of Object.keys(Headline.entries)) {
    const value = article[key as keyof Article];
    if (value !== undefined) headline[key] = value;
  }
  return headline as Headline;
}

/** Whether a headline is breaking news at `now` (epoch ms). */
export function isBreaking(item: Pick<Headline, 'breakingUntil'>, now: number): boolean {
  return item.breakingUntil !== undefined && Date.parse(item.breakingUntil) > now;
}

/**
 * A stored list as served at `now`: active breaking stories first (newest first among them), then the rest
 * newest first. Served items say `breaking: true` only while active, and never carry `breakingUntil`: the
 * response's freshness ends at the next expiry instead (`nextExpiry`). Items come in newest first, as stored.
 */
export function servedOrder(items: readonly Headline[], now: number): Headline[] {
  const breaking: Headline[] = [];
  const rest: Headline[] = [];
  for (const item of items) {
    const { breaking: _flag, breakingUntil, ...plain } = item;
    if (breakingUntil !== undefined && Date.parse(breakingUntil) > now) breaking.push({ ...plain, breaking: true });
    else rest.push(breakingUntil === undefined ? item : plain);
  }
  return [...breaking, ...rest];
}

/** The next moment (epoch ms) after `now` a list changes order by itself: its earliest active expiry. */
export function nextExpiry(items: readonly Headline[], now: number): number | undefined {
  let next: number | undefined;
  for (const item of items) {
    const until = item.breakingUntil === undefined ? NaN : Date.parse(item.breakingUntil);
    if (until > now && (next === undefined || until < next)) next = until;
  }
  return next;
}

/** Newest first; ties broken by slug so every build orders the same articles the same way. */
export function newestFirst(a: Pick<Article, 'publishedAt' | 'slug'>, b: Pick<Article, 'publishedAt' | 'slug'>): number {
  return Date.parse(b.publishedAt) - Date.parse(a.publishedAt) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
}

/** The newest `updatedAt` or `publishedAt` among these headlines: when the list last changed. */
export function latestChange(items: readonly Headline[]): string | null {
  let latest: string | null = null;
  for (const item of items) {
    const changed = item.updatedAt ?? item.publishedAt;
    if (latest === null || Date.parse(changed) > Date.parse(latest)) latest = changed;
  }
  return latest;
}

/** One validation problem, as data: where, and what was wrong. */
export interface Problem {
  /** Dot path to the offending field, e.g. `image.src`; empty for the whole value. */
  path: string;
  message: string;
}

/** Turns valibot issues into `{ path, message }` pairs a CLI or a problem+json body can show. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): Problem[] {
  const problems = new Map<string, Problem>();
  for (const issue of issues) {
    const problem = { path: v.getDotPath(issue) ?? '', message: issue.message };
    // Two checks of one field may fail with the same words (a timestamp's format and its date): say it once.
    problems.set(`${problem.path}\n${problem.message}`, problem);
  }
  return [...problems.values()];
}
