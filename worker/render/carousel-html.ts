/**
 * A `<khabar-carousel>` painted by the worker: the element with the embed's options as attributes, and inside it a
 * declarative shadow root (`<template shadowrootmode="open">`) holding the carousel's stylesheet, the markup the
 * element itself would render for this list (one template: widget/carousel.template.ts), and the list as JSON.
 * With JavaScript off that is the carousel, styled and linked. When embed.js arrives it takes the element over: it
 * adopts the list (no second request for it) and renders the same markup in its place before the next paint.
 */
import type { HeadlineList } from '../../content/schema.ts';
import { collapseCss } from '../../widget/build/collapse-css.ts';
import { CAROUSEL_CSS } from '../../widget/carousel.styles.ts';
import { carouselTemplate } from '../../widget/carousel.template.ts';
import { CONFIGURABLE_OPTIONS, type EmbedOptions, OPTION_RULES } from '../../widget/embed-options.ts';
import type { ServerList } from '../../widget/api-types.ts';
import { escapeHtml, renderTemplate, serverTags } from './render-template.ts';

/** The `<style>` text of every server-rendered carousel, minified as the embed's own copy is. */
export const CAROUSEL_STYLE = collapseCss(CAROUSEL_CSS);

export interface ServerCarousel {
  /** The worker's origin: the element's `api`, and where its script comes from. */
  origin: string;
  options: EmbedOptions;
  /** The list to show; absent when it could not be read (the error state, which the element retries). */
  list?: HeadlineList;
  /** The list response's ETag, so the element's first refresh of an unchanged list changes nothing. */
  etag?: string | null;
  /** The content version the list was made under (its `Khabar-Version`), for the element's version checks. */
  version?: string | null;
  /** The list is an old copy served because the store failed (stale-if-error). */
  stale?: boolean;
  /**
   * Puts embed.js inside the element, and the list as JSON for it to take over without a request, so the carousel
   * comes alive wherever script may run. Without it (pages that run no script) the carousel is static.
   */
  script?: boolean;
}

export function renderCarousel(carousel: ServerCarousel): string {
  const { options, list } = carousel;
  const option = (name: keyof EmbedOptions): string => options[name] ?? OPTION_RULES[name].default;
  const items = list?.items ?? [];
  const state = !list ? 'error' : items.length ? 'ready' : 'empty';
  const autoplay = Number(option('autoplay'));
  const markup = renderTemplate(
    carouselTemplate(
      serverTags,
      // `lang` as the element reads it: absent is '' (Arabic).
      { lang: options.lang ?? '', theme: option('theme'), digits: option('digits'), partner: option('partner'), autoplay },
      { items, state, stale: !!carousel.stale, updatedAt: list?.updatedAt ?? null },
      // A server cannot know the reader's motion preference: it shows rotation as the element starts it.
      { playing: autoplay > 0 },
      NO_ACTIONS,
    ),
  );
  let attributes = ` api="${escapeHtml(carousel.origin)}"`;
  for (const name of CONFIGURABLE_OPTIONS) {
    const value = options[name];
    if (value !== undefined && value !== OPTION_RULES[name].default) attributes += ` ${name}="${escapeHtml(value)}"`;
  }
  attributes += ` state="${state}"`;
  const data = list && carousel.script ? jsonScript({ ...list, etag: carousel.etag ?? null, version: carousel.version ?? null, stale: !!carousel.stale }) : '';
  const script = carousel.script ? `<script async src="${escapeHtml(carousel.origin)}/embed.js"></script>` : '';
  return `<khabar-carousel${attributes}><template shadowrootmode="open"><style>${CAROUSEL_STYLE}</style>${markup}${data}</template>${script}</khabar-carousel>`;
}

/** The server renders no listeners, so nothing calls these. */
const NO_ACTIONS = { step() {}, select() {} };

/** JSON inside `<script>`: `<` escaped, so no text in a headline can end the element or open a comment. */
function jsonScript(value: ServerList): string {
  return `<script type="application/json">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`;
}
