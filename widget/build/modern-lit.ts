/**
 * An esbuild plugin for the embed only: Lit's feature test for constructable stylesheets becomes `true`. Every
 * browser the embed supports has them (Chrome/Edge 123, Firefox 124, Safari 17.5: README "Browsers"), so the
 * `<style>` fallback and the CSSResult class it needs are dead code on every partner page; without the test,
 * the minifier drops them (about 300 B brotli, which pays for breaking news and counting). The build fails if Lit's
 * file no longer has the expression, rather than shipping the fallback unnoticed.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/** @lit/reactive-element/css-tag.js (minified production build) tests this at load. */
const FEATURE_TEST = 't.ShadowRoot&&(void 0===t.ShadyCSS||t.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype';

export const modernLit: Plugin = {
  name: 'modern-lit',
  setup(build) {
    build.onLoad({ filter: /[\\/]@lit[\\/]reactive-element[\\/]css-tag\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(FEATURE_TEST)) throw new Error(`${args.path}: Lit's stylesheet feature test changed; update widget/build/modern-lit.ts`);
      return { contents: source.replace(FEATURE_TEST, '!0'), loader: 'js' };
    });
  },
};
