/**
 * npm run content:push -- --local | --remote [--persist-to DIR] [--force] [--allow-empty]
 *
 * Builds content/, then makes the KV namespace bound as ARTICLES hold exactly those records. `--force`
 * rewrites every record; `--allow-empty` lets an empty content/articles/ delete everything.
 */
import { parseArgs } from 'node:util';
import { buildAndReport } from '../build/report.ts';
import { WranglerFailed } from '../wrangler-cli.ts';
import { PushRefused, pushContent } from './push-content.ts';

const { values } = parseArgs({
  options: {
    local: { type: 'boolean', default: false },
    remote: { type: 'boolean', default: false },
    'persist-to': { type: 'string' },
    force: { type: 'boolean', default: false },
    'allow-empty': { type: 'boolean', default: false },
  },
});
if (values.local === values.remote) {
  console.error('usage: npm run content:push -- --local | --remote [--persist-to DIR] [--force] [--allow-empty]');
  process.exit(2);
}

const build = await buildAndReport();
if (!build.ok) process.exit(1);
const target = values.local ? 'local' : 'remote';
const report = await pushContent(build.outDir, build.manifest, {
  target,
  ...(values['persist-to'] !== undefined && { persistTo: values['persist-to'] }),
  rewriteAll: values.force,
  allowEmpty: values['allow-empty'],
  log: (line) => console.error(line),
}).catch((error: unknown) => {
  // The whole reason, as wrangler gave it, and no stack: what failed is wrangler's work, not this script.
  if (error instanceof PushRefused) console.error(`content:push refused: ${error.message}`);
  else if (error instanceof WranglerFailed) console.error(`content:push failed: ${error.message}`);
  else throw error;
  process.exit(1);
});
console.log(`pushed to ${target} KV: ${report.written} written, ${report.unchanged} unchanged, ${report.deleted} deleted`);
