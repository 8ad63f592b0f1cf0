/** The pages' static files: their stylesheet, the configurator's script and the partner preview's hostile CSS. */
import type { Handler } from 'hono';
import configurator from '../../dist/pages/configurator.json' with { type: 'json' };
import type { AppEnv } from '../app-env.ts';
import { strongEtag } from '../http/strong-etag.ts';
import { HOSTILE_CSS } from '../pages/hostile-css.ts';
import { PAGES_CSS } from '../pages/pages-css.ts';

const CSS = 'text/css; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';

export const pagesCss = asset(PAGES_CSS, CSS);
export const configuratorScript = asset(configurator.source, JS);
export const partnerCss = asset(HOSTILE_CSS, CSS);

/** Browsers ask every origin for one; an empty answer, cached, beats a 404 in every page's console. */
export const favicon: Handler<AppEnv> = (c) => c.body(null, 204, { 'Cache-Control': 'public, max-age=86400' });

function asset(body: string, contentType: string): Handler<AppEnv> {
  let etag: Promise<string> | undefined; // on first use: global scope may not compute
  return async function asset(c) {
    etag ??= strongEtag(body);
    return c.body(body, 200, { 'Content-Type': contentType, 'Cache-Control': 'public, max-age=300', ETag: await etag });
  };
}
