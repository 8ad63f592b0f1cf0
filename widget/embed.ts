/**
 * embed.js: the one script tag partners paste. A classic script (not a module), so it can find its own tag:
 * it replaces that tag with one `<khabar-carousel>` carrying the tag's `data-*` options, and takes the API origin
 * from its own `src`. Every pasted tag gets its own carousel; elements placed by hand, and carousels the worker
 * rendered (whose tag sits inside them), are upgraded as they are.
 */
import { KhabarCarousel } from './carousel.component.ts';
import { OPTION_NAMES } from './embed-options.ts';

// A classic script's own tag while it first runs (null only if bundled into a module, when there is no tag to use).
const tag = document.currentScript as HTMLScriptElement | null;
const origin = tag?.src ? new URL(tag.src).origin : '';

// Read when a hand-placed element first fetches, which is after this line; the first embed to load sets it.
KhabarCarousel.defaultApi ||= origin;

function start(): void {
  if (tag && !tag.closest('khabar-carousel')) {
    const carousel = document.createElement('khabar-carousel');
    carousel.setAttribute('api', origin);
    // A whitelist, so `data-onclick` never becomes an event handler attribute.
    for (const option of OPTION_NAMES) {
      const value = tag.getAttribute(`data-${option}`);
      if (value !== null) carousel.setAttribute(option, value);
    }
    // In the tag's place, and of the height its style reserved: nothing around it moves.
    tag.replaceWith(carousel);
  }
  if (!customElements.get('khabar-carousel')) customElements.define('khabar-carousel', KhabarCarousel);
}

// An element the parser creates after the definition gets its shadow root from Lit before its declarative one is
// parsed, which then cannot attach: a server-rendered carousel further down would be fetched again. So: define
// once the document is parsed.
if (document.readyState === 'loading') addEventListener('DOMContentLoaded', start);
else start();
