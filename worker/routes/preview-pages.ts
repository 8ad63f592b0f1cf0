/**
 * The pages that show the embed before it ships: the configurator (GET /), the live preview of the chosen embed
 * code it shows in a frame, the simulated partner page, and /preview/status, which only `npm start` feeds.
 */
import type { Handler } from 'hono';
import { RESERVE_STYLE, readCode, readOptions } from '../../widget/embed-options.ts';
import type { AppEnv } from '../app-env.ts';
import type { ResponseCache } from '../cache/response-cache.ts';
import { cspHash } from '../http/csp-hash.ts';
import { htmlResponse } from '../http/html-response.ts';
import { renderConfigurator } from '../pages/configurator-page.ts';
import { CONFIGURATOR_CSP, embedPreviewCsp, partnerCsp } from '../pages/page-csp.ts';
import { otherLoopbackOrigin } from '../pages/preview-origins.ts';
import { renderEmbedPreview, renderPartnerPage } from '../pages/preview-pages.ts';
import { ProblemType, problemResponse } from '../http/problem.ts';
import { CAROUSEL_STYLE, renderCarousel } from '../render/carousel-html.ts';
import { readCarouselList } from './carousel-list.ts';
import { knownPartners, partnerAccess } from '../partners/partner-access.ts';

/** Pages that depend only on their URL and this deploy: browsers recheck them (ETag) on every visit. */
const REVALIDATE = 'no-cache';

export const configurator: Handler<AppEnv> = async function configurator(c) {
  const url = new URL(c.req.url);
  const origin = c.get('publicOrigin');
  const store = c.get('store');
  const [sections, status, partners] = await Promise.all([store.sections(), store.previewStatus(), knownPartners(c)]);
  const page = await renderConfigurator({
    origin,
    partnerOrigin: otherLoopbackOrigin(origin, c.get('config').publicOrigins),
    options: readOptions(url.searchParams),
    code: readCode(url.searchParams),
    // Without the index (say KV is slow) the section is typed instead of chosen: the page still works.
    sections: sections.status === 'found' ? sections.value.sections : undefined,
    contentProblems: status.status === 'found' ? status.value.problems : [],
    partners,
  });
  return htmlResponse(page, { cacheControl: REVALIDATE, csp: CONFIGURATOR_CSP });
};

/** The configurator's live frame: the chosen code running as a partner's page would run it. */
export function embedPreview(cache: ResponseCache): Handler<AppEnv> {
  return async function embedPreview(c) {
    const url = new URL(c.req.url);
    const origin = c.get('publicOrigin');
    const options = readOptions(url.searchParams);
    const code = readCode(url.searchParams);
    let fragment = '';
    if (code === 'fragment') {
      // What the partner's server would have included: the fragment, from the same list.
      const read = await readCarouselList(c, cache, url, await partnerAccess(c, url));
      fragment = read.kind === 'render' ? renderCarousel({ origin, options, ...read.carousel, script: true }) : '';
    }
    const page = await renderEmbedPreview(origin, options, code, fragment);
    const csp = embedPreviewCsp(origin, await cspHash(CAROUSEL_STYLE), await cspHash(RESERVE_STYLE));
    return htmlResponse(page, { cacheControl: REVALIDATE, csp });
  };
}

export const partnerPage: Handler<AppEnv> = async function partnerPage(c) {
  const url = new URL(c.req.url);
  const embedOrigin = otherLoopbackOrigin(c.get('publicOrigin'), c.get('config').publicOrigins);
  const dir = url.searchParams.get('dir') === 'rtl' ? 'rtl' : 'ltr';
  const page = await renderPartnerPage(embedOrigin, readOptions(url.searchParams), dir);
  return htmlResponse(page, { cacheControl: REVALIDATE, csp: partnerCsp(embedOrigin, await cspHash(RESERVE_STYLE)) });
};

/** A waiting request checks KV this often, up to `WAIT_CHECKS` times (20 s), then answers what it has. */
const WAIT_STEP_MS = 500;
const WAIT_CHECKS = 40;

/**
 * `?after=<revision>` makes it a long poll: the answer comes when the revision differs, or after 20 s. The
 * configurator so asks once per change, not once a second (each request is a line in npm start's terminal).
 */
export const previewStatus: Handler<AppEnv> = async function previewStatus(c) {
  const store = c.get('store');
  const after = Number(c.req.query('after'));
  let status = await store.previewStatus();
  for (let check = 0; check < WAIT_CHECKS && status.status === 'found' && status.value.revision === after; check++) {
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    status = await store.previewStatus();
  }
  if (status.status === 'found') return c.json(status.value, 200, { 'Cache-Control': 'no-store' });
  return problemResponse(c.get('config').siteOrigin, ProblemType.NOT_FOUND, {
    detail: 'Only the local preview (npm start) reports content status.',
  });
};
