/**
 * The carousel's stylesheet, as text: the element adopts it as a constructable stylesheet (carousel.component.ts),
 * so a host CSP without 'unsafe-inline' still shows a styled carousel; the worker puts the same text in the
 * `<style>` of the carousels it renders (allowed by its hash). Plain text, not Lit's `css`, so the worker can import
 * it, and the embed carries no `css` tag function. Sizes are in `em` of the wrapper's own font size,
 * never `rem`, so the host's root font size cannot shrink or grow it. A card has a fixed height, and the skeleton,
 * empty and error states have the same, so nothing shifts when headlines arrive. Every byte here is on every
 * partner page: short internal names (--c card, --r radius) on purpose.
 */
// An identity tag, so the embed build's minifier finds and collapses this text (widget/build/minify-templates.ts).
const css = String.raw;

export const CAROUSEL_CSS = css`
  /* Host pages may say "* { all: unset }", and page rules beat :host rules unless important. */
  :host(:not([hidden])) { display: block !important; contain: content; }
  /* A paused partner's carousel shows nothing (the newsroom paused it; the partner should remove the tag). */
  :host([state=paused]) { display: none !important; }

  /* all: initial drops what the host's font, spacing and alignment would pass into the shadow tree (it leaves
     direction to dir and custom properties to the partner). No letter-spacing: it breaks Arabic joining. */
  .root {
    all: initial; display: block; color-scheme: light dark;
    /* Cards and secondary text are mixed from the text colour: one colour pair per theme to keep in contrast. */
    --c: var(--khabar-card-bg, color-mix(in srgb, currentColor 7%, #0000));
    --r: var(--khabar-radius, .75em);
    font: var(--khabar-font-size, 16px) / 1.6 var(--khabar-font, "Noto Sans Arabic", "Geeza Pro", "Segoe UI", Tahoma, system-ui, sans-serif);
    color: var(--khabar-fg, light-dark(#15171c, #eceef1));
    background: var(--khabar-bg, light-dark(#fff, #14171c));
    border-radius: var(--r); padding: .75em;
  }
  /* Any other theme, "auto" included, follows the reader's system, live. */
  .light { color-scheme: light; }
  .dark { color-scheme: dark; }
  /* Inside the edge: the track is a scroll container and would clip a ring drawn outside a card. */
  :focus-visible { outline: 2px solid; outline-offset: -4px; }

  .bar { display: flex; align-items: center; gap: .5em; margin-block-end: .75em; }
  .status, .meta { font-size: .8125em; color: var(--khabar-muted, color-mix(in srgb, currentColor 75%, #0000)); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .status { flex: 1; }
  button {
    font: inherit; color: inherit; background: var(--c); direction: ltr;
    display: grid; place-items: center; min-inline-size: 2.75em; block-size: 2.75em; padding: 0 1em;
    border: 1px solid color-mix(in srgb, currentColor 25%, #0000); border-radius: 1.5em;
  }
  .track {
    /* Three cards across a wide column, fewer (and a peek of the next) where a card would be under 15em. */
    display: grid; grid-auto-flow: column; grid-auto-columns: max(15em, calc(33.3% - .5em)); gap: .75em;
    overflow-x: auto; overscroll-behavior-x: contain; scroll-snap-type: x mandatory; scrollbar-width: none;
  }
  .slide { scroll-snap-align: start; }

  .card, .panel { box-sizing: border-box; block-size: 9.5em; padding: 1em; border-radius: var(--r); background: var(--c); }
  .card { display: flex; flex-direction: column; gap: .5em; color: inherit; text-decoration: none; }
  .top { display: flex; gap: .75em; flex: 1; min-block-size: 0; }
  .title {
    flex: 1; font-size: 1.0625em; font-weight: 700; overflow-wrap: anywhere;
    display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; overflow: hidden;
  }
  img { inline-size: 5em; block-size: 5em; object-fit: cover; border-radius: calc(var(--r) / 2); }
  .panel { display: grid; place-content: center; justify-items: center; gap: .75em; }
  /* Breaking: white on #c00 is 5.9:1. */
  .badge { align-self: start; padding: 0 .5em; color: #fff; background: #c00; }
  /* The announcement (role=status): out of sight, still in the accessibility tree. */
  .sr { position: absolute; scale: 0; }
`;
