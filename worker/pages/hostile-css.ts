/**
 * A partner's global stylesheet at its worst, served at /preview/partner.css for the partner preview and used
 * by the end-to-end tests: a reset that reaches every element (the carousel's host included), blanket
 * !important rules, a tiny root font size, pale inherited text and a forced direction. None of it may hide,
 * shrink, recolour or flip the carousel.
 */
export const HOSTILE_CSS = `* { all: unset; }
head { display: none; }
html { font-size: 10px; direction: ltr; color: #f4f4f4; background: #fff; }
body { display: block; font: 10px/0.9 serif; letter-spacing: 0.05em; }
div, section, article, nav, ul, li, button, span, p, img, svg { display: none !important; }
a, a:visited, a:hover { color: red !important; font-size: 8px !important; text-decoration: line-through !important; }
h1, h2, h3 { font-size: 0 !important; color: transparent !important; }
main { display: block; padding: 8px; }
main > p.partner { display: block !important; }
`;
