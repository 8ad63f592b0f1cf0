/**
 * npm run content:import -- <export.txt> [--section S] [--published-at ISO] [--source NAME] [--breaking] [--out DIR]
 *
 * Writes one Markdown file per article of a newsroom export into content/articles/. Malformed articles are
 * reported with their line in the export and skipped; exits non-zero only when nothing could be imported.
 */
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ARTICLES_DIR, BUILD_DIR, siteOrigin } from '../project-config.ts';
import { defaultCacheDir } from '../build/build-content.ts';
import { importExport } from './import-export.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    section: { type: 'string' },
    'published-at': { type: 'string' },
    source: { type: 'string' },
    breaking: { type: 'boolean', default: false },
    out: { type: 'string', default: ARTICLES_DIR },
  },
});

const [exportFile] = positionals;
if (!exportFile || positionals.length > 1) {
  console.error('usage: npm run content:import -- <export.txt> [--section S] [--published-at ISO] [--source NAME] [--breaking] [--out DIR]');
  process.exit(2);
}

const report = await importExport(await readFile(exportFile, 'utf8'), {
  outDir: values.out,
  siteOrigin: siteOrigin(),
  ...(values.section !== undefined && { section: values.section }),
  ...(values['published-at'] !== undefined && { publishedAt: values['published-at'] }),
  ...(values.source !== undefined && { source: values.source }),
  breaking: values.breaking,
  // Into content/articles/: the files written go into the change journal its builds read (not for another --out).
  ...(resolve(values.out) === resolve(ARTICLES_DIR) && { journalDir: defaultCacheDir(BUILD_DIR) }),
});

for (const file of report.written) console.log(`wrote     ${relative(process.cwd(), file)}`);
for (const file of report.unchanged) console.log(`unchanged ${relative(process.cwd(), file)}`);
for (const problem of report.problems) console.error(`${exportFile}:${problem.line}: ${problem.message}`);
const imported = report.written.length + report.unchanged.length;
console.log(`${imported} imported, ${report.problems.length} skipped`);
if (imported === 0) process.exitCode = 1;
