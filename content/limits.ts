/**
 * The bound of every article field, in one place: the schema enforces them and README.md ("Content limits")
 * gives each with its reason. Each is far beyond what a newsroom writes, and together they keep the largest
 * article record (about 1.5 MB) and the largest headline list (about 1 MB) well inside KV's 25 MiB values.
 * Lengths are JavaScript string lengths (UTF-16 code units: one per Arabic or Latin letter).
 */
export const LIMITS = {
  /** Headlines run 40–120 characters; a card shows three lines. */
  title: 500,
  dek: 1_000,
  /** A newsroom's name. */
  source: 200,
  caption: 1_000,
  imageAlt: 1_000,
  /** One paragraph: about 3,000 words. */
  paragraph: 20_000,
  paragraphs: 2_000,
  /** The whole body: a 20,000-word long read is about 130,000 characters. */
  body: 500_000,
  tags: 50,
  tag: 100,
  /** `url` and `image.src`, as written and once percent-encoded (an Arabic letter becomes six characters). */
  url: 4_096,
  /** `image.width` and `image.height` in pixels: JPEG's own limit is 65,535. */
  imageSide: 100_000,
  /** RFC 5646 §4.4.1: the longest language tag an implementation must handle. */
  lang: 35,
  slug: 96,
  section: 48,
} as const;
