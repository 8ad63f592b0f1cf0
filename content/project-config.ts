/** What the content tools read from wrangler.toml, through wrangler's own parser. */
import { fileURLToPath } from 'node:url';
import { unstable_readConfig } from 'wrangler';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WRANGLER_CONFIG = `${PROJECT_ROOT}wrangler.toml`;
export const ARTICLES_DIR = `${PROJECT_ROOT}content/articles`;
export const BUILD_DIR = `${PROJECT_ROOT}.build/kv`;
export const KV_BINDING = 'ARTICLES';

/** The public site origin (`SITE_ORIGIN` in wrangler.toml) that canonical article URLs start with. */
export function siteOrigin(): string {
  const origin = unstable_readConfig({ config: WRANGLER_CONFIG }).vars['SITE_ORIGIN'];
  if (typeof origin !== 'string') throw new Error(`${WRANGLER_CONFIG}: [vars] SITE_ORIGIN is missing`);
  return origin.replace(/\/+$/, '');
}
