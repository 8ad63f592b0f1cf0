import { describe, expect, it } from 'vitest';
import type { HeadlineList } from '../../content/schema.ts';
import { fetchWorker, freshOrigin, makeArticle, readProblem, seed } from './support.ts';

const get = (pathAndQuery: string) => fetchWorker(`${freshOrigin()}${pathAndQuery}`);

describe('GET /v1/headlines', () => {
  it('lists the ten newest headlines by default, newest first, without bodies', async () => {
    await seed(Array.from({ length: 12 }, (_, i) => makeArticle(i)));

    const response = await get('/v1/headlines');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const list = (await response.json()) as HeadlineList;
    expect(list.items.map((h) => h.slug)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2].map((n) => `article-${n}`));
    expect(list.items[0]).not.toHaveProperty('body');
    expect(list.items[0]).toMatchObject({ title: 'عنوان الخبر رقم 11', lang: 'ar', dir: 'rtl', section: 'news' });
    expect(list.updatedAt).toBe(makeArticle(11).publishedAt);
  });

  it('honours limit from 1 to 50', async () => {
    await seed(Array.from({ length: 60 }, (_, i) => makeArticle(i)));

    const one = (await (await get('/v1/headlines?limit=1')).json()) as HeadlineList;
    const fifty = (await (await get('/v1/headlines?limit=50')).json()) as HeadlineList;

    expect(one.items.map((h) => h.slug)).toEqual(['article-59']);
    expect(fifty.items).toHaveLength(50);
    expect(fifty.items.at(-1)!.slug).toBe('article-10');
  });

  it('filters by section', async () => {
    await seed([
      makeArticle(1, { section: 'sport' }),
      makeArticle(2, { section: 'news' }),
      makeArticle(3, { section: 'sport' }),
    ]);

    const list = (await (await get('/v1/headlines?section=sport')).json()) as HeadlineList;

    expect(list.items.map((h) => h.slug)).toEqual(['article-3', 'article-1']);
  });

  it('answers an empty list, not an error, when the newsroom has published nothing', async () => {
    await seed([]);

    const response = await get('/v1/headlines');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ items: [], updatedAt: null });
  });

  it.each(['0', '-1', 'abc', '1e9', '2.5', '51', '', '010', ' 5', '0x10'])('refuses limit=%j with a 400 naming the parameter', async (limit) => {
    await seed([makeArticle(1)]);

    const response = await get(`/v1/headlines?limit=${encodeURIComponent(limit)}`);

    expect(response.status).toBe(400);
    const problem = await readProblem(response);
    expect(problem.errors).toEqual([expect.objectContaining({ in: 'query', name: 'limit', detail: 'must be a whole number from 1 to 50' })]);
  });

  it('refuses a parameter given twice, since either answer would be a guess', async () => {
    const response = await get('/v1/headlines?limit=5&limit=6');

    expect(response.status).toBe(400);
    expect((await readProblem(response)).errors?.[0]).toMatchObject({ name: 'limit', detail: 'must be given at most once' });
  });

  it('refuses a malformed section with 400 and answers an unknown one with 404', async () => {
    await seed([makeArticle(1)]);

    const malformed = await get('/v1/headlines?section=Sport%20News');
    const unknown = await get('/v1/headlines?section=weather');

    expect(malformed.status).toBe(400);
    expect((await readProblem(malformed)).errors?.[0]).toMatchObject({ in: 'query', name: 'section' });
    expect(unknown.status).toBe(404);
    expect((await readProblem(unknown)).detail).toContain('weather');
  });

  it('ignores query parameters it does not know', async () => {
    await seed([makeArticle(1), makeArticle(2)]);

    const response = await get('/v1/headlines?limit=1&utm_source=partner&_=1732530000');

    expect(response.status).toBe(200);
    expect(((await response.json()) as HeadlineList).items.map((h) => h.slug)).toEqual(['article-2']);
  });
});
