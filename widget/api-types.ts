/**
 * What the widget knows of the API: the response types, from the one schema. Types only, so the embed
 * ships no validator.
 */
export type { Headline, HeadlineList, Image } from '../content/schema.ts';
