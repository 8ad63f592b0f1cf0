/**
 * npm run content:push -- --local | --remote [--persist-to DIR]
 *
 * Builds content/, then makes the KV namespace bound as ARTICLES hold exactly those records.
 */
import { parseArgs } from 'node:util';
import { buildAndReport } from '../build/report.ts';
import { pushContent } from './push-content.ts';

const { values } = parseArgs({
  options: {
    local: { type: 'boolean', default: false },
    remote: { type: 'boolean', default: false },
    'persist-to': { type: 'string' },
  },
});
if (values.local === values.remote) {
  console.error('usage: npm run content:push -- --local | --remote [--persist-to DIR]');
  process.exit(2);
}

const build = await buildAndReport();
if (!build.ok) process.exit(1);
const target = values.local ? 'local' : 'remote';
const report = await pushContent(build.outDir, build.manifest, {
  target,
  ...(values['persist-to'] !== undefined && { persistTo: values['persist-to'] }),
  log: (line) => console.error(line),
});
console.log(`pushed to ${target} KV: ${report.written} written, ${report.unchanged} unchanged, ${report.deleted} deleted`);
