/**
 * The partner, once. The build validates `content/partners/<id>.yaml` with `PartnerInput`, the push puts the
 * records into the `v1:state` record (`PartnerMap`), and the worker parses what it reads back with `PartnerRecord`.
 * The widget imports the *types* only (`PartnerHints`).
 */
import * as v from 'valibot';
import { HEADLINES_MAX } from './records.ts';
import { Section, text } from './schema.ts';
import { ORIGIN_MAX, canonicalOrigin, originProblem } from './partner-origin.ts';

/** Lowercase ASCII letters and digits, hyphens inside, 1–40 characters: the file name and the `partner=` value. */
export const PARTNER_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export const PARTNER_LIMITS = {
  /** More than a newsroom syndicates to; every isolate holds them all (in the state record). */
  partners: 500,
  /** A partner's own name, as the configurator shows it. */
  name: 200,
  /** Sites one partner embeds on: list each (no wildcards). */
  origins: 20,
  /** A partner file: a dozen short lines. */
  fileBytes: 16_384,
} as const;

const ID_MESSAGE = 'must be 1-40 lowercase ASCII letters, digits and hyphens, starting and ending with a letter or digit';

export const PartnerId = v.pipe(v.string(), v.regex(PARTNER_ID_PATTERN, ID_MESSAGE));

/**
 * One of a few lowercase words. A careless editor's `Paused` is refused with the spelling that works, rather than
 * guessed: the file then says exactly what the worker does.
 */
function word<const T extends readonly [string, ...string[]]>(choices: T) {
  const listed = choices.map((choice) => `"${choice}"`).join(', ').replace(/, ([^,]*)$/, ' or $1');
  return v.picklist(choices, (issue) => {
    const lower = typeof issue.input === 'string' ? issue.input.trim().toLowerCase() : undefined;
    return lower !== undefined && (choices as readonly string[]).includes(lower) ? `must be written in lowercase: "${lower}"` : `must be ${listed}`;
  });
}

/** `active`: served as the defaults say. `paused`: its carousels show nothing, and cost no KV read. */
export const PartnerStatus = word(['active', 'paused']);
export type PartnerStatus = v.InferOutput<typeof PartnerStatus>;

export const PartnerTheme = word(['auto', 'light', 'dark']);
export const PartnerLang = word(['ar', 'en']);

const LIMIT_MESSAGE = `must be a whole number from 1 to ${HEADLINES_MAX}`;

/** An allowed origin, canonical: `https://Partner.example/` is stored as `https://partner.example`. */
export const PartnerOrigin = v.pipe(
  v.string('must be an origin such as https://news.example'),
  v.trim(),
  v.maxLength(ORIGIN_MAX, `must be at most ${ORIGIN_MAX} characters`),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = originProblem(dataset.value);
    if (problem !== undefined) addIssue({ message: problem });
  }),
  v.transform(canonicalOrigin),
);

const PartnerOrigins = v.pipe(
  v.array(PartnerOrigin, 'must be a list of origins, one per line starting with "- "'),
  v.minLength(1, 'must list at least one origin; leave the field out to let every site embed'),
  v.maxLength(PARTNER_LIMITS.origins, (issue) => `must list at most ${PARTNER_LIMITS.origins} origins (got ${issue.received})`),
  // Two spellings of one origin (`https://A.example/` and `https://a.example`) usually mean another site was meant.
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const seen = new Map<string, number>();
    dataset.value.forEach((origin, index) => {
      const first = seen.get(origin);
      if (first === undefined) seen.set(origin, index);
      else {
        addIssue({
          message: `is ${origin} again (as origins.${first}): list each origin once`,
          path: [{ type: 'array', origin: 'value', input: dataset.value, key: index, value: origin }],
        });
      }
    });
  }),
);

/** What the partner's carousels use when the embed code leaves an option out. */
export const PartnerDefaults = v.strictObject(
  {
    /** Section listed, e.g. `sport`; all sections when absent. Applied by the worker. */
    section: v.optional(Section),
    /** How many headlines. Applied by the worker. */
    limit: v.optional(v.pipe(v.number(LIMIT_MESSAGE), v.integer(LIMIT_MESSAGE), v.minValue(1, LIMIT_MESSAGE), v.maxValue(HEADLINES_MAX, LIMIT_MESSAGE))),
    /** Colour theme. Sent to the widget in the response (`partner.theme`). */
    theme: v.optional(PartnerTheme),
    /** Language of the carousel's own words. Sent to the widget in the response (`partner.lang`). */
    lang: v.optional(PartnerLang),
  },
);
export type PartnerDefaults = v.InferOutput<typeof PartnerDefaults>;

const partnerEntries = {
  /** The file name without `.yaml`, and the `partner=` value of the embed code. */
  id: PartnerId,
  /** Who the partner is, as the newsroom calls them. */
  name: text(PARTNER_LIMITS.name),
  status: PartnerStatus,
  /** Sites allowed to show the partner's carousels; any site when absent (open embedding). */
  origins: v.optional(PartnerOrigins),
  defaults: v.optional(PartnerDefaults),
};

/** A partner as pushed in the state record and read back by the worker. */
export const PartnerRecord = v.strictObject(partnerEntries);
export type PartnerRecord = v.InferOutput<typeof PartnerRecord>;

/** A partner as an editor writes it: no `id` (the file name is the id), `status` defaults to `active`. */
export const PartnerInput = v.strictObject({
  name: partnerEntries.name,
  status: v.optional(PartnerStatus, 'active'),
  origins: partnerEntries.origins,
  defaults: partnerEntries.defaults,
});
export type PartnerInput = v.InferInput<typeof PartnerInput>;

/** Every partner by id: the `partners` member of the `v1:state` record. */
export const PartnerMap = v.pipe(
  v.record(PartnerId, PartnerRecord),
  v.check((map) => Object.keys(map).length <= PARTNER_LIMITS.partners, `must hold at most ${PARTNER_LIMITS.partners} partners`),
  v.check((map) => Object.entries(map).every(([id, partner]) => partner.id === id), 'must key each partner by its id'),
);
export type PartnerMap = v.InferOutput<typeof PartnerMap>;

/** What a headline response tells the widget of a known partner's defaults: applied when its own attribute is unset. */
export const PartnerHints = v.strictObject({ theme: v.optional(PartnerTheme), lang: v.optional(PartnerLang) });
export type PartnerHints = v.InferOutput<typeof PartnerHints>;
