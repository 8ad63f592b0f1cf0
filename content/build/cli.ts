/**
 * npm run content:build [-- --full]
 *
 * Validates the files of content/articles/ that changed since the last build (all of them with `--full`, or when
 * there is no cache) and writes the KV records to .build/kv/ (nothing is written when any article is invalid).
 * Exits non-zero on any problem.
 */
import { parseArgs } from 'node:util';
import { buildAndReport } from './report.ts';

const { values } = parseArgs({ options: { full: { type: 'boolean', default: false } } });
const result = await buildAndReport({ full: values.full });
if (!result.ok) process.exitCode = 1;
