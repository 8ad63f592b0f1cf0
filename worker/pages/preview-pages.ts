/**
 * The pages a snippet runs on: the carousel frame (the configurator's live preview, and what oEmbed embeds)
 * and the simulated partner page. Both hold exactly `snippetFor(…)`, the line the configurator shows.
 */
import { html, raw } from 'hono/html';
import { type EmbedOptions, snippetFor } from '../../widget/embed-options.ts';
import { renderPage } from './page-shell.ts';

export const PARTNER_CSS_PATH = '/preview/partner.css';

/** The carousel alone on a transparent page; links open in a new tab rather than inside the frame. */
export function renderCarouselFrame(origin: string, options: EmbedOptions): Promise<string> {
  return renderPage({
    lang: 'ar',
    dir: 'rtl',
    title: 'أحدث العناوين',
    head: html`<base target="_blank">`,
    // The snippet is built and escaped by snippetFor: it goes in as the markup a partner pastes.
    body: raw(snippetFor(origin, options)),
    bodyClass: 'frame',
  });
}

/** A partner's article page in English (ltr) or Arabic (rtl), the snippet loaded from `embedOrigin`. */
export function renderPartnerPage(embedOrigin: string, options: EmbedOptions, dir: 'ltr' | 'rtl'): Promise<string> {
  const copy =
    dir === 'rtl'
      ? { lang: 'ar', title: 'صحيفة الشريك', before: 'نص الشريك قبل الشريط. هذه الصفحة تفرض أنماطًا عامة عدائية وسياسة أمان محتوى صارمة.', after: 'نص الشريك بعد الشريط.' }
      : { lang: 'en', title: 'Partner Daily', before: 'Partner copy before the carousel. This page forces hostile global styles and a strict Content-Security-Policy.', after: 'Partner copy after it.' };
  return renderPage({
    lang: copy.lang,
    dir,
    title: copy.title,
    stylesheet: PARTNER_CSS_PATH,
    body: html`<main>
<h1>${copy.title}</h1>
<p class="partner">${copy.before}</p>
${raw(snippetFor(embedOrigin, options))}
<p class="partner">${copy.after}</p>
</main>`,
  });
}
