/**
 * npm run content:push -- --local | --remote [--persist-to DIR] [--full | --scan] [--allow-empty] [FILE…]
 *
 * Builds content/ (incrementally: changed files found as content:build finds them, FILEs named included), then sends what changed here since this machine's last push to the KV namespace
 * bound as ARTICLES: new and edited articles written, removed ones deleted, lists updated. `--full` rebuilds every
 * file, lists the whole namespace, reports drift from its manifest and makes it hold exactly content/ (other
 * editors' stories not in content/ included: they are deleted). `--allow-empty` lets a push leave no articles.
 */
import { parseArgs } from 'node:util';
import { articleNames, buildAndReport } from '../build/report.ts';
import { WranglerFailed } from '../wrangler-cli.ts';
import { PushRefused, pushContent } from './push-content.ts';

const USAGE = 'usage: npm run content:push -- --local | --remote [--persist-to DIR] [--full | --scan] [--allow-empty] [FILE…]';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    scan: { type: 'boolean', default: false },
    local: { type: 'boolean', default: false },
    remote: { type: 'boolean', default: false },
    'persist-to': { type: 'string' },
    full: { type: 'boolean', default: false },
    'allow-empty': { type: 'boolean', default: false },
  },
});
const names = articleNames(positionals);
if (values.local === values.remote || typeof names === 'string') {
  console.error(typeof names === 'string' ? `${names}\n${USAGE}` : USAGE);
  process.exit(2);
}

const build = await buildAndReport({ full: values.full, keys: false, ...(values.scan && { find: 'scan' }), names });
if (!build.ok) process.exit(1);
const target = values.local ? 'local' : 'remote';
const report = await pushContent(build, {
  target,
  ...(values['persist-to'] !== undefined && { persistTo: values['persist-to'] }),
  full: values.full,
  allowEmpty: values['allow-empty'],
  log: (line: string) => console.error(line),
}).catch((error: unknown) => {
  // The whole reason, as wrangler gave it, and no stack: what failed is wrangler's work, not this script.
  if (error instanceof PushRefused) console.error(`content:push refused: ${error.message}`);
  else if (error instanceof WranglerFailed) console.error(`content:push failed: ${error.message}`);
  else throw error;
  process.exit(1);
});
console.log(`pushed to ${target} KV: ${report.written} written, ${report.unchanged} unchanged, ${report.deleted} deleted`);
console.log(report.version === undefined ? 'content state unchanged: nothing to purge' : `content state ${report.version}; ${report.purge?.message ?? ''}`);
