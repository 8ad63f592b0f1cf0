/**
 * /articles/:slug: the article as a plain, readable page, for click-through in the local preview and for
 * publishers without a site of their own. No script: everything is in the HTML. Open Graph and the oEmbed
 * discovery link let social sites and CMSes that are handed the URL show a card for it.
 */
import { html, raw } from 'hono/html';
import type { Article } from '../../content/schema.ts';
import { formatDate } from './arabic-date.ts';
import { type Markup, renderPage } from './page-shell.ts';

/** Open Graph locales for the languages a newsroom is likely to publish in; others are left out. */
const OG_LOCALES: Record<string, string> = { ar: 'ar_AR', en: 'en_US', fr: 'fr_FR' };

const DESCRIPTION_LENGTH = 160;

export interface ArticlePageUrls {
  /** This page's own URL. */
  page: string;
  /** Where its oEmbed description is. */
  oembed: string;
}

/** `latest`: the server-rendered carousel of the latest other headlines, or '' for none. */
export function renderArticlePage(article: Article, urls: ArticlePageUrls, latest = ''): Promise<string> {
  const description = article.dek ?? truncate(article.body[0]!, DESCRIPTION_LENGTH);
  const locale = OG_LOCALES[article.lang.split('-')[0]!];
  const head = html`<meta name="description" content="${description}">
<link rel="canonical" href="${article.url}">
<link rel="alternate" type="application/json+oembed" href="${urls.oembed}" title="${article.title}">
<meta property="og:type" content="article">
<meta property="og:title" content="${article.title}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${article.url}">
<meta property="og:site_name" content="${article.source}">
${locale ? html`<meta property="og:locale" content="${locale}">` : ''}
${article.image
  ? html`<meta property="og:image" content="${article.image.src}">
<meta property="og:image:width" content="${article.image.width}">
<meta property="og:image:height" content="${article.image.height}">
<meta property="og:image:alt" content="${article.image.alt}">
<meta name="twitter:card" content="summary_large_image">`
  : html`<meta name="twitter:card" content="summary">`}
<meta property="article:published_time" content="${article.publishedAt}">
${article.updatedAt ? html`<meta property="article:modified_time" content="${article.updatedAt}">` : ''}
<meta property="article:section" content="${article.section}">
${(article.tags ?? []).map((tag) => html`<meta property="article:tag" content="${tag}">`)}`;

  const body = html`<main class="article-page">
<article>
<header>
<p class="kicker">${article.source}</p>
<h1>${article.title}</h1>
${article.dek ? html`<p class="dek">${article.dek}</p>` : ''}
<p class="dateline">${dates(article)}</p>
</header>
${picture(article)}
${article.body.map((paragraph) => html`<p>${paragraph}</p>`)}
${article.tags?.length ? html`<ul class="tags">${article.tags.map((tag) => html`<li>${tag}</li>`)}</ul>` : ''}
${article.url !== urls.page ? html`<p class="source-link"><a href="${article.url}">${sourceLabel(article)}</a></p>` : ''}
</article>
${latest ? html`<div class="latest">${raw(latest)}</div>` : ''}
</main>`;

  return renderPage({ lang: article.lang, dir: article.dir, title: `${article.title} | ${article.source}`, head, body });
}

function dates(article: Article): Markup {
  const published = html`<time datetime="${article.publishedAt}">${formatDate(article.publishedAt, article.lang)}</time>`;
  if (!article.updatedAt) return published;
  const updated = html`<time datetime="${article.updatedAt}">${formatDate(article.updatedAt, article.lang)}</time>`;
  return article.dir === 'rtl' ? html`${published} · حُدّث ${updated}` : html`${published} · updated ${updated}`;
}

function picture(article: Article): Markup | '' {
  const { image, caption } = article;
  if (image) {
    return html`<figure>
<img src="${image.src}" alt="${image.alt}" width="${image.width}" height="${image.height}">
${caption ? html`<figcaption>${caption}</figcaption>` : ''}
</figure>`;
  }
  // A caption whose picture the newsroom did not export still tells the reader something.
  return caption ? html`<p class="caption">${caption}</p>` : '';
}

function sourceLabel(article: Article): string {
  return article.dir === 'rtl' ? `اقرأ المقال على موقع ${article.source}` : `Read it on ${article.source}`;
}

function truncate(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.slice(0, length);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), length / 2))}…`;
}
