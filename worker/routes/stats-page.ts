/**
 * /stats, the page: GET shows the form (and, under npm start, the stats for its query); deployed, the form POSTs
 * the token with the filters (application/x-www-form-urlencoded, at most 4 KiB) and the answer shows the stats.
 * Never cached, never framed, no script.
 */
import type { Context, Handler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { contentState } from '../content-state.ts';
import { readBounded } from '../http/bounded-body.ts';
import { htmlResponse } from '../http/html-response.ts';
import { ProblemType, problemResponse } from '../http/problem.ts';
import { STATS_CSP } from '../pages/page-csp.ts';
import { type StatsView, renderStatsPage } from '../pages/stats-page.ts';
import { type StatsOptions, readStats } from './stats.ts';

const MAX_FORM_BYTES = 4096;

export function statsPage(options: StatsOptions = {}): Handler<AppEnv> {
  return async function statsPage(c) {
    const needsToken = c.get('config').statsSource !== 'local';
    let params = new URL(c.req.url).searchParams;
    let token: string | undefined;
    if (c.req.method === 'POST') {
      const form = await readForm(c);
      if (form instanceof Response) return form;
      params = form;
      token = form.get('token') ?? undefined;
    }
    const asked = { partner: params.get('partner') ?? '', from: params.get('from') ?? '', to: params.get('to') ?? '' };
    const view: StatsView = { needsToken, asked };
    // Deployed, a GET is the empty form: the token only ever arrives in a POST body.
    if (!needsToken || c.req.method === 'POST') {
      const outcome = await readStats(c, params, token, options);
      if (outcome.kind === 'report') {
        view.report = outcome.report;
        // Offered in the partner field once the stats are open to this reader (the ids are the newsroom's business).
        view.partners = Object.keys((await contentState(c)).partners).sort();
        view.asked = { partner: asked.partner, from: outcome.report.from, to: outcome.report.to };
      } else view.problem = outcome;
    }
    const status = view.problem?.kind === 'unauthorized' ? 401 : view.problem?.kind === 'invalid' ? 400 : view.problem?.kind === 'unavailable' ? 503 : 200;
    return htmlResponse(await renderStatsPage(view), { status, cacheControl: 'no-store', csp: STATS_CSP });
  };
}

async function readForm(c: Context<AppEnv>): Promise<URLSearchParams | Response> {
  const { siteOrigin } = c.get('config');
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    return problemResponse(siteOrigin, ProblemType.UNSUPPORTED_MEDIA_TYPE, { detail: 'The stats form posts application/x-www-form-urlencoded.' });
  }
  const read = await readBounded(c.req.raw.body, MAX_FORM_BYTES);
  if (!read.ok) return problemResponse(siteOrigin, ProblemType.PAYLOAD_TOO_LARGE, { detail: `The form is at most ${MAX_FORM_BYTES} bytes.` });
  try {
    return new URLSearchParams(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(read.bytes));
  } catch {
    return problemResponse(siteOrigin, ProblemType.INVALID_REQUEST, { detail: 'The form is not valid UTF-8.' });
  }
}
