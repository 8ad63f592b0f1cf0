/** The build as the commands run it: progress and problems printed, `file: field: what is wrong`. */
import { basename, dirname, relative, resolve } from 'node:path';
import { ARTICLES_DIR, BUILD_DIR } from '../project-config.ts';
import { type BuildOptions, type BuildResult, buildContent } from './build-content.ts';

/**
 * Shared by content:build, content:push and npm start. `keys: false` leaves every record's name out of the manifest
 * (the push does not need them). `find`, `names`, `watched`: how changed files are found (BuildOptions); the
 * commands use the change journal on large archives (`auto`).
 */
export async function buildAndReport(options: Pick<BuildOptions, 'full' | 'keys' | 'find' | 'names' | 'watched'> = {}): Promise<BuildResult> {
  const started = performance.now();
  const result = await buildContent({
    articlesDir: ARTICLES_DIR,
    outDir: BUILD_DIR,
    full: options.full ?? false,
    keys: options.keys ?? true,
    find: options.find ?? 'auto',
    ...(options.names && { names: options.names }),
    ...(options.watched && { watched: true }),
    onProgress: (done, total) => {
      if (total >= 1000) process.stderr.write(`  validated ${done}/${total} changed articles\n`);
    },
  });
  if (!result.ok) {
    for (const p of result.problems) console.error(`${relative(process.cwd(), p.file)}: ${p.path || '(file)'}: ${p.message}`);
    console.error(`content:build failed: ${result.problems.length} problem(s); nothing was written`);
  } else {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const { changed, removed, how, untrusted } = result.changes;
    const what = how === 'full' ? 'every file read' : `${changed.length} changed, ${removed.length} removed`;
    const partners = Object.keys(result.partners).length;
    console.log(`built ${result.manifest.articles} articles and ${result.manifest.lists} headline lists into ${relative(process.cwd(), result.outDir)} in ${seconds}s (${what}), and ${partners} partner${partners === 1 ? '' : 's'}`);
    const folder = relative(process.cwd(), ARTICLES_DIR);
    if (untrusted) console.error(`  checked every file in ${folder}: ${untrusted}`);
    // Said on every such build: what the journal cannot see, and what to do about it.
    if (how === 'journal' && !options.watched) {
      console.error(`  changes found from the change journal (content:import, npm start); a file saved in place with neither running is not seen: name it (content:push -- --local ${folder}/<slug>.md) or add --scan`);
    }
  }
  return result;
}


/**
 * Files named on the command line, as names in content/articles/: each must be a `.md` file directly in it.
 * Returns a message for the first that is not.
 */
export function articleNames(paths: readonly string[]): string[] | string {
  const names: string[] = [];
  for (const path of paths) {
    const absolute = resolve(path);
    if (dirname(absolute) !== resolve(ARTICLES_DIR) || !absolute.endsWith('.md')) {
      return `${path}: only .md files directly in ${relative(process.cwd(), ARTICLES_DIR)}/ can be named`;
    }
    names.push(basename(absolute));
  }
  return names;
}
