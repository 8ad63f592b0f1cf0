/** One structured JSON line per request: what was asked, what was answered, from where, how fast. */
import type { MiddlewareHandler } from 'hono';

export function accessLog(): MiddlewareHandler {
  return async function accessLog(c, next) {
    const started = performance.now();
    await next();
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
