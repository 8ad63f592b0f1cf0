/**
 * Reads the newsroom's plain-text export. Its format, as the exports show it:
 *
 *     title
 *     optional subtitle (one or more lines)
 *     TT
 *     title again
 *     optional photo caption (the export repeats it on two consecutive lines)
 *     body paragraphs, separated by one or more line breaks
 *
 * Articles are separated by runs of three or more blank lines. A caption can only be told from a body
 * paragraph by that repetition, so a caption printed once is imported as the first paragraph.
 */
import { toAsciiDigits } from './slugify.ts';

export interface ExportedArticle {
  /** 1-based line of the article's first line in the export. */
  line: number;
  title: string;
  dek?: string;
  caption?: string;
  body: string[];
}

export interface ExportProblem {
  line: number;
  message: string;
}

export interface ParsedExport {
  articles: ExportedArticle[];
  problems: ExportProblem[];
}

interface Line {
  number: number;
  text: string;
}

const MARKER = 'TT';
const SEPARATOR_BLANK_LINES = 3;

export function parseExport(text: string): ParsedExport {
  const articles: ExportedArticle[] = [];
  const problems: ExportProblem[] = [];
  for (const block of splitArticles(text)) {
    const result = parseArticle(block);
    if ('message' in result) problems.push(result);
    else articles.push(result);
  }
  return { articles, problems };
}

/** Splits on runs of blank lines; keeps the non-blank lines of each article with their line numbers. */
function splitArticles(text: string): Line[][] {
  const blocks: Line[][] = [];
  let current: Line[] = [];
  let blanks = 0;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim(); // exports pad lines with trailing spaces; inner spacing is the author's
    if (line === '') {
      blanks += 1;
      return;
    }
    if (blanks >= SEPARATOR_BLANK_LINES && current.length > 0) {
      blocks.push(current);
      current = [];
    }
    blanks = 0;
    current.push({ number: index + 1, text: line });
  });
  if (current.length > 0) blocks.push(current);
  return blocks;
}

function parseArticle(lines: Line[]): ExportedArticle | ExportProblem {
  const line = lines[0]!.number;
  const marker = lines.findIndex((l) => l.text === MARKER);
  if (marker === -1) return { line, message: `malformed article: no "${MARKER}" marker line` };
  if (marker === 0) return { line, message: `malformed article: no title before the "${MARKER}" marker line` };

  const title = lines[0]!.text;
  const dek = lines.slice(1, marker).map((l) => l.text).join(' ') || undefined;
  let rest = lines.slice(marker + 1);
  if (rest[0] && sameText(rest[0].text, title)) rest = rest.slice(1);

  let caption: string | undefined;
  if (rest.length >= 2 && rest[0]!.text === rest[1]!.text && rest[1]!.number === rest[0]!.number + 1) {
    caption = rest[0]!.text;
    let end = 1;
    while (rest[end] && rest[end]!.text === caption && rest[end]!.number === rest[end - 1]!.number + 1) end += 1;
    rest = rest.slice(end);
  }

  const body = rest.map((l) => l.text);
  if (body.length === 0) return { line, message: 'malformed article: no body paragraph' };
  const secondMarker = rest.find((l) => l.text === MARKER);
  if (secondMarker) {
    return {
      line,
      message: `malformed article: a second "${MARKER}" marker at line ${secondMarker.number}; articles must be separated by ${SEPARATOR_BLANK_LINES} or more blank lines`,
    };
  }
  return { line, title, ...(dek && { dek }), ...(caption && { caption }), body };
}

/** Equal but for digit forms, runs of white space and invisible direction marks. */
function sameText(a: string, b: string): boolean {
  const fold = (text: string) => toAsciiDigits(text).replace(/[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g, '').replace(/\s+/g, ' ');
  return fold(a) === fold(b);
}
