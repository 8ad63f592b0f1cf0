/**
 * The worker reads every record through the same schema the build writes with (content/schema.ts), so a
 * record pushed before the content rules, or written by another tool, still reaches readers clean: its bidi
 * controls closed inside their field and its URL in the form browsers read.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { articleKey } from '../../content/records.ts';
import { fetchWorker, freshOrigin, makeArticle, readPage } from './support.ts';

const RLO = '\u202E';
const PDF = '\u202C';

/** Puts a record as it was stored, bypassing the build (and so its rules). */
async function storeRaw(record: Record<string, unknown>): Promise<void> {
  await env.ARTICLES.put(articleKey(String(record['slug'])), JSON.stringify(record));
}

function count(text: string, char: string): number {
  return [...text].filter((c) => c === char).length;
}

describe('records stored before the content rules', () => {
  it("closes an unclosed right-to-left override inside the title: it never reaches the rest of the page <title>", async () => {
    const article = { ...makeArticle(1, { slug: 'unclosed-override' }), title: `عنوان ${RLO}مقلوب` };
    await storeRaw(article);

    const page = await readPage(await fetchWorker(`${freshOrigin()}/articles/${article.slug}`));
    const title = (await page.one('title')).text;

    expect(title).toContain(`عنوان ${RLO}مقلوب${PDF}`);
    expect(count(title, RLO), 'every override opened in <title> is closed there').toBe(count(title, PDF));
  });

  it('hands JSON readers the URL in the form browsers read, markup in the query percent-encoded', async () => {
    const article = { ...makeArticle(2, { slug: 'raw-url' }), url: 'https://NEWS.example/articles/raw-url?q="><script>' };
    await storeRaw(article);

    const response = await fetchWorker(`${freshOrigin()}/v1/articles/${article.slug}`);

    expect(response.status).toBe(200);
    expect(((await response.json()) as { url: string }).url).toBe('https://news.example/articles/raw-url?q=%22%3E%3Cscript%3E');
  });
});
