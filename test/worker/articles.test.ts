import { describe, expect, it } from 'vitest';
import { fetchWorker, freshOrigin, makeArticle, readProblem, seed } from './support.ts';

const get = (path: string) => fetchWorker(`${freshOrigin()}${path}`);

describe('GET /v1/articles/:slug', () => {
  it('answers the whole article, body and all', async () => {
    const article = makeArticle(7, {
      dek: 'عنوان فرعي',
      image: { src: 'https://img.example/7.jpg', alt: 'صورة', width: 1200, height: 800 },
      caption: 'تعليق الصورة',
      tags: ['سوريا'],
    });
    await seed([article]);

    const response = await get('/v1/articles/article-7');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(article);
  });

  it('answers 404 problem+json for an article that does not exist', async () => {
    await seed([makeArticle(1)]);

    const response = await get('/v1/articles/no-such-article');

    expect(response.status).toBe(404);
    expect((await readProblem(response)).type).toMatch(/\/problems\/not-found$/);
  });

  it.each([
    ['uppercase', 'Article-1'],
    ['double hyphen', 'article--1'],
    ['trailing hyphen', 'article-1-'],
    ['a space', 'article%201'],
    ['Arabic letters', '%D8%AE%D8%A8%D8%B1'],
    ['a dot', 'article.1'],
  ])('refuses a slug with %s with 400', async (_, slug) => {
    const response = await get(`/v1/articles/${slug}`);

    expect(response.status).toBe(400);
    expect((await readProblem(response)).errors?.[0]).toMatchObject({ in: 'path', name: 'slug' });
  });

  it('refuses an over-long slug with 400 and an over-long URL with 414', async () => {
    const longSlug = await get(`/v1/articles/${'a'.repeat(97)}`);
    const longUrl = await get(`/v1/articles/${'a'.repeat(3000)}`);

    expect(longSlug.status).toBe(400);
    expect((await readProblem(longSlug)).errors?.[0]?.detail).toMatch(/at most 96/);
    expect(longUrl.status).toBe(414);
    await readProblem(longUrl);
  });

  it('refuses malformed percent-encoding in the path or the query with 400', async () => {
    const inPath = await get('/v1/articles/%E0%A4%A');
    const inQuery = await get('/v1/headlines?section=%FF');

    expect(inPath.status).toBe(400);
    expect((await readProblem(inPath)).detail).toMatch(/percent-encoding/);
    expect(inQuery.status).toBe(400);
    expect((await readProblem(inQuery)).errors?.[0]).toMatchObject({ in: 'query', name: 'section' });
  });
});
