/**
 * Who is asking, resolved once at the boundary from `?partner=<id>` and the state record (worker/content-state.ts,
 * so no KV read of its own):
 * - no id, an id that is not a partner's (any spelling the pattern refuses included): `open`, served as before
 *   partners existed, and cached as if no id were given (unknown ids cannot multiply cache entries);
 * - a paused partner: `paused`, answered with nothing, without reading KV;
 * - a partner with allowed origins, asked from a browser on another site (its `Origin` header): `refused`, 403;
 * - otherwise `partner`: its defaults apply.
 *
 * The browser sends `Origin` with every cross-origin fetch, whatever the page's Referrer-Policy; navigations (the
 * iframe) and servers (a fragment include) do not send it, and are let through: frames are limited by their CSP's
 * frame-ancestors instead, and a server can send what it likes anyway (README: "Partners").
 */
import type { Context } from 'hono';
import * as v from 'valibot';
import { PARTNER_ID_PATTERN, type PartnerHints, PartnerRecord } from '../../content/partner-schema.ts';
import { ORIGIN_MAX } from '../../content/partner-origin.ts';
import type { KnownPartner } from '../../widget/partner-defaults.ts';
import type { AppEnv } from '../app-env.ts';
import { contentState } from '../content-state.ts';
import { ProblemType, clipValue, problemResponse } from '../http/problem.ts';
import { logFault } from '../log-fault.ts';

export type PartnerAccess =
  | { kind: 'open' }
  | { kind: 'paused'; partner: PartnerRecord }
  | { kind: 'refused'; problem: Response }
  | { kind: 'partner'; partner: PartnerRecord; hints?: PartnerHints };

/** Records parsed once per state record (it is replaced whole by each push), each on first use. */
const parsed = new WeakMap<object, Map<string, PartnerRecord | null>>();

export async function partnerAccess(c: Context<AppEnv>, url: URL): Promise<PartnerAccess> {
  const given = url.searchParams.getAll('partner');
  if (given.length === 0) return { kind: 'open' };
  if (given.length > 1) {
    const errors = [{ in: 'query' as const, name: 'partner', detail: 'must be given at most once', value: clipValue(given.join(',')) }];
    return { kind: 'refused', problem: problemResponse(c.get('config').siteOrigin, ProblemType.INVALID_REQUEST, { detail: 'The query parameters are not valid.', errors }) };
  }
  const id = given[0]!;
  if (!PARTNER_ID_PATTERN.test(id)) return { kind: 'open' };
  const partner = recordOf((await contentState(c)).partners, id);
  if (!partner) return { kind: 'open' };
  if (partner.status === 'paused') return { kind: 'paused', partner };
  if (partner.origins) {
    // The answer depends on Origin from here on: browsers must not reuse one site's answer for another.
    c.set('varyOrigin', true);
    const header = c.req.header('Origin');
    if (header !== undefined) {
      const origin = canonicalRequestOrigin(header);
      // Readable by the page that asked, refusal included, so its developer sees why.
      if (origin !== undefined) c.set('corsOrigin', origin);
      if (!fromAllowedOrigin(partner, header)) {
        return {
          kind: 'refused',
          problem: problemResponse(c.get('config').siteOrigin, ProblemType.ORIGIN_NOT_ALLOWED, {
            detail: `Partner "${id}" shows its carousels only on ${partner.origins.join(', ')}; this request came from ${clipValue(header)}.`,
          }),
        };
      }
    }
  }
  const hints = hintsOf(partner);
  return hints ? { kind: 'partner', partner, hints } : { kind: 'partner', partner };
}

/** What the widget applies when its own `theme`/`lang` are unset; undefined when the partner sets neither. */
function hintsOf(partner: PartnerRecord): PartnerHints | undefined {
  const { theme, lang } = partner.defaults ?? {};
  if (theme === undefined && lang === undefined) return undefined;
  return { ...(theme && { theme }), ...(lang && { lang }) };
}

/** The partner with this id, parsed and checked, or undefined when there is none (or it is unreadable). */
export async function partnerRecord(c: Context<AppEnv>, id: string): Promise<PartnerRecord | undefined> {
  return PARTNER_ID_PATTERN.test(id) ? recordOf((await contentState(c)).partners, id) : undefined;
}

function recordOf(partners: Record<string, unknown>, id: string): PartnerRecord | undefined {
  let records = parsed.get(partners);
  if (!records) parsed.set(partners, (records = new Map()));
  let record = records.get(id);
  if (record === undefined) {
    const raw = Object.hasOwn(partners, id) ? partners[id] : undefined;
    const result = raw === undefined ? undefined : v.safeParse(PartnerRecord, raw);
    record = result?.success && result.output.id === id ? result.output : null;
    if (result && record === null) logFault('corrupt-record', { key: `v1:state partners.${id}` });
    records.set(id, record);
  }
  return record ?? undefined;
}

/**
 * Whether a request with this `Origin` header may use the partner's id: always for a partner without `origins`, or
 * without the header (not a browser on another site); otherwise only from one of its origins.
 */
export function fromAllowedOrigin(partner: PartnerRecord, header: string | undefined): boolean {
  if (!partner.origins || header === undefined) return true;
  const origin = canonicalRequestOrigin(header);
  return origin !== undefined && partner.origins.includes(origin);
}

/** `Origin` as browsers serialize it; `null` (sandboxed frames, file: pages) and anything malformed is no origin. */
function canonicalRequestOrigin(header: string): string | undefined {
  if (header.length > ORIGIN_MAX || !URL.canParse(header)) return undefined;
  const url = new URL(header);
  return /^https?:$/.test(url.protocol) ? url.origin : undefined;
}

/** A partner's frames may be framed only on its origins (and by our own configurator's preview). */
export function frameAncestors(access: PartnerAccess, publicOrigin: string): string {
  return access.kind === 'partner' && access.partner.origins ? [publicOrigin, ...access.partner.origins].join(' ') : '*';
}

/** Every readable partner, by id, as the configurator offers them. */
export async function knownPartners(c: Context<AppEnv>): Promise<KnownPartner[]> {
  const { partners } = await contentState(c);
  const known: KnownPartner[] = [];
  for (const id of Object.keys(partners).sort()) {
    const partner = PARTNER_ID_PATTERN.test(id) ? recordOf(partners, id) : undefined;
    if (!partner) continue;
    const defaults: KnownPartner['defaults'] = {};
    for (const [name, value] of Object.entries(partner.defaults ?? {})) if (value !== undefined) defaults[name as keyof typeof defaults] = String(value);
    known.push({ id, name: partner.name, paused: partner.status === 'paused', defaults });
  }
  return known;
}
