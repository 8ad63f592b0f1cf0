/**
 * One article per Markdown file: YAML front matter for the fields, then the body as paragraphs separated by
 * blank lines. Lines within a paragraph are joined with a space; the body is plain text, never HTML.
 */
import { parse, stringify } from 'yaml';
import type { ArticleInput } from './schema.ts';

export class ArticleFileError extends Error {}

/** Front matter fields plus `body`, not yet validated: `ArticleInput` decides what is acceptable. */
export function parseArticleFile(text: string): Record<string, unknown> {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const match = /^---\n([\s\S]*?)\n---(?:\n|$)([\s\S]*)$/.exec(normalized);
  if (!match) throw new ArticleFileError('must start with YAML front matter between two "---" lines');
  let fields: unknown;
  try {
    fields = parse(match[1]!);
  } catch (error) {
    throw new ArticleFileError(`front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw new ArticleFileError('front matter must be a mapping of field names to values');
  }
  if ('body' in fields) throw new ArticleFileError('"body" belongs below the front matter, not in it');
  const body = match[2]!
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.split('\n').map((line) => line.trim()).filter(Boolean).join(' '))
    .filter(Boolean);
  return { ...fields, body };
}

/** Field order in the front matter: as an editor reads them. */
const FIELD_ORDER = [
  'slug', 'title', 'dek', 'lang', 'dir', 'section', 'publishedAt', 'updatedAt',
  'url', 'source', 'image', 'caption', 'tags', 'breaking', 'breakingUntil', 'withdrawn',
] as const satisfies ReadonlyArray<Exclude<keyof ArticleInput, 'body'>>;

export function formatArticleFile(article: ArticleInput): string {
  const fields: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) if (article[key] !== undefined) fields[key] = article[key];
  const frontMatter = stringify(fields, { lineWidth: 0 });
  return `---\n${frontMatter}---\n\n${article.body.join('\n\n')}\n`;
}
