/**
 * embed.js: the one script tag partners paste. A classic script (not a module), so it can find its own tag:
 * it puts one `<khabar-carousel>` right after that tag, with the tag's `data-*` options, and takes the API origin
 * from its own `src`. Every pasted tag gets its own carousel; elements placed by hand are upgraded as they are.
 */
import { KhabarCarousel } from './khabar-carousel.ts';
import { OPTION_NAMES } from './embed-options.ts';

const tag = document.currentScript;
const origin = tag instanceof HTMLScriptElement && tag.src ? new URL(tag.src).origin : '';

// Read when a hand-placed element first fetches, which is after this line; the first embed to load sets it.
KhabarCarousel.defaultApi ||= origin;

if (tag instanceof HTMLScriptElement) {
  const carousel = document.createElement('khabar-carousel');
  carousel.setAttribute('api', origin);
  // A whitelist, so `data-onclick` never becomes an event handler attribute.
  for (const option of OPTION_NAMES) {
    const value = tag.getAttribute(`data-${option}`);
    if (value !== null) carousel.setAttribute(option, value);
  }
  tag.after(carousel);
}
