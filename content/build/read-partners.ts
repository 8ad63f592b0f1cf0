/**
 * Reads and validates `content/partners/<id>.yaml`: every file, every build (a newsroom has tens of partners, not
 * thousands). Problems are `file: field: message`, as for articles; a missing folder means no partners.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { parse } from 'yaml';
import { PARTNER_ID_PATTERN, PARTNER_LIMITS, type PartnerMap, type PartnerRecord, PartnerInput } from '../partner-schema.ts';
import { describeIssues } from '../schema.ts';
import type { FileProblem } from './build-content.ts';

const EXTENSION = '.yaml';

export async function readPartners(partnersDir: string): Promise<{ partners: PartnerMap; problems: FileProblem[] }> {
  const partners: Record<string, PartnerRecord> = {};
  const problems: FileProblem[] = [];
  let names: string[];
  try {
    names = (await readdir(partnersDir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { partners, problems };
    throw error;
  }
  // Editors' swap and backup files (`.acme.yaml.swp`, `acme.yaml~`) are not partners; a `.yml` or `ACME.yaml` is
  // meant to be one and is refused with its right name rather than silently left out.
  const candidates = names.filter((name) => !name.startsWith('.') && /\.ya?ml$/i.test(name));
  if (candidates.length > PARTNER_LIMITS.partners) {
    problems.push({ file: partnersDir, path: '', message: `holds ${candidates.length} partner files: at most ${PARTNER_LIMITS.partners}` });
    return { partners, problems };
  }
  for (const name of candidates) {
    const file = join(partnersDir, name);
    const id = name.replace(/\.ya?ml$/i, '');
    const problem = (path: string, message: string) => void problems.push({ file, path, message });
    if (!name.endsWith(EXTENSION)) {
      problem('', `partner files are named <id>.yaml: rename it ${id.toLowerCase()}${EXTENSION}`);
      continue;
    }
    if (!PARTNER_ID_PATTERN.test(id)) {
      const hint = PARTNER_ID_PATTERN.test(id.toLowerCase()) ? ` (rename it ${id.toLowerCase()}${EXTENSION})` : '';
      problem('', `the file name is the partner's id, which must be 1-40 lowercase ASCII letters, digits and hyphens${hint}`);
      continue;
    }
    const { size } = await stat(file);
    if (size > PARTNER_LIMITS.fileBytes) {
      problem('', `must be at most ${PARTNER_LIMITS.fileBytes} bytes (got ${size})`);
      continue;
    }
    let fields: unknown;
    try {
      fields = parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
    } catch (error) {
      problem('', `is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
      problem('', 'must be a mapping of field names to values (name, status, origins, defaults)');
      continue;
    }
    if ('id' in fields) {
      problem('id', `comes from the file name (${id}): leave it out`);
      continue;
    }
    const result = v.safeParse(PartnerInput, fields);
    if (!result.success) {
      for (const issue of describeIssues(result.issues)) problem(issue.path, unknownFieldHint(issue.message));
      continue;
    }
    const { name: partnerName, status, origins, defaults } = result.output;
    partners[id] = { id, name: partnerName, status, ...(origins && { origins }), ...(defaults && { defaults }) };
  }
  return { partners, problems };
}

/** valibot's own words (`Invalid key: Expected never but received "nmae"`) say little to an editor. */
function unknownFieldHint(message: string): string {
  if (message.startsWith('Invalid key: Expected never')) return 'is not a field of a partner (name, status, origins, defaults; defaults: section, limit, theme, lang)';
  if (message.startsWith('Invalid key')) return 'is missing';
  if (message.startsWith('Invalid type: Expected Object')) return 'must be a mapping of section, limit, theme and lang';
  if (message.startsWith('Invalid type: Expected string')) return 'must be text';
  return message;
}
