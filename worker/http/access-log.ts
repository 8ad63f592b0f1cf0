/**
 * One structured JSON line per request, when LOG_REQUESTS is "true": what was asked, what was answered, from
 * where, how fast. Off in deploys: the platform records every invocation itself (wrangler.toml's
 * [observability]) and bills log lines beyond its allowance, and `wrangler dev` prints its own line per request.
 * Faults are logged either way (log-fault.ts).
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { readConfig } from '../config.ts';

export function accessLog(): MiddlewareHandler<AppEnv> {
  return async function accessLog(c, next) {
    const started = performance.now();
    await next();
    if (!logRequests(c.env)) return;
    console.log(
      JSON.stringify({
        method: c.req.method,
        path: c.req.path.length > 256 ? `${c.req.path.slice(0, 256)}…` : c.req.path,
        status: c.res.status,
        cache: c.res.headers.get('Cache-Status'),
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        ray: c.req.header('cf-ray') ?? null,
      }),
    );
  };
}

/** False when the configuration itself is invalid: that fault is logged on its own (errors.ts). */
function logRequests(env: Env): boolean {
  try {
    return readConfig(env).logRequests;
  } catch {
    return false;
  }
}
