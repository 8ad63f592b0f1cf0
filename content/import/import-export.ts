/**
 * Turns a newsroom export into article files. Re-importing the same export changes nothing: the slug comes
 * from the title, and fields an editor owns (section, dates, URL, image, tags…) are kept from an existing
 * file unless the command line sets them.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { ArticleInput, describeIssues } from '../schema.ts';
import { formatArticleFile, parseArticleFile } from '../article-file.ts';
import { type ExportProblem, parseExport } from './parse-export.ts';
import { slugify, toAsciiDigits } from './slugify.ts';
import { type JournalWriter, openJournal } from '../build/change-journal.ts';

export interface ImportOptions {
  /** Folder of article files. */
  outDir: string;
  /** Origin that canonical URLs of new articles start with (`<origin>/articles/<slug>`). */
  siteOrigin: string;
  /** Section of new articles, and of existing ones when given. Default `news`. */
  section?: string;
  /** Publication time of new articles, and of existing ones when given. Default: now, minus a second per
   * position in the export so the export's order is kept. */
  publishedAt?: string;
  /** Newsroom name of new articles, and of existing ones when given. Default `خبر`. */
  source?: string;
  /**
   * Mark every imported article `breaking: true` (first in its lists until two hours after `publishedAt`, unless
   * its file names another `breakingUntil`). Default false: an existing file keeps its own marking.
   */
  breaking?: boolean;
  /** The clock, for tests. */
  now?: () => Date;
  /** A build cache folder: the files written are recorded in its change journal (change-journal.ts), so the next
   * build of a large archive reads them without checking every file. */
  journalDir?: string;
}

export interface ImportReport {
  written: string[];
  unchanged: string[];
  problems: ExportProblem[];
}

const DEFAULTS = { section: 'news', source: 'خبر', lang: 'ar' } as const;

export async function importExport(text: string, options: ImportOptions): Promise<ImportReport> {
  await mkdir(options.outDir, { recursive: true });
  // Opened before the first write and closed after the last, even when a write fails.
  const journal = options.journalDir === undefined ? undefined : await openJournal(options.journalDir, options.outDir);
  try {
    return await importInto(text, options, journal);
  } finally {
    await journal?.close();
  }
}

async function importInto(text: string, options: ImportOptions, journal: JournalWriter | undefined): Promise<ImportReport> {
  const { articles, problems } = parseExport(text);
  const report: ImportReport = { written: [], unchanged: [], problems: [...problems] };
  const importedAt = Math.floor((options.now ?? (() => new Date()))().getTime() / 1000) * 1000;
  const publishedAt = options.publishedAt === undefined ? undefined : toAsciiDigits(options.publishedAt.trim());
  const taken = new Set<string>();
  await mkdir(options.outDir, { recursive: true });

  for (const [index, exported] of articles.entries()) {
    const slug = uniqueSlug(slugify(exported.title), taken);
    const file = join(options.outDir, `${slug}.md`);
    let kept: Record<string, unknown> = {};
    let before: string | undefined;
    if (existsSync(file)) {
      before = await readFile(file, 'utf8');
      try {
        kept = parseArticleFile(before);
      } catch (error) {
        report.problems.push({ line: exported.line, message: `${file} exists and cannot be read (${(error as Error).message}); left as it is` });
        continue;
      }
    }
    const candidate = {
      slug,
      title: exported.title,
      dek: exported.dek,
      lang: kept['lang'] ?? DEFAULTS.lang,
      dir: kept['dir'],
      section: options.section ?? kept['section'] ?? DEFAULTS.section,
      // New articles without --published-at: now, a second earlier for each one down the export, so lists
      // show them in the export's order.
      publishedAt: publishedAt ?? kept['publishedAt'] ?? new Date(importedAt - index * 1000).toISOString().replace('.000Z', 'Z'),
      updatedAt: kept['updatedAt'],
      url: kept['url'] ?? `${options.siteOrigin}/articles/${slug}`,
      source: options.source ?? kept['source'] ?? DEFAULTS.source,
      image: kept['image'],
      caption: exported.caption,
      body: exported.body,
      tags: kept['tags'],
      breaking: options.breaking ? true : kept['breaking'],
      breakingUntil: kept['breakingUntil'],
      withdrawn: kept['withdrawn'],
    };
    const checked = v.safeParse(ArticleInput, candidate);
    if (!checked.success) {
      const detail = describeIssues(checked.issues).map((p) => `${p.path}: ${p.message}`).join('; ');
      report.problems.push({ line: exported.line, message: `article "${exported.title}" is invalid: ${detail}` });
      continue;
    }
    // The file keeps what the editor wrote: `breakingUntil` only when written (the build adds the default).
    const { breakingUntil: _default, ...article } = checked.output;
    const text = formatArticleFile(candidate.breakingUntil === undefined ? article : checked.output);
    if (text === before) {
      report.unchanged.push(file);
    } else {
      journal?.add(`${slug}.md`);
      await writeFile(file, text);
      report.written.push(file);
    }
  }
  return report;
}

/** Two different articles with one title get `-2`, `-3`… in export order, so neither is lost. */
function uniqueSlug(slug: string, taken: Set<string>): string {
  let candidate = slug;
  for (let n = 2; taken.has(candidate); n += 1) candidate = `${slug}-${n}`;
  taken.add(candidate);
  return candidate;
}
