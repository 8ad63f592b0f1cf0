/**
 * Whatever a client sends, the API answers with JSON (or problem+json) and never a 5xx: random query
 * strings on the list, random slugs, random raw paths (which may also land on a page, answered in HTML).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshOrigin, makeArticle, seed, testWorker } from './support.ts';

const worker = testWorker();
const origin = freshOrigin();

beforeAll(async () => {
  await seed([makeArticle(1), makeArticle(2, { section: 'sport' })]);
});

const PAGE_PATHS = new Set(['/', '/frames/carousel', '/preview/partner']);

async function expectJsonAnswer(path: string): Promise<void> {
  const response = await worker.fetch(`${origin}${path}`);
  expect(response.status, path).toBeLessThan(500);
  const landed = new URL(`${origin}${path}`).pathname;
  // A page answers in HTML, unless the request guard refused the URL first (malformed encoding).
  if ((PAGE_PATHS.has(landed) || /^\/(frames\/)?articles\/[^/]+$/.test(landed)) && response.status !== 400) {
    expect(response.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
    return;
  }
  expect(response.headers.get('content-type'), path).toMatch(/^application\/(problem\+)?json(; charset=utf-8)?$/);
  const text = await response.text();
  expect(() => JSON.parse(text), path).not.toThrow();
}

/** Query-ish text: the parameter names we know, odd encodings, separators and anything else. */
const queryPart = fc.oneof(
  fc.constantFrom('limit', 'section', 'LIMIT', 'limit[]', '%', '%%', '%E0%A4%A', '%FF', '%00', '+', '=', '&', '#', '?'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.integer({ min: -1e12, max: 1e12 }).map(String),
  fc.double().map(String),
);
const rawQuery = fc.array(fc.tuple(queryPart, queryPart), { maxLength: 6 }).map((pairs) =>
  pairs.map(([k, v]) => `${k}=${v}`).join('&'),
);

describe('no input makes the API fail', () => {
  it('random query strings on /v1/headlines', async () => {
    await fc.assert(
      fc.asyncProperty(rawQuery, async (query) => {
        await expectJsonAnswer(`/v1/headlines?${query.replace(/#/g, '%23')}`);
      }),
      { numRuns: 300 },
    );
  });

  it('random slugs on /v1/articles/:slug', async () => {
    const slug = fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 120 }).map(encodeURIComponent),
      fc.stringMatching(/^[a-z0-9-]{1,140}$/),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).map((s) => s.replace(/[/?#]/g, '')).filter(Boolean),
    );
    await fc.assert(
      fc.asyncProperty(slug, async (s) => {
        await expectJsonAnswer(`/v1/articles/${s}`);
      }),
      { numRuns: 300 },
    );
  });

  it('random raw paths, with any percent-encoding', async () => {
    const segment = fc.oneof(
      fc.constantFrom('v1', 'headlines', 'articles', 'healthz', '%68eadlines', '..', '.', '%2e%2e', '%2F', '%', '%C0%AF', '%00', '%E0%A4%A'),
      fc.stringMatching(/^[a-zA-Z0-9._~%-]{0,20}$/),
    );
    const path = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => `/${parts.join('/')}`);
    await fc.assert(
      fc.asyncProperty(path, async (p) => {
        await expectJsonAnswer(p);
      }),
      { numRuns: 300 },
    );
  });
});
