/**
 * The stylesheet of the worker's own pages (/assets/pages.css): the configurator, article pages and cards.
 * Served as a file, not inline, so the pages' CSP can forbid inline styles. Logical properties throughout,
 * so one sheet lays out Arabic (rtl) and English (ltr) pages alike.
 */
export const PAGES_CSS = `:root {
  color-scheme: light dark;
  --ink: light-dark(#1b1b1f, #ececf1);
  --muted: light-dark(#5b5b66, #a6a6b3);
  --paper: light-dark(#fbfaf7, #16161a);
  --rule: light-dark(#dedbd2, #34343c);
  --accent: light-dark(#9b1c1c, #ff8a80);
  --code: light-dark(#f1eee6, #24242b);
}
* { box-sizing: border-box; }
html { background: var(--paper); color: var(--ink); }
body {
  margin: 0;
  font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Geeza Pro", "Segoe UI", Tahoma, system-ui, sans-serif;
  font-size: 1.0625rem;
  line-height: 1.8;
  text-rendering: optimizeLegibility;
}
:lang(en) body, body:lang(en) { line-height: 1.6; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
h1, h2 { line-height: 1.35; margin-block: 0 0.5em; }
h1 { font-size: clamp(1.6rem, 1.2rem + 1.6vw, 2.3rem); }
h2 { font-size: 1.25rem; }

/* An article page: one readable column. */
.article-page { max-inline-size: 42rem; margin-inline: auto; padding: 2rem 1.25rem 4rem; }
.article-page .kicker { color: var(--accent); font-weight: 700; margin: 0 0 0.25rem; }
.article-page .dek { font-size: 1.25rem; color: var(--muted); margin-block: 0 0.75rem; }
.article-page .dateline { color: var(--muted); font-size: 0.9rem; border-block-end: 1px solid var(--rule); padding-block-end: 1rem; }
.article-page figure { margin: 1.5rem 0; }
.article-page img { display: block; inline-size: 100%; block-size: auto; border-radius: 4px; }
.article-page figcaption, .article-page .caption { color: var(--muted); font-size: 0.9rem; margin-block-start: 0.5rem; }
.article-page .caption { border-inline-start: 3px solid var(--rule); padding-inline-start: 0.75rem; }
.article-page article > p { margin-block: 0 1.1em; }
.article-page .tags { display: flex; flex-wrap: wrap; gap: 0.5rem; list-style: none; padding: 0; }
.article-page .tags li { border: 1px solid var(--rule); border-radius: 999px; padding: 0 0.75rem; font-size: 0.85rem; }
.article-page .source-link { border-block-start: 1px solid var(--rule); padding-block-start: 1rem; }
.article-page .latest { margin-block-start: 2.5rem; }

/* Frames: what oEmbed puts in a CMS page. Nothing around the content. */
body.frame { background: transparent; }
html:has(body.frame) { background: transparent; }
.card { display: flex; gap: 0.75rem; align-items: center; block-size: 150px; padding: 0.75rem; overflow: hidden;
  border: 1px solid var(--rule); border-radius: 8px; background: var(--paper); color: var(--ink); text-decoration: none; }
.card img { inline-size: 120px; block-size: 120px; object-fit: cover; border-radius: 4px; flex: none; }
.card-text { display: flex; flex-direction: column; gap: 0.25rem; min-inline-size: 0; }
.card-title { font-size: 1.05rem; line-height: 1.5; display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
.card-meta { color: var(--muted); font-size: 0.85rem; }
.card:hover .card-title { text-decoration: underline; }

/* The configurator. */
.configurator { max-inline-size: 64rem; margin-inline: auto; padding: 2rem 1.25rem 4rem; display: grid; gap: 1.5rem;
  grid-template-columns: minmax(16rem, 22rem) 1fr; grid-template-areas: "head head" "status status" "form live" "form snippet" "form partner";
  /* The tall form's extra height goes below the partner links, not between the sections beside it. */
  grid-template-rows: auto auto auto auto 1fr; }
.configurator > header { grid-area: head; }
.configurator > header p { color: var(--muted); margin: 0; max-inline-size: 48rem; }
.content-status { grid-area: status; border: 2px solid var(--accent); border-radius: 8px; padding: 0.75rem 1rem; }
.content-status ul { margin: 0.25rem 0 0; padding-inline-start: 1.25rem; font-family: ui-monospace, monospace; font-size: 0.9rem; direction: ltr; text-align: left; }
.options { grid-area: form; }
.options fieldset { border: 1px solid var(--rule); border-radius: 8px; padding: 1rem; margin: 0; display: grid; gap: 0.9rem; }
.options legend { font-weight: 700; padding-inline: 0.25rem; }
.field { display: grid; gap: 0.2rem; }
.field label { font-weight: 600; }
.field small { color: var(--muted); font-size: 0.8rem; line-height: 1.5; }
input, select, button { font: inherit; font-size: 1rem; color: inherit; }
input, select { padding: 0.35rem 0.5rem; border: 1px solid var(--rule); border-radius: 6px; background: var(--paper); }
input:invalid { border-color: var(--accent); }
button { cursor: pointer; padding: 0.35rem 1rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: var(--paper); font-weight: 600; }
.snippet { grid-area: snippet; }
.snippet pre { margin: 0 0 0.75rem; padding: 0.75rem 1rem; background: var(--code); border-radius: 6px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; font-size: 0.9rem; line-height: 1.6; }
#copy-status { color: var(--muted); }
.live { grid-area: live; }
.live iframe { display: block; inline-size: 100%; block-size: 232px; border: 0; }
.codes { border: 0; padding: 0; margin: 0 0 0.75rem; display: grid; gap: 0.15rem; }
.codes legend { font-weight: 600; padding: 0; margin-block-end: 0.25rem; }
.codes small { color: var(--muted); font-size: 0.8rem; margin-inline-start: 1.6rem; }
.partner-preview { grid-area: partner; }
.partner-preview p { margin: 0; color: var(--muted); }
/* /stats: filters, totals, a plot and tables. */
.stats-page { max-inline-size: 60rem; margin-inline: auto; padding: 2rem 1.25rem 4rem; }
.stats-page .lede, .stats-page .note { color: var(--muted); }
.stats-filter { display: flex; flex-wrap: wrap; gap: 0.75rem 1rem; align-items: end; margin-block: 1rem 1.5rem; }
.stats-filter .field { display: flex; flex-direction: column; }
.stats-problem { border: 2px solid var(--accent); border-radius: 6px; padding: 0.5rem 1rem; }
.stats-totals dl { display: flex; flex-wrap: wrap; gap: 1rem 2.5rem; margin: 0; }
.stats-totals dt { color: var(--muted); }
.stats-totals dd { margin: 0; font-size: 1.8rem; font-weight: 700; }
.stats-plot { margin: 1rem 0; }
.stats-plot svg { display: block; inline-size: 100%; block-size: 12rem; }
.stats-plot polyline { fill: none; stroke-width: 2; vector-effect: non-scaling-stroke; }
.stats-plot .impressions { stroke: var(--accent); }
.stats-plot .clicks { stroke: var(--ink); stroke-dasharray: 6 4; }
.stats-plot .axis { stroke: var(--rule); }
.stats-plot .scale { fill: var(--muted); font-size: 12px; }
.stats-plot .key.impressions { color: var(--accent); }
.stats-table { border-collapse: collapse; inline-size: 100%; margin-block-end: 1.5rem; font-variant-numeric: tabular-nums; }
.stats-table th, .stats-table td { border-block-end: 1px solid var(--rule); padding: 0.3rem 0.6rem; text-align: start; }
.stats-table td, .stats-table thead th + th { text-align: end; }
@media (max-width: 48rem) {
  .configurator { grid-template-columns: 1fr; grid-template-rows: none; grid-template-areas: "head" "status" "live" "snippet" "form" "partner"; }
}
`;
