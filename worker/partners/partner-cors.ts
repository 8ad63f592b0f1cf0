/**
 * CORS for a partner limited to some origins (partner-access.ts decides): the answer names the asking origin instead
 * of `*`, and says it varies with Origin. Runs after hono's cors(), whose `*` it replaces on the way out, 304s
 * included.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';

export function partnerCors(): MiddlewareHandler<AppEnv> {
  return async function partnerCors(c, next) {
    await next();
    if (c.get('varyOrigin')) c.res.headers.append('Vary', 'Origin');
    const origin = c.get('corsOrigin');
    if (origin !== undefined) c.res.headers.set('Access-Control-Allow-Origin', origin);
  };
}
