/**
 * POST /v1/events: one impression or click from a carousel (navigator.sendBeacon of a string, so
 * `text/plain;charset=UTF-8` and no CORS preflight). 204 when counted; 413 over 2 KiB, 415 for another body type,
 * 400 for anything but a well-formed event, 403 from a site the partner does not allow, 429 when one reader sends
 * too many. Only known, active partners' events are recorded (analytics/counted-partner.ts); others get the same 204.
 * Reads no KV on a warm request (the partners come with the content state).
 */
import type { Handler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { partnerGate } from '../analytics/counted-partner.ts';
import { MAX_EVENT_BYTES, readEvent } from '../analytics/event-body.ts';
import { recordEvent } from '../analytics/record-event.ts';
import { ProblemType, clipValue, problemResponse } from '../http/problem.ts';
import { withinEventLimit } from '../rate-limit.ts';

/** `text/plain`, with no charset or UTF-8's. */
function isPlainText(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const [type, ...params] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'text/plain') return false;
  return params.every((param) => !param.startsWith('charset=') || /^charset="?utf-8"?$/.test(param));
}

export function events(now: () => number = Date.now): Handler<AppEnv> {
  return async function events(c) {
    const { siteOrigin } = c.get('config');
    if (!isPlainText(c.req.header('content-type'))) {
      return problemResponse(siteOrigin, ProblemType.UNSUPPORTED_MEDIA_TYPE, {
        detail: 'Send the event as text/plain;charset=UTF-8 (what navigator.sendBeacon sends for a string).',
        headers: { 'Accept-Post': 'text/plain;charset=UTF-8' },
      });
    }
    const parsed = await readEvent(c.req.raw);
    if (!parsed.ok && parsed.status === 413) {
      return problemResponse(siteOrigin, ProblemType.PAYLOAD_TOO_LARGE, { detail: `An event is at most ${MAX_EVENT_BYTES} bytes.` });
    }
    if (!parsed.ok) {
      return problemResponse(siteOrigin, ProblemType.INVALID_REQUEST, {
        detail: 'The body is not an event: {"type":"impression","partner":…,"headlines":[…]} or {"type":"click","partner":…,"headline":…}, nothing else.',
        errors: parsed.issues.map((issue) => ({ in: 'body', ...issue })),
      });
    }
    const gate = await partnerGate(c, parsed.event.partner);
    if (gate.kind === 'ignore') return c.body(null, 204, { 'Cache-Control': 'no-store' });
    if (gate.kind === 'refuse') {
      return problemResponse(siteOrigin, ProblemType.ORIGIN_NOT_ALLOWED, {
        detail: `Partner "${parsed.event.partner}" is counted only on ${gate.origins.join(', ')}; this event came from ${clipValue(gate.origin)}.`,
      });
    }
    if (!(await withinEventLimit(c.env, c.req.raw, parsed.event.partner))) {
      return problemResponse(siteOrigin, ProblemType.TOO_MANY_REQUESTS, { detail: 'Too many events from this reader; try again in a few seconds.', headers: { 'Retry-After': '10' } });
    }
    await recordEvent(c.get('config'), c.env, parsed.event, now());
    return c.body(null, 204, { 'Cache-Control': 'no-store' });
  };
}
