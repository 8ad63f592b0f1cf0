/**
 * The pages an embed code runs on before it ships: the configurator's live preview (each of the three codes, as a
 * partner's page would hold it) and the simulated partner page, which holds exactly `snippetFor(…)`.
 */
import { html, raw } from 'hono/html';
import { type EmbedCode, type EmbedOptions, iframeFor, snippetFor } from '../../widget/embed-options.ts';
import { MESSAGES, uiLang } from '../../widget/messages.ts';
import { type Markup, renderPage } from './page-shell.ts';

export const PARTNER_CSS_PATH = '/preview/partner.css';

/**
 * The configurator's live preview: a transparent page whose body is the chosen code as a partner's page holds it:
 * the script tag, the iframe, or (for `fragment`) the HTML the worker's fragment answers, as if included on the
 * partner's server. Links open in a new tab rather than inside the frame.
 */
export function renderEmbedPreview(origin: string, options: EmbedOptions, code: EmbedCode, fragment: string): Promise<string> {
  const lang = uiLang(options.lang ?? '');
  // Each code is built and escaped where it is made: it goes in as the markup a partner pastes.
  const bodies: Record<EmbedCode, Markup> = {
    script: raw(snippetFor(origin, options)),
    iframe: raw(iframeFor(origin, options)),
    fragment: raw(fragment),
  };
  return renderPage({
    lang,
    dir: lang === 'ar' ? 'rtl' : 'ltr',
    title: MESSAGES[lang].label,
    head: html`<base target="_blank">`,
    body: bodies[code],
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
