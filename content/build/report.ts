/** The build as the commands run it: progress and problems printed, `file: field: what is wrong`. */
import { relative } from 'node:path';
import { ARTICLES_DIR, BUILD_DIR } from '../project-config.ts';
import { type BuildResult, buildContent } from './build-content.ts';

/** Shared by content:build, content:push and npm start. */
/** `keys: false` leaves every record's name out of the manifest (the push does not need them). */
export async function buildAndReport(options: { full?: boolean; keys?: boolean } = {}): Promise<BuildResult> {
  const started = performance.now();
  const result = await buildContent({
    articlesDir: ARTICLES_DIR,
    outDir: BUILD_DIR,
    full: options.full ?? false,
    keys: options.keys ?? true,
    onProgress: (done, total) => {
      if (total >= 1000) process.stderr.write(`  validated ${done}/${total} changed articles\n`);
    },
  });
  if (!result.ok) {
    for (const p of result.problems) console.error(`${relative(process.cwd(), p.file)}: ${p.path || '(file)'}: ${p.message}`);
    console.error(`content:build failed: ${result.problems.length} problem(s); nothing was written`);
  } else {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const { changed, removed, full } = result.changes;
    const what = full ? 'every file read' : `${changed.length} changed, ${removed.length} removed`;
    const partners = Object.keys(result.partners).length;
    console.log(`built ${result.manifest.articles} articles and ${result.manifest.lists} headline lists into ${relative(process.cwd(), result.outDir)} in ${seconds}s (${what}), and ${partners} partner${partners === 1 ? '' : 's'}`);
  }
  return result;
}

