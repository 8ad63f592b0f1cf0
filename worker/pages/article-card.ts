/**
 * /frames/articles/:slug: the article as a small card, for CMSes that embed it through oEmbed (in an iframe,
 * so the host's CSS cannot reach it). No script; the link opens the article in a new tab, out of the frame.
 * Its height is fixed (pages.css), as oEmbed's ARTICLE_FRAME says.
 */
import { html } from 'hono/html';
import type { Article } from '../../content/schema.ts';
import { formatDate } from './arabic-date.ts';
import { renderPage } from './page-shell.ts';

export function renderArticleCard(article: Article): Promise<string> {
  const body = html`<a class="card" href="${article.url}" target="_blank" rel="noopener">
${article.image ? html`<img src="${article.image.src}" alt="" width="${article.image.width}" height="${article.image.height}">` : ''}
<span class="card-text">
<strong class="card-title">${article.title}</strong>
<span class="card-meta">${article.source} · <time datetime="${article.publishedAt}">${formatDate(article.publishedAt, article.lang)}</time></span>
</span>
</a>`;
  return renderPage({ lang: article.lang, dir: article.dir, title: article.title, body, bodyClass: 'frame' });
}
