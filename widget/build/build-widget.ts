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
  /** The extras file the embed loads where it is used: autoplay, English words (buildWidget only). */
  extras?: EmbedBuild;
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
 * What carousels use only sometimes, as its own ES module (embed/extras-<version>.js, widget/extras.ts): embed.js
 * imports it for a carousel with `autoplay` > 0 or `lang="en"`. It bundles what it needs (the motion preference).
 */
export async function buildExtras(): Promise<EmbedBuild> {
  const result = await build({ ...EMBED_ESBUILD_OPTIONS, format: 'esm', entryPoints: [join(ROOT, 'widget/extras.ts')], write: false });
  return described((await minify(result.outputFiles[0]!.text, EMBED_TERSER_OPTIONS)).code!);
}

/**
 * embed.js imports the extras file by its content hash, from the origin the carousel reads its API from; and its
 * own copy of the English words is left out (the extras bring them).
 */
function extrasImport(version: string): Plugin {
  return {
    name: 'extras-import',
    setup(plugin) {
      plugin.onLoad({ filter: /[\\/]widget[\\/]load-extras\.ts$/ }, () => ({
        contents: `export const loadExtras = (origin) => import(origin + ${JSON.stringify(extrasPath(version))});`,
        loader: 'js',
      }));
      plugin.onLoad({ filter: /[\\/]widget[\\/]messages-en\.ts$/ }, () => ({ contents: 'export const EN = undefined;', loader: 'js' }));
    },
  };
}

/** Where the worker serves the extras file (worker/routes/embed.ts). */
export function extrasPath(version: string): string {
  return `/embed/extras-${version}.js`;
}

export async function buildEmbed(extras?: EmbedBuild): Promise<EmbedBuild> {
  extras ??= await buildExtras();
  // First: the templates plugin would otherwise load the file as it is.
  const plugins = [extrasImport(extras.version), ...EMBED_ESBUILD_OPTIONS.plugins];
  const result = await build({ ...EMBED_ESBUILD_OPTIONS, plugins, entryPoints: [join(ROOT, 'widget/embed.ts')], write: false });
  const minified = await minify(result.outputFiles[0]!.text, EMBED_TERSER_OPTIONS);
  return described(minified.code!);
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

export async function buildWidget(): Promise<EmbedBuild> {
  await rm(DIST, { recursive: true, force: true });
  await mkdir(join(DIST, 'embed'), { recursive: true });
  const extras = await buildExtras();
  const [embed] = await Promise.all([buildEmbed(extras), buildModule(), buildTypes(), buildManifest(), buildConfigurator()]);
  await writeFile(join(DIST, 'embed/embed.js'), embed.source);
  await writeFile(join(DIST, 'embed/embed.json'), `${JSON.stringify(embed)}\n`);
  await writeFile(join(DIST, 'embed/extras.js'), extras.source);
  await writeFile(join(DIST, 'embed/extras.json'), `${JSON.stringify(extras)}\n`);
  return { ...embed, extras };
}
