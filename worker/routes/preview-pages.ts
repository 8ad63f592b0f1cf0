/**
 * The pages that show the embed before it ships: the configurator (GET /), the carousel frame it previews in
 * (also what oEmbed embeds), the simulated partner page, and /preview/status, which only `npm start` feeds.
 */
import type { Handler } from 'hono';
import { readOptions } from '../../widget/embed-options.ts';
import type { AppEnv } from '../app-env.ts';
import { htmlResponse } from '../http/html-response.ts';
import { renderConfigurator } from '../pages/configurator-page.ts';
import { CONFIGURATOR_CSP, carouselFrameCsp, partnerCsp } from '../pages/page-csp.ts';
import { otherLoopbackOrigin } from '../pages/preview-origins.ts';
import { renderCarouselFrame, renderPartnerPage } from '../pages/preview-pages.ts';
import { ProblemType, problemResponse } from '../http/problem.ts';

/** Pages that depend only on their URL and this deploy: browsers recheck them (ETag) on every visit. */
const REVALIDATE = 'no-cache';

export const configurator: Handler<AppEnv> = async function configurator(c) {
  const url = new URL(c.req.url);
  const origin = c.get('publicOrigin');
  const store = c.get('store');
  const [sections, status] = await Promise.all([store.sections(), store.previewStatus()]);
  const page = await renderConfigurator({
    origin,
    partnerOrigin: otherLoopbackOrigin(origin, c.get('config').publicOrigins),
    options: readOptions(url.searchParams),
    // Without the index (say KV is slow) the section is typed instead of chosen: the page still works.
    sections: sections.status === 'found' ? sections.value.sections : undefined,
    contentProblems: status.status === 'found' ? status.value.problems : [],
  });
  return htmlResponse(page, { cacheControl: REVALIDATE, csp: CONFIGURATOR_CSP });
};

export const carouselFrame: Handler<AppEnv> = async function carouselFrame(c) {
  const url = new URL(c.req.url);
  const origin = c.get('publicOrigin');
  const page = await renderCarouselFrame(origin, readOptions(url.searchParams));
  return htmlResponse(page, { cacheControl: 'public, max-age=300', csp: carouselFrameCsp(origin) });
};

export const partnerPage: Handler<AppEnv> = async function partnerPage(c) {
  const url = new URL(c.req.url);
  const embedOrigin = otherLoopbackOrigin(c.get('publicOrigin'), c.get('config').publicOrigins);
  const dir = url.searchParams.get('dir') === 'rtl' ? 'rtl' : 'ltr';
  const page = await renderPartnerPage(embedOrigin, readOptions(url.searchParams), dir);
  return htmlResponse(page, { cacheControl: REVALIDATE, csp: partnerCsp(embedOrigin) });
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
