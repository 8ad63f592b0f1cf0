/**
 * An esbuild plugin that collapses the whitespace inside Lit's css`` templates and between the tags of html`` ones, which esbuild leaves as
 * written. Every
 * byte of the embed is on every partner page.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';
import { collapseCss } from './collapse-css.ts';

const CSS_TEMPLATE = /\bcss`([^`]*)`/g;
/** Line breaks and indentation between tags and bindings in html`` templates (which nest, so no one regex finds them whole). */
const HTML_LAYOUT = /([>}])\s*\n\s*([<$])/g;

export const minifyTemplates: Plugin = {
  name: 'minify-templates',
  setup(build) {
    build.onLoad({ filter: /[\\/]widget[\\/][^\\/]+\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const contents = source
        .replace(CSS_TEMPLATE, (_, text: string) => `css\`${collapseCss(text)}\``)
        .replace(HTML_LAYOUT, '$1$2');
      return { contents, loader: 'ts' };
    });
  },
};
