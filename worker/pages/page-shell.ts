/**
 * The document around every page the worker renders. Pages are built with Hono's `html` tagged template,
 * which escapes every interpolated value, so article text can never become markup.
 */
import { html } from 'hono/html';

/** An `html` template's result: nested templates stay markup, plain strings are escaped. */
export type Markup = ReturnType<typeof html>;

export interface Shell {
  lang: string;
  dir: 'rtl' | 'ltr';
  title: string;
  /** Extra `<head>` content: meta tags, links, scripts. */
  head?: Markup;
  body: Markup;
  /** Path of the stylesheet; default the pages' own. */
  stylesheet?: string;
  /** `frame` for pages shown inside an iframe: no margins, transparent. */
  bodyClass?: string;
}

export const PAGES_CSS_PATH = '/assets/pages.css';

export async function renderPage(shell: Shell): Promise<string> {
  const page = await html`<!doctype html>
<html lang="${shell.lang}" dir="${shell.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${shell.title}</title>
<link rel="stylesheet" href="${shell.stylesheet ?? PAGES_CSS_PATH}">
${shell.head ?? ''}
</head>
<body${shell.bodyClass ? html` class="${shell.bodyClass}"` : ''}>
${shell.body}
</body>
</html>
`;
  return page.toString();
}
