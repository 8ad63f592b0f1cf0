/**
 * The carousel rendered at the edge, from the same cached headline list as GET /v1/headlines:
 * - GET /fragments/carousel?<options>: an HTML fragment for sites that include HTML server-side (PHP, Next.js,
 *   Astro, a Worker with HTMLRewriter, ESI): the carousel in a declarative shadow root, with embed.js inside it.
 * - GET /frames/carousel?<options>: the same on a page of its own, for the iframe embed code and oEmbed.
 * Bad input is refused as GET /v1/headlines refuses it (400 for a bad `limit`, 404 for an unknown section), as a
 * problem document or a small HTML error, whichever the request's Accept prefers.
 */
import type { Context, Handler } from 'hono';
import { html, raw } from 'hono/html';
import { type EmbedOptions, OPTION_RULES, readOptions } from '../../widget/embed-options.ts';
import { type PartnerAccess, frameAncestors, partnerAccess } from '../partners/partner-access.ts';
import { MESSAGES, uiLang } from '../../widget/messages.ts';
import type { AppEnv } from '../app-env.ts';
import type { ResponseCache } from '../cache/response-cache.ts';
import { htmlResponse } from '../http/html-response.ts';
import { CAROUSEL_STYLE, renderCarousel } from '../render/carousel-html.ts';
import { cspHash } from '../http/csp-hash.ts';
import { renderPage } from '../pages/page-shell.ts';
import { carouselFrameCsp } from '../pages/page-csp.ts';
import { renderErrorPage } from '../pages/error-page.ts';
import { escapeHtml } from '../render/render-template.ts';
import { readCarouselList } from './carousel-list.ts';

/**
 * The frame's margin, inline: the stylesheet also says it, but the frame's first layout could come before the
 * stylesheet applies and put the carousel 8 px in, then move it (measured: CLS 0.021 on the partner page).
 */
const FRAME_STYLE = 'body{margin:0}';

/** The list's own caching headers, which a page rendered from it passes on. */
const PASSED_ON = ['Cache-Control', 'Cache-Status', 'Age'] as const;

export function carouselFragment(cache: ResponseCache): Handler<AppEnv> {
  return async function carouselFragment(c) {
    const url = new URL(c.req.url);
    const access = await partnerAccess(c, url);
    const read = await readCarouselList(c, cache, url, access);
    if (read.kind === 'refused') return prefersHtml(c) ? htmlError(read.problem) : read.problem;
    // A paused partner's page includes nothing: no carousel, no script.
    if (read.kind === 'paused') return htmlResponse(PAUSED_FRAGMENT, { cacheControl: 'no-store', csp: "default-src 'none'" });
    const options = withPartnerDefaults(readOptions(url.searchParams), access);
    const body = renderCarousel({ origin: c.get('publicOrigin'), options, ...read.carousel, script: true });
    return withList(await htmlResponse(body, { status: read.status, cacheControl: 'no-store', csp: "default-src 'none'" }), read.from);
  };
}

export function carouselFrame(cache: ResponseCache): Handler<AppEnv> {
  return async function carouselFrame(c) {
    const url = new URL(c.req.url);
    const access = await partnerAccess(c, url);
    const options = withPartnerDefaults(readOptions(url.searchParams), access);
    const origin = c.get('publicOrigin');
    const csp = carouselFrameCsp(origin, frameAncestors(access, origin), await cspHash(CAROUSEL_STYLE), await cspHash(FRAME_STYLE));
    const read = await readCarouselList(c, cache, url, access);
    if (read.kind === 'refused') {
      const problem = (await read.problem.json()) as { title: string; detail: string };
      const page = await renderErrorPage(problem.title, problem.detail, c.get('config').siteOrigin);
      return htmlResponse(page, { status: read.problem.status, cacheControl: 'no-store', csp });
    }
    // A paused partner's frame is an empty page (the iframe keeps its height, blank).
    if (read.kind === 'paused') return htmlResponse(await renderPage({ lang: 'ar', dir: 'rtl', title: '', body: raw(''), bodyClass: 'frame' }), { cacheControl: 'no-store', csp });
    const page = await renderPage({
      lang: uiLang(options.lang ?? ''),
      dir: uiLang(options.lang ?? '') === 'ar' ? 'rtl' : 'ltr',
      title: MESSAGES[uiLang(options.lang ?? '')].label,
      // Headlines open in a new tab rather than inside the frame.
      head: html`<base target="_blank">${raw(`<style>${FRAME_STYLE}</style>`)}`,
      body: raw(renderCarousel({ origin, options, ...read.carousel, script: true })),
      bodyClass: 'frame',
    });
    return withList(await htmlResponse(page, { status: read.status, cacheControl: 'no-store', csp }), read.from);
  };
}

/** What a paused partner's fragment is: a comment for the developer reading the page's source. */
const PAUSED_FRAGMENT = '<!-- khabar: this partner is paused -->';

/**
 * A known partner's defaults, where the embed code left them out: the carousel is rendered with them, and carries
 * them as attributes, so the script that takes it over asks for the same list.
 */
function withPartnerDefaults(options: EmbedOptions, access: PartnerAccess): EmbedOptions {
  if (access.kind !== 'partner' || !access.partner.defaults) return options;
  const given: EmbedOptions = {};
  const { section, limit, theme, lang } = access.partner.defaults;
  const add = (name: 'section' | 'limit' | 'theme' | 'lang', value: string | undefined) => {
    if (value !== undefined && value !== OPTION_RULES[name].default) given[name] = value;
  };
  add('section', section);
  add('limit', limit === undefined ? undefined : String(limit));
  add('theme', theme);
  add('lang', lang);
  return { ...given, ...options };
}

/** A page rendered from a list is as fresh as the list: it takes the list's caching headers. */
function withList(response: Response, list: Response | undefined): Response {
  if (!list) return response;
  for (const name of PASSED_ON) {
    const value = list.headers.get(name);
    if (value !== null) response.headers.set(name, value);
  }
  return response;
}

/** HTML unless the client asked for JSON: a fragment is included into pages. */
function prefersHtml(c: Context<AppEnv>): boolean {
  return !/application\/(problem\+)?json/.test(c.req.header('Accept') ?? '');
}

/** The problem as a line of HTML a partner's page can include (and a developer read), with its status. */
async function htmlError(problem: Response): Promise<Response> {
  const { title, detail, errors = [] } = (await problem.json()) as { title: string; detail: string; errors?: Array<{ name: string; detail: string }> };
  const why = errors.map((error) => ` ${error.name}: ${error.detail}.`).join('');
  const body = `<p class="khabar-error" lang="en" dir="ltr">khabar: ${escapeHtml(`${title}. ${detail}${why}`)}</p>`;
  const response = await htmlResponse(body, { status: problem.status, cacheControl: 'no-store', csp: "default-src 'none'" });
  const retry = problem.headers.get('Retry-After');
  if (retry) response.headers.set('Retry-After', retry);
  return response;
}
