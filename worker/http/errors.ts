/** The answers for what no route handles: unknown paths, wrong methods, and faults. */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { readConfig } from '../config.ts';
import { logFault } from '../log-fault.ts';
import { ProblemType, problemResponse } from './problem.ts';

const ALLOWED_METHODS = 'GET, HEAD, OPTIONS';
/** Paths that are not the usual GET: what they allow instead. */
export const OTHER_METHODS: Record<string, string> = { '/v1/events': 'POST, OPTIONS', '/stats': 'GET, HEAD, POST, OPTIONS' };

export const notFound: NotFoundHandler<AppEnv> = (c) =>
  problemResponse(siteOrigin(c), ProblemType.NOT_FOUND, { detail: `There is nothing at ${c.req.path}.` });

export function methodNotAllowed(c: Context<AppEnv>): Response {
  const allowed = OTHER_METHODS[c.req.routePath] ?? ALLOWED_METHODS;
  return problemResponse(siteOrigin(c), ProblemType.METHOD_NOT_ALLOWED, {
    detail: `${c.req.method} is not allowed on ${c.req.path}; use ${allowed}.`,
    headers: { Allow: allowed },
  });
}

/** A fault is logged with its stack; the client gets a problem without one. */
export const onError: ErrorHandler<AppEnv> = (error, c) => {
  logFault('unhandled', { path: c.req.path, message: error.message, stack: error.stack });
  return problemResponse(siteOrigin(c), ProblemType.INTERNAL, { detail: 'The request could not be completed. It has been logged.' });
};

/**
 * Also when the configuration itself is what failed: then the type URI is relative (RFC 9457 allows it), never
 * built on the Host header as sent.
 */
function siteOrigin(c: Context<AppEnv>): string {
  try {
    return readConfig(c.env).siteOrigin;
  } catch {
    return '';
  }
}
