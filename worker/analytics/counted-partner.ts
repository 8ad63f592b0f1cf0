/**
 * Whose events are counted: known, active partners only (content/partners/<id>.yaml, pushed in the state record, so
 * this reads no KV on a warm request). An id without a partner file, or a paused partner's, is answered 204 like any
 * other event and not recorded: the stats then hold only the newsroom's partners, and nobody can fill them with made-up
 * ids. A partner limited to some sites (`origins`) is counted only from those: a browser on another site (its
 * `Origin` header, which browsers send with every POST, sendBeacon's included) is refused, as its headlines are.
 *
 * The record is read loosely here (status and origins); content/partner-schema.ts owns its full shape.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { contentState } from '../content-state.ts';

export type PartnerGate = { kind: 'count' } | { kind: 'ignore' } | { kind: 'refuse'; origins: string[]; origin: string };

export async function partnerGate(c: Context<AppEnv>, id: string): Promise<PartnerGate> {
  const { partners } = await contentState(c);
  const record = Object.hasOwn(partners, id) ? partners[id] : undefined;
  if (typeof record !== 'object' || record === null) return { kind: 'ignore' };
  const { status, origins } = record as { status?: unknown; origins?: unknown };
  if (status !== 'active') return { kind: 'ignore' };
  const origin = c.req.header('origin');
  if (origin === undefined || !Array.isArray(origins)) return { kind: 'count' };
  const allowed = origins.filter((o): o is string => typeof o === 'string');
  return allowed.includes(canonical(origin)) ? { kind: 'count' } : { kind: 'refuse', origins: allowed, origin };
}

/** `Origin` as a partner file lists it (lowercase scheme and host, no default port); anything else matches nothing. */
function canonical(header: string): string {
  if (header.length > 300 || !URL.canParse(header)) return '';
  const url = new URL(header);
  return /^https?:$/.test(url.protocol) ? url.origin : '';
}
