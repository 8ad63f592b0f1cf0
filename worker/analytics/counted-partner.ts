/**
 * Whose events are counted: known, active partners only (content/partners/<id>.yaml, pushed in the state record, so
 * this reads no KV on a warm request). An id without a partner file, or a paused partner's, is answered 204 like any
 * other event and not recorded: the stats then hold only the newsroom's partners, and nobody can fill them with made-up
 * ids. A partner limited to some sites (`origins`) is counted only from those: a browser on another site (its
 * `Origin` header, which browsers send with every POST, sendBeacon's included) is refused, as its headlines are.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { fromAllowedOrigin, partnerRecord } from '../partners/partner-access.ts';

export type PartnerGate = { kind: 'count' } | { kind: 'ignore' } | { kind: 'refuse'; origins: string[]; origin: string };

export async function partnerGate(c: Context<AppEnv>, id: string): Promise<PartnerGate> {
  const partner = await partnerRecord(c, id);
  if (partner?.status !== 'active') return { kind: 'ignore' };
  const origin = c.req.header('origin');
  return fromAllowedOrigin(partner, origin) ? { kind: 'count' } : { kind: 'refuse', origins: partner.origins ?? [], origin: origin ?? '' };
}
