/**
 * Builds what partners load, into dist/:
 * - embed/embed.js: the one-script-tag embed (a minified classic script: loader, Lit, component, styles).
 * - embed/embed.json: the same, with its version (a content hash), SRI integrity and sizes, for the worker to serve.
 * - widget/index.js and types/: the ES module for `import 'khabar/widget'` (Lit left to the site's bundler) and its
 *   type declarations.
 * - custom-elements.json: the element's manifest, generated from the component's JSDoc.
 * - pages/configurator.json: the script of the worker's configurator page (/assets/configurator.js).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { type BuildOptions, type Plugin, build } from 'esbuild';
import { type MinifyOptions, minify } from 'terser';
import { minifyTemplates } from './minify-templates.ts';
import { modernLit } from './modern-lit.ts';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const DIST = join(ROOT, 'dist');

export interface EmbedBuild {
  /** First 12 hex digits of the script's SHA-256: changes exactly when its bytes do. */
  version: string;
  /** Subresource Integrity value for `<script integrity>`. */
  integrity: string;
  bytes: { raw: number; gzip: number; brotli: number };
  source: string;
}

/** How the embed is bundled; exported so the benchmark bundles the libraries it compares against the same way. */
export const EMBED_ESBUILD_OPTIONS = {
  bundle: true,
  format: 'iife',
  minify: true,
  target: 'es2022',
  // Arabic as UTF-8 (2 bytes a letter), not \u escapes (6); served with charset=utf-8.
  charset: 'utf8',
  // Lit's licence notices (BSD-3-Clause) are in the README's credits, not in every partner's download.
  legalComments: 'none',
  plugins: [minifyTemplates, modernLit],
} as const satisfies BuildOptions;

/** esbuild bundles; terser's extra passes then take a few percent more off, on every partner page. */
export const EMBED_TERSER_OPTIONS: MinifyOptions = {
  ecma: 2020,
  // esbuild's IIFE is the whole program: as a module, terser may treat its top level as private (strict code).
  module: true,
  compress: { passes: 3, unsafe_arrows: true, pure_getters: true, keep_fargs: false },
  // `_$`-prefixed names are Lit's cross-package internals: the embed bundles its one copy of Lit, so they can be
  // shortened like any other name (some 80 B brotli).
  mangle: { toplevel: true, properties: { regex: /^_\$/ } },
  format: { ascii_only: false, wrap_func_args: false },
};

/**
 * What carousels use only sometimes, each as its own ES module that embed.js imports by content hash from the origin
 * the carousel reads its API from (worker/routes/embed.ts serves them):
 * - extras (widget/extras.ts): the autoplay controller and the English words, for `autoplay` > 0 or `lang="en"`;
 * - count (widget/count.ts): impressions and clicks, for a carousel with a `partner` whose reader allows counting.
 * Each bundles what it needs.
 */
export const LAZY_FILES = { extras: 'loadExtras', count: 'loadCount' } as const;
export type LazyFile = keyof typeof LAZY_FILES;

export async function buildLazy(name: LazyFile): Promise<EmbedBuild> {
  const result = await build({ ...EMBED_ESBUILD_OPTIONS, format: 'esm', entryPoints: [join(ROOT, `widget/${name}.ts`)], write: false });
  return described((await minify(result.outputFiles[0]!.text, EMBED_TERSER_OPTIONS)).code!);
}

/**
 * In embed.js, widget/load-<name>.ts imports the file instead of bundling it; and embed.js's own copy of the English
 * words is left out (the extras bring them).
 */
function lazyImports(versions: Record<LazyFile, string>): Plugin {
  return {
    name: 'lazy-imports',
    setup(plugin) {
      for (const [name, loader] of Object.entries(LAZY_FILES) as [LazyFile, string][]) {
        plugin.onLoad({ filter: new RegExp(`[\\\\/]widget[\\\\/]load-${name}\\.ts$`) }, () => ({
          contents: `export const ${loader} = (origin) => import(origin + ${JSON.stringify(lazyPath(name, versions[name]))});`,
          loader: 'js',
        }));
      }
      plugin.onLoad({ filter: /[\\/]widget[\\/]messages-en\.ts$/ }, () => ({ contents: 'export const EN = undefined;', loader: 'js' }));
    },
  };
}

/** Where the worker serves a lazily loaded file (worker/routes/embed.ts). */
export function lazyPath(name: LazyFile, version: string): string {
  return `/embed/${name}-${version}.js`;
}

export interface LazyBuilds {
  extras: EmbedBuild;
  count: EmbedBuild;
}

export async function buildEmbed(lazy?: LazyBuilds): Promise<EmbedBuild & LazyBuilds> {
  lazy ??= { extras: await buildLazy('extras'), count: await buildLazy('count') };
  // First: the templates plugin would otherwise load the files as they are.
  const plugins = [lazyImports({ extras: lazy.extras.version, count: lazy.count.version }), ...EMBED_ESBUILD_OPTIONS.plugins];
  const result = await build({ ...EMBED_ESBUILD_OPTIONS, plugins, entryPoints: [join(ROOT, 'widget/embed.ts')], write: false });
  const minified = await minify(result.outputFiles[0]!.text, EMBED_TERSER_OPTIONS);
  return { ...(await described(minified.code!)), ...lazy };
}

async function described(source: string): Promise<EmbedBuild> {
  const bytes = new TextEncoder().encode(source);
  return {
    version: createHash('sha256').update(bytes).digest('hex').slice(0, 12),
    integrity: `sha384-${createHash('sha384').update(bytes).digest('base64')}`,
    bytes: await sizes(bytes),
    source,
  };
}

/** What travels: raw, gzip and brotli (both at their strongest, as CDNs serve static files). */
export async function sizes(bytes: Uint8Array): Promise<EmbedBuild['bytes']> {
  const [gz, br] = await Promise.all([
    promisify(gzip)(bytes, { level: 9 }),
    promisify(brotliCompress)(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  ]);
  return { raw: bytes.byteLength, gzip: gz.byteLength, brotli: br.byteLength };
}

const run = promisify(execFile);
const bin = (name: string): string => join(ROOT, 'node_modules/.bin', name);

/** Type declarations for `import 'khabar/widget'`, from the same tsconfig that checks the widget. */
async function buildTypes(): Promise<void> {
  const options = ['--noEmit', 'false', '--declaration', '--emitDeclarationOnly', '--rootDir', ROOT, '--outDir', join(DIST, 'types')];
  await run(bin('tsc'), ['-p', join(ROOT, 'widget'), ...options]);
}

/** custom-elements.json, read from the component's JSDoc and properties, for editors and frameworks. */
async function buildManifest(): Promise<void> {
  const sources = ['widget/carousel.component.ts', 'widget/khabar-carousel.ts'];
  // cem reads --outdir relative to the working directory.
  await run(bin('cem'), ['analyze', '--litelement', '--globs', ...sources, '--outdir', 'dist'], { cwd: ROOT });
}

async function buildModule(): Promise<void> {
  await build({
    entryPoints: [join(ROOT, 'widget/index.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    external: ['lit', 'lit/*'],
    outfile: join(DIST, 'widget/index.js'),
  });
}

/** The configurator page's script, as JSON the worker imports and serves. */
async function buildConfigurator(): Promise<void> {
  const result = await build({
    entryPoints: [join(ROOT, 'widget/configurator.ts')],
    bundle: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    charset: 'utf8',
    write: false,
  });
  const source = result.outputFiles[0]!.text;
  await mkdir(join(DIST, 'pages'), { recursive: true });
  await writeFile(join(DIST, 'pages/configurator.json'), `${JSON.stringify({ source })}\n`);
}

export async function buildWidget(): Promise<EmbedBuild & LazyBuilds> {
  await rm(DIST, { recursive: true, force: true });
  await mkdir(join(DIST, 'embed'), { recursive: true });
  const lazy = { extras: await buildLazy('extras'), count: await buildLazy('count') };
  const [embed] = await Promise.all([buildEmbed(lazy), buildModule(), buildTypes(), buildManifest(), buildConfigurator()]);
  const { extras: _extras, count: _count, ...own } = embed;
  await writeFile(join(DIST, 'embed/embed.js'), embed.source);
  await writeFile(join(DIST, 'embed/embed.json'), `${JSON.stringify(own)}\n`);
  for (const name of Object.keys(LAZY_FILES) as LazyFile[]) {
    await writeFile(join(DIST, `embed/${name}.js`), lazy[name].source);
    await writeFile(join(DIST, `embed/${name}.json`), `${JSON.stringify(lazy[name])}\n`);
  }
  return embed;
}
