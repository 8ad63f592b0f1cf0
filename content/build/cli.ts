/**
 * npm run content:build [-- --full | --scan | FILE…]
 *
 * Validates the files of content/articles/ that changed since the last build and writes the KV records to .build/kv/
 * (nothing is written when any article is invalid). Exits non-zero on any problem. Changed files are found by
 * checking every file's size and time, or in an archive of 20,000 articles or more from the change journal that
 * content:import and npm start keep (a file saved in place while neither ran: name it, or use `--scan`). `--full`
 * reads every file.
 */
import { parseArgs } from 'node:util';
import { articleNames, buildAndReport } from './report.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { full: { type: 'boolean', default: false }, scan: { type: 'boolean', default: false } },
});
const names = articleNames(positionals);
if (typeof names === 'string') {
  console.error(`${names}\nusage: npm run content:build [-- --full | --scan | FILE…]`);
  process.exit(2);
}
const result = await buildAndReport({ full: values.full, ...(values.scan && { find: 'scan' }), names });
if (!result.ok) process.exitCode = 1;
