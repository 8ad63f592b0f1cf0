/**
 * Renders the widget's Lit-syntax templates (widget/carousel.template.ts) to an HTML string, so the worker paints
 * exactly the markup the element renders. Lit's own server renderer does not run in workerd as wrangler bundles
 * it (PLATFORM-NOTES), and the templates use a small part of Lit's syntax, which this covers:
 *
 * - text: strings and numbers escaped, nested templates, arrays, and `nothing`/null/undefined as nothing;
 * - `name=${v}` and `name="…${v}…"`: escaped and quoted; `nothing` as a whole value removes the attribute,
 *   null/undefined render as "" (as in Lit);
 * - `@event=${f}`: dropped; a server page has no listeners.
 *
 * Whitespace that Lit would keep is kept, except the layout between tags the embed build also removes
 * (widget/build/minify-templates.ts), so both render the same nodes. test/widget/server-render.test.ts compares
 * the two DOMs in Chromium, state by state.
 */
import type { Tags } from '../../widget/carousel.template.ts';

const NOTHING: unique symbol = Symbol('nothing');

export class ServerTemplate {
  readonly strings: TemplateStringsArray;
  readonly values: unknown[];

  constructor(strings: TemplateStringsArray, values: unknown[]) {
    this.strings = strings;
    this.values = values;
  }
}

/** Lit's `html` and `nothing`, for the server. */
export const serverTags: Tags<ServerTemplate> = {
  html: (strings, ...values) => new ServerTemplate(strings, values),
  nothing: NOTHING,
};

/** Markup a template renders to: text and attribute values escaped, as Lit would set them. */
export function renderTemplate(template: ServerTemplate): string {
  let out = '';
  /** Where the text so far leaves us: between tags, inside a tag, or inside a quoted attribute value. */
  let where: 'text' | 'tag' | '"' | "'" = 'text';
  const { strings, values } = template;
  strings.forEach((raw, index) => {
    const chunk = collapseLayout(raw);
    where = scan(chunk, where);
    out += chunk;
    if (index === values.length) return;
    const value = values[index];
    if (where === 'text') {
      out += renderChild(value);
      return;
    }
    if (where === 'tag') {
      // A whole-value binding: `name=${value}`.
      const binding = /\s([@.?]?)([^\s"'>/=]+)=$/.exec(out);
      if (!binding) throw new Error(`unsupported binding after ${JSON.stringify(chunk.slice(-40))}`);
      const [text, prefix] = binding;
      out = out.slice(0, -text.length);
      if (prefix === '@' || prefix === '.' || value === NOTHING) return;
      if (prefix === '?') {
        if (value) out += ` ${binding[2]}`;
        return;
      }
      out += `${text}"${escapeHtml(attributeText(value))}"`;
      return;
    }
    // Inside a quoted value: part of it.
    out += escapeHtml(attributeText(value));
  });
  return out;
}

function renderChild(value: unknown): string {
  if (value instanceof ServerTemplate) return renderTemplate(value);
  if (Array.isArray(value)) return value.map(renderChild).join('');
  if (value === NOTHING || value === null || value === undefined) return '';
  return escapeHtml(String(value));
}

function attributeText(value: unknown): string {
  return value === null || value === undefined || value === NOTHING ? '' : String(value);
}

/** Tracks whether `chunk` ends between tags, inside a tag, or inside a quoted attribute value. */
function scan(chunk: string, start: 'text' | 'tag' | '"' | "'"): typeof start {
  let where = start;
  for (let i = 0; i < chunk.length; i++) {
    const c = chunk[i]!;
    if (where === 'text') {
      if (c === '<' && /[a-zA-Z/!]/.test(chunk[i + 1] ?? '')) where = 'tag';
    } else if (where === 'tag') {
      if (c === '>') where = 'text';
      else if (c === '"' || c === "'") where = c;
    } else if (c === where) {
      where = 'tag';
    }
  }
  return where;
}

/** The embed build's collapsing of template layout: line breaks and indentation between tags and bindings. */
function collapseLayout(chunk: string): string {
  return chunk.replace(/(^|>)\s*\n\s*(?=<|$)/g, '$1');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
