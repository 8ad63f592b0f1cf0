/**
 * What the content tools read from wrangler.toml. Wrangler's own parser is used where time does not matter; the push,
 * which should start in well under a second, reads the two fields it needs itself (loading wrangler costs about 1 s
 * and 150 MB here), and test/content checks that both readings agree.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WRANGLER_CONFIG = `${PROJECT_ROOT}wrangler.toml`;
export const ARTICLES_DIR = `${PROJECT_ROOT}content/articles`;
/** Partner files, `<id>.yaml`: the build reads them beside the articles (`partners` next to `articles`). */
export const PARTNERS_DIR = `${PROJECT_ROOT}content/partners`;
export const BUILD_DIR = `${PROJECT_ROOT}.build/kv`;
export const KV_BINDING = 'ARTICLES';

/** The public site origin (`SITE_ORIGIN` in wrangler.toml) that canonical article URLs start with. */
export function siteOrigin(): string {
  const { unstable_readConfig } = createRequire(import.meta.url)('wrangler') as typeof import('wrangler');
  const origin = unstable_readConfig({ config: WRANGLER_CONFIG }).vars['SITE_ORIGIN'];
  if (typeof origin !== 'string') throw new Error(`${WRANGLER_CONFIG}: [vars] SITE_ORIGIN is missing`);
  return origin.replace(/\/+$/, '');
}

/**
 * The id of the KV namespace bound as `ARTICLES` and the compatibility date: what names the local namespace's
 * storage. Reads `[[kv_namespaces]]` tables of `key = "string"` lines, as this project's wrangler.toml writes them.
 */
export function kvNamespaceConfig(config = WRANGLER_CONFIG): { id: string; compatibilityDate: string } {
  const text = readFileSync(config, 'utf8');
  const field = (body: string, name: string) => new RegExp(`^\\s*${name}\\s*=\\s*"([^"]*)"`, 'm').exec(body)?.[1];
  const top = text.split(/^\s*\[/m)[0]!;
  for (const table of text.split(/^\s*\[\[kv_namespaces\]\]\s*(?:#.*)?$/m).slice(1)) {
    const body = table.split(/^\s*\[/m)[0]!;
    const id = field(body, 'id');
    if (field(body, 'binding') === KV_BINDING && id) return { id, compatibilityDate: field(top, 'compatibility_date') ?? '2026-11-01' };
  }
  throw new Error(`${config}: no [[kv_namespaces]] entry with binding = "${KV_BINDING}" and an id`);
}
