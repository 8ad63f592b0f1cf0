/**
 * The one module that talks to the rate-limiting binding (wrangler.toml [[ratelimits]] EVENTS_LIMIT). Events are
 * limited per partner and per reader address: the address is used only here, hashed into the limiter's key, which
 * the limiter holds for one period (10 s); it is never stored, logged or written as a data point. Without an address
 * (a request that did not come through Cloudflare's edge, as in tests) the key is the partner alone.
 */
import { logFault, reasonOf } from './log-fault.ts';

export async function withinEventLimit(env: Env, request: Request, partner: string): Promise<boolean> {
  const address = request.headers.get('cf-connecting-ip') ?? '';
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`events\n${partner}\n${address}`));
  const key = [...new Uint8Array(digest, 0, 16)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  try {
    const { success } = await env.EVENTS_LIMIT.limit({ key });
    return success;
  } catch (error) {
    // Counting matters less than answering: without the limiter, events are let through (and the fault logged).
    logFault('rate-limit-fault', { reason: reasonOf(error) });
    return true;
  }
}
