/** What a page route answers when there is no page: a short page in Arabic, with the status it stands for. */
import { html } from 'hono/html';
import { renderPage } from './page-shell.ts';

/** `home`: the public site (SITE_ORIGIN), where a reader who followed a dead link should go next. */
export function renderErrorPage(heading: string, detail: string, home: string): Promise<string> {
  return renderPage({
    lang: 'ar',
    dir: 'rtl',
    title: heading,
    body: html`<main class="article-page"><h1>${heading}</h1><p>${detail}</p><p><a href="${home}">الصفحة الرئيسية</a></p></main>`,
  });
}
