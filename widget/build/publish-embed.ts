/**
 * `npm run embed:publish -- --remote` (part of `npm run deploy`): archives the built embed in KV under its version,
 * so /embed/<version>.js keeps answering after later deploys and partners who pinned it with SRI keep working.
 * `--local` archives into the local KV that `npm start` uses.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KV_BINDING } from '../../content/project-config.ts';
import { embedKey } from '../../content/records.ts';
import { wrangler } from '../../content/wrangler-cli.ts';
import { DIST, type EmbedBuild } from './build-widget.ts';

const target = process.argv.includes('--remote') ? '--remote' : process.argv.includes('--local') ? '--local' : undefined;
if (!target) {
  console.error('usage: npm run embed:publish -- --remote | --local');
  process.exit(2);
}
const embed = JSON.parse(await readFile(join(DIST, 'embed/embed.json'), 'utf8')) as EmbedBuild;
await wrangler(['kv', 'key', 'put', embedKey(embed.version), '--path', join(DIST, 'embed/embed.js'), '--binding', KV_BINDING, target]);
console.log(`archived embed ${embed.version} (${target.slice(2)}): /embed/${embed.version}.js stays served after later deploys`);
