/**
 * Plain text as the schema keeps it: no control characters, nothing that is only invisible, and bidi
 * embeddings and isolates closed inside the field that opened them, so an unclosed U+202E in a title cannot
 * reverse the page's <title>, the card after it or the JSON consumer's own text.
 */

/** Characters that draw nothing: whitespace, Unicode's default-ignorables (zero-width, bidi controls, BOM,
 * soft hyphen, variation selectors, tag characters…) and the blank Braille pattern used to fake a name. */
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\u2800]/gu;

/** C0 and C1 controls other than tab and line breaks, and lone surrogates (not Unicode text at all). */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\p{Cs}/u;

const EMBEDDING_OPENERS = new Set(['\u202A', '\u202B', '\u202D', '\u202E']); // LRE RLE LRO RLO
const ISOLATE_OPENERS = new Set(['\u2066', '\u2067', '\u2068']); // LRI RLI FSI
const PDF = '\u202C';
const PDI = '\u2069';
const BIDI_SCOPED = /[\u202A-\u202E\u2066-\u2069]/u;

/** True when nothing would be seen once invisible characters are set aside. */
export function isInvisible(text: string): boolean {
  return text.replace(INVISIBLE, '') === '';
}

/** The first forbidden character as `U+XXXX`, or undefined. */
export function forbiddenCharacter(text: string): string | undefined {
  const found = FORBIDDEN.exec(text)?.[0];
  return found === undefined ? undefined : `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Closes what is left open at the end (innermost first) and drops closers that close nothing, following the
 * Unicode Bidirectional Algorithm's pairing (UAX #9, X6a–X7): a PDI also ends the embeddings opened inside
 * its isolate, and a PDF never ends an isolate. Balanced text comes back unchanged.
 */
export function balanceBidi(text: string): string {
  if (!BIDI_SCOPED.test(text)) return text;
  const open: Array<typeof PDF | typeof PDI> = [];
  let out = '';
  for (const char of text) {
    if (EMBEDDING_OPENERS.has(char)) open.push(PDF);
    else if (ISOLATE_OPENERS.has(char)) open.push(PDI);
    else if (char === PDF) {
      if (open.at(-1) !== PDF) continue;
      open.pop();
    } else if (char === PDI) {
      const isolate = open.lastIndexOf(PDI);
      if (isolate === -1) continue;
      while (open.length > isolate + 1) out += open.pop();
      open.pop();
    }
    out += char;
  }
  while (open.length > 0) out += open.pop();
  return out;
}
