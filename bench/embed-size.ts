/**
 * What a partner page downloads for a carousel: raw, gzip and brotli bytes of every file, khabar's embed against
 * Lit alone and the leading carousel libraries. Each baseline entry (bench/fixtures/carousels/) sets its library up as
 * its docs tell a partner to, and is bundled exactly as the embed is (the embed's own esbuild and terser options),
 * so the comparison is bundle against bundle. A stylesheet a partner must load counts as a second download.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { build } from 'esbuild';
import { minify } from 'terser';
import { EMBED_ESBUILD_OPTIONS, EMBED_TERSER_OPTIONS, sizes } from '../widget/build/build-widget.ts';
import { ROOT } from './machine.ts';

export interface Bytes {
  raw: number;
  gzip: number;
  brotli: number;
}

export interface Download {
  name: string;
  /** What a partner loads: one entry per file (script, stylesheet). */
  files: Array<{ file: string } & Bytes>;
  total: Bytes;
}

export interface Baseline {
  name: string;
  entry: string;
  /** The baseline needs a stylesheet, so its bundle must have produced one. */
  css: boolean;
  /** A string the bundled script must contain: proof the library was bundled, not tree-shaken away. */
  proof: string;
}

const FIXTURES = join(ROOT, 'bench/fixtures/carousels');

export const BASELINES: readonly Baseline[] = [
  { name: 'Lit alone', entry: 'lit-alone.ts', css: false, proof: 'ReactiveElement' },
  { name: 'Splide', entry: 'splide.ts', css: true, proof: 'splides' },
  { name: 'Embla', entry: 'embla.ts', css: true, proof: 'containScroll' },
  { name: 'Swiper Element', entry: 'swiper-element.ts', css: false, proof: 'swiper-container' },
  { name: 'Shoelace carousel', entry: 'shoelace-carousel.ts', css: true, proof: 'sl-carousel' },
];

function total(files: Bytes[]): Bytes {
  return files.reduce((sum, f) => ({ raw: sum.raw + f.raw, gzip: sum.gzip + f.gzip, brotli: sum.brotli + f.brotli }), { raw: 0, gzip: 0, brotli: 0 });
}

/** The embed as built by `npm run build`: the one script partners load, and all they load. */
export async function measureEmbed(): Promise<Download> {
  const file = join(ROOT, 'dist/embed/embed.js');
  const bytes = await readFile(file).catch(() => {
    throw new Error(`${file} is missing: the embed must be built before it is measured`);
  });
  const files = [{ file: 'embed.js', ...(await sizes(bytes)) }];
  return { name: 'khabar embed', files, total: total(files) };
}

export async function measureBaseline(baseline: Baseline): Promise<Download> {
  const result = await build({
    ...EMBED_ESBUILD_OPTIONS,
    entryPoints: [join(FIXTURES, baseline.entry)],
    // Needed for the stylesheet esbuild splits out; nothing is written.
    outdir: join(ROOT, '.bench-out'),
    write: false,
  });
  const files: Download['files'] = [];
  let script = '';
  for (const output of result.outputFiles) {
    const ext = extname(output.path);
    let text = output.text;
    if (ext === '.js') text = script = (await minify(text, EMBED_TERSER_OPTIONS)).code ?? '';
    else if (ext !== '.css') throw new Error(`${baseline.name}: unexpected bundle output ${output.path}`);
    files.push({ file: basename(output.path), ...(await sizes(new TextEncoder().encode(text))) });
  }
  const hasCss = files.some((f) => f.file.endsWith('.css'));
  if (!script.includes(baseline.proof)) throw new Error(`${baseline.name}: the bundle lacks "${baseline.proof}"; was the library tree-shaken away?`);
  if (hasCss !== baseline.css) throw new Error(`${baseline.name}: expected ${baseline.css ? 'a' : 'no'} stylesheet, bundle has ${hasCss ? 'one' : 'none'}`);
  return { name: baseline.name, files, total: total(files) };
}

export interface EmbedSizes {
  khabar: Download;
  baselines: Download[];
}

export async function measureEmbedSizes(): Promise<EmbedSizes> {
  const khabar = await measureEmbed();
  const baselines: Download[] = [];
  for (const baseline of BASELINES) baselines.push(await measureBaseline(baseline));
  return { khabar, baselines };
}
