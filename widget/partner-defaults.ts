/**
 * The configurator's view of the known partners (content/partners/): each one's defaults as embed options. Shared by
 * the page the worker renders (no script) and the page's script. Not part of the embed.
 */
import type { EmbedOptions } from './embed-options.ts';

/** The options a partner's record sets: the worker applies section and limit, the widget theme and lang. */
export const PARTNER_DEFAULT_OPTIONS = ['section', 'limit', 'theme', 'lang'] as const;
export type PartnerDefaultOption = (typeof PARTNER_DEFAULT_OPTIONS)[number];

export interface KnownPartner {
  id: string;
  name: string;
  paused: boolean;
  /** Its defaults as option values (`limit: "4"`). */
  defaults: Partial<Record<PartnerDefaultOption, string>>;
}

/**
 * The options an embed code must carry: a value the partner's record already gives is left out, so the code keeps
 * following the record (as it follows the global defaults).
 */
export function withoutPartnerDefaults(options: EmbedOptions, partner: KnownPartner | undefined): EmbedOptions {
  if (!partner) return options;
  const carried: EmbedOptions = { ...options };
  for (const name of PARTNER_DEFAULT_OPTIONS) if (carried[name] !== undefined && carried[name] === partner.defaults[name]) delete carried[name];
  return carried;
}
